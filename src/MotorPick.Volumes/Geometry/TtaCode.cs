using MotorPick.Core;
using MotorPick.Formats.Geometry;

namespace MotorPick.Volumes.Geometry;

/// <summary>
/// A test-time augmentation of the reference (<c>build_tta(code, ori_dims="zyx")</c>, docs/reference.md 5.5): code
/// <c>&lt;perm&gt;[_&lt;flips&gt;]</c>. The permutation "zxy" is <c>rot90(k=1)</c> in the (y, x) plane,
/// <c>out[z][i][j] = in[z][j][X-1-i]</c> (output shape (Z, X, Y)); flip letters name axis positions 0/1/2 of the
/// already permuted array and are applied after it. <see cref="Invert{T}"/> undoes the flips, then rotates back
/// (<c>rot90(k=3)</c>); it is exact for any array, so it also inverts heatmaps at any stride.
/// </summary>
public sealed class TtaCode
{
    /// <summary>The 16 codes: zyx|zxy x {none, x, y, z, xy, xz, yz, xyz}.</summary>
    public static IReadOnlyList<string> AllCodes { get; } =
        (from perm in new[] { "zyx", "zxy" }
         from flips in new[] { "", "x", "y", "z", "xy", "xz", "yz", "xyz" }
         select flips.Length == 0 ? perm : perm + "_" + flips).ToArray();

    /// <summary>
    /// Named sets a TTA list may use in place of codes: <c>all</c>, the 16 codes round 1 averaged (reference 6.1), and
    /// <c>ref5</c>, the five each model of the round-2 and external ensembles ran (reference 6.4).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NamedSets { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["all"] = AllCodes,
        ["ref5"] = ["zyx", "zxy", "zyx_x", "zyx_y", "zyx_z"],
    };

    private TtaCode(string code, bool rotate, bool flipZ, bool flipY, bool flipX)
    {
        Code = code;
        Rotate = rotate;
        FlipZ = flipZ;
        FlipY = flipY;
        FlipX = flipX;
    }

    public string Code { get; }

    /// <summary>True for the "zxy" permutation.</summary>
    public bool Rotate { get; }

    /// <summary>Flip of axis position 0 (after the permutation).</summary>
    public bool FlipZ { get; }

    /// <summary>Flip of axis position 1 (after the permutation).</summary>
    public bool FlipY { get; }

    /// <summary>Flip of axis position 2 (after the permutation).</summary>
    public bool FlipX { get; }

    public bool IsIdentity => !Rotate && !FlipZ && !FlipY && !FlipX;

    public static TtaCode Identity { get; } = Parse("zyx");

    public override string ToString() => Code;

    /// <summary>Parses a code such as <c>zyx</c>, <c>zxy_z</c> or <c>zyx_xyz</c>.</summary>
    public static TtaCode Parse(string code)
    {
        var parts = code.Trim().Split('_');
        var perm = parts[0];
        var flips = parts.Length == 2 ? parts[1] : "";
        var valid = parts.Length <= 2 && perm is "zyx" or "zxy"
            && (parts.Length == 1 || flips.Length > 0)
            && flips.All(c => c is 'x' or 'y' or 'z') && flips.Distinct().Count() == flips.Length;
        if (!valid)
            throw new MotorPickException(
                $"unknown TTA code '{code}': expected zyx or zxy, optionally followed by _ and distinct flip axes from xyz (e.g. zxy_z), or a named set ({string.Join(", ", NamedSets.Keys)}); known codes: {string.Join(",", AllCodes)}",
                field: "tta");
        return new TtaCode(code.Trim(), perm == "zxy", flips.Contains('z'), flips.Contains('y'), flips.Contains('x'));
    }

    /// <summary>Parses a comma-separated list (<c>zyx,zxy</c>); a named set (<c>all</c>, <c>ref5</c>) stands for its codes, in their order.</summary>
    public static IReadOnlyList<TtaCode> ParseList(string codes) =>
        ExpandList(codes).Select(Parse).ToArray();

    /// <summary>The codes of a comma-separated list with every named set replaced by its codes (unchecked otherwise).</summary>
    public static IReadOnlyList<string> ExpandList(string codes) =>
        codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(c => NamedSets.TryGetValue(c, out var set) ? set : [c]).ToArray();

    /// <summary>Shape of the transformed array.</summary>
    public VolumeShape TransformedShape(VolumeShape input) => Rotate ? new VolumeShape(input.Z, input.X, input.Y) : input;

    /// <summary>Shape of the array that <see cref="Invert{T}"/> returns for a transformed array of <paramref name="transformed"/> shape.</summary>
    public VolumeShape InvertedShape(VolumeShape transformed) => Rotate ? new VolumeShape(transformed.Z, transformed.X, transformed.Y) : transformed;

    /// <summary>
    /// Where the point (z, y, x) of a (d, h, w) array lands after the transform (continuous coordinates, voxel centres
    /// at integers): training moves its keypoints with it, so the array and point mappings agree voxel for voxel.
    /// </summary>
    public (double Z, double Y, double X) MapPoint(double z, double y, double x, int d, int h, int w)
    {
        // rotation first: (z, y, x) -> (z, X-1-x, y) in a (d, w, h) array
        double oz = z, oy = y, ox = x;
        int oh = h, ow = w;
        if (Rotate) { oy = w - 1 - x; ox = y; oh = w; ow = h; }
        if (FlipZ) oz = d - 1 - oz;
        if (FlipY) oy = oh - 1 - oy;
        if (FlipX) ox = ow - 1 - ox;
        return (oz, oy, ox);
    }

    /// <summary>Writes the transform of <paramref name="input"/> (shape <paramref name="shape"/>) into <paramref name="output"/>.</summary>
    public void Apply<T>(ReadOnlySpan<T> input, VolumeShape shape, Span<T> output)
    {
        Check(input.Length, output.Length, shape);
        for (var z = 0; z < shape.Z; z++) ApplyPlane(input, shape, output, z);
    }

    /// <summary><see cref="Apply{T}(ReadOnlySpan{T}, VolumeShape, Span{T})"/> with output planes in parallel.</summary>
    public void Apply<T>(T[] input, VolumeShape shape, T[] output, ParallelOptions parallel)
    {
        Check(input.Length, output.Length, shape);
        Parallel.For(0, shape.Z, parallel, z => ApplyPlane<T>(input, shape, output, z));
    }

    /// <summary>Output plane <paramref name="z"/> of the transform.</summary>
    private void ApplyPlane<T>(ReadOnlySpan<T> input, VolumeShape shape, Span<T> output, int z)
    {
        var o = TransformedShape(shape);
        // output[z][i][j] = rotated[fz(z)][fi(i)][fj(j)], rotated[z][i][j] = input[z][j][X-1-i] (or input itself).
        var sz = FlipZ ? o.Z - 1 - z : z;
        for (var i = 0; i < o.Y; i++)
        {
            var si = FlipY ? o.Y - 1 - i : i;
            var dst = output.Slice((int)(((long)z * o.Y + i) * o.X), o.X);
            if (!Rotate)
            {
                var src = input.Slice((int)(((long)sz * shape.Y + si) * shape.X), shape.X);
                if (FlipX) for (var j = 0; j < o.X; j++) dst[j] = src[o.X - 1 - j];
                else src.CopyTo(dst);
            }
            else
            {
                // rotated[sz][si][sj] = input[sz][sj][X-1-si]: a column of the input plane.
                var plane = input.Slice((int)((long)sz * shape.Y * shape.X), shape.Y * shape.X);
                var col = shape.X - 1 - si;
                for (var j = 0; j < o.X; j++)
                {
                    var sj = FlipX ? o.X - 1 - j : j;
                    dst[j] = plane[sj * shape.X + col];
                }
            }
        }
    }

    /// <summary>Undoes <see cref="Apply{T}"/>: <paramref name="transformed"/> has shape <paramref name="transformedShape"/>.</summary>
    public void Invert<T>(ReadOnlySpan<T> transformed, VolumeShape transformedShape, Span<T> output)
    {
        var o = InvertedShape(transformedShape);
        Check(transformed.Length, output.Length, o);
        // output[z][y][x] = transformed[fz(z)][fi(i)][fj(j)] where (i, j) = (X-1-x, y) for the rotation, else (y, x).
        var t = transformedShape;
        for (var z = 0; z < o.Z; z++)
        {
            var tz = FlipZ ? t.Z - 1 - z : z;
            var plane = transformed.Slice((int)((long)tz * t.Y * t.X), t.Y * t.X);
            for (var y = 0; y < o.Y; y++)
            {
                var dst = output.Slice((int)(((long)z * o.Y + y) * o.X), o.X);
                for (var x = 0; x < o.X; x++)
                {
                    int i = Rotate ? o.X - 1 - x : y, j = Rotate ? y : x;
                    if (FlipY) i = t.Y - 1 - i;
                    if (FlipX) j = t.X - 1 - j;
                    dst[x] = plane[i * t.X + j];
                }
            }
        }
    }

    private static void Check(int inputLength, int outputLength, VolumeShape shape)
    {
        if (inputLength != shape.VoxelCount || outputLength != shape.VoxelCount)
            throw new ArgumentException($"TTA on shape {shape} needs {shape.VoxelCount} values in and out, got {inputLength} and {outputLength}");
    }
}
