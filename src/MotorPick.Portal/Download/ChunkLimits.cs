using MotorPick.Core;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Zarr;
using MotorPick.Portal.Api;

namespace MotorPick.Portal.Download;

/// <summary>
/// What a zarr array's metadata allows a server to send: how many chunks there are (refused above
/// <see cref="PortalLimits.MaxChunksPerArray"/> before a key is listed) and how large one stored chunk can be.
/// </summary>
public static class ChunkLimits
{
    /// <summary>Chunks of <paramref name="array"/>, computed without overflow (saturates at long.MaxValue).</summary>
    public static long Count(ZarrArray array)
    {
        var g = array.ChunkGrid;
        var n = (Int128)g.Z * g.Y * g.X; // each factor is below 2^31: the product fits Int128 exactly
        return n > long.MaxValue ? long.MaxValue : (long)n;
    }

    /// <summary>Throws a <see cref="MotorPickException"/> naming the array when it has more chunks than <paramref name="max"/>.</summary>
    public static void Check(ZarrArray array, long max = PortalLimits.MaxChunksPerArray)
    {
        var n = Count(array);
        if (n <= max) return;
        var g = array.ChunkGrid;
        var count = n == long.MaxValue ? "more than 9.2e18" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        throw new MotorPickException($"the array of shape {array.Shape.Z}x{array.Shape.Y}x{array.Shape.X} in chunks of " +
            $"{array.ChunkShape.Z}x{array.ChunkShape.Y}x{array.ChunkShape.X} has {g.Z}x{g.Y}x{g.X} = {count} chunks, more than the {max} accepted; " +
            "nothing is downloaded for this run", array.Store.Describe(array.ArrayPath.Length == 0 ? ".zarray" : array.ArrayPath + "/.zarray"), field: "shape");
    }

    /// <summary>The most bytes one stored chunk of <paramref name="array"/> may have: its decoded size plus the worst-case
    /// growth of the supported compressors (zstd, lz4, blosc and deflate add well under 1 % and a header when data
    /// does not compress), with room to spare.</summary>
    public static SizeLimit For(ZarrArray array)
    {
        var raw = array.Metadata.ChunkBytes;
        var bound = raw > long.MaxValue / 2 ? long.MaxValue : raw + raw / 128 + (64 << 10);
        return new SizeLimit(bound, $"the largest stored size of a {array.ChunkShape.Z}x{array.ChunkShape.Y}x{array.ChunkShape.X} " +
            $"{array.VoxelType.NumpyName()} chunk ({raw} bytes decoded)");
    }
}
