using System.Buffers.Binary;
using System.IO.Compression;
using K4os.Compression.LZ4;
using MotorPick.Core;

namespace MotorPick.Formats.Zarr;

/// <summary>Decodes one stored chunk into exactly the decompressed chunk size.</summary>
public interface IChunkCodec
{
    /// <summary>
    /// Decodes <paramref name="encoded"/> into <paramref name="decoded"/>, which has the exact decompressed size; throws a
    /// <see cref="MotorPickException"/> naming <paramref name="where"/> (the chunk's location) if the data are corrupt or of the wrong size.
    /// </summary>
    void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded, string where);
}

/// <summary>The numcodecs compressors MotorPick reads: blosc, zstd, gzip, zlib, lz4, or none.</summary>
public static class ChunkCodecs
{
    /// <summary>The codec for a .zarray compressor entry (null = uncompressed).</summary>
    public static IChunkCodec For(ZarrCompressorSpec? spec, string where) => spec?.Id switch
    {
        null => NoCompression.Instance,
        "blosc" => BloscCodec.Instance,
        "zstd" => ZstdCodec.Instance,
        "gzip" => new DeflateFamilyCodec(gzip: true),
        "zlib" => new DeflateFamilyCodec(gzip: false),
        "lz4" => Lz4Codec.Instance,
        var id => throw new MotorPickException($"compressor '{id}' is not supported (supported: blosc, zstd, gzip, zlib, lz4, none)", where, field: "compressor"),
    };

    internal static MotorPickException SizeMismatch(string where, long got, long expected) =>
        new($"corrupt chunk: decompressed to {got} bytes, expected {expected} (chunk shape x dtype size)", where);

    internal static MotorPickException Corrupt(string where, string what, Exception? inner = null) =>
        new($"corrupt chunk: {what}", where, inner: inner);
}

/// <summary>Uncompressed chunks.</summary>
public sealed class NoCompression : IChunkCodec
{
    public static readonly NoCompression Instance = new();

    public void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded, string where)
    {
        if (encoded.Length != decoded.Length) throw ChunkCodecs.SizeMismatch(where, encoded.Length, decoded.Length);
        encoded.CopyTo(decoded);
    }
}

/// <summary>numcodecs Zstd: one zstd frame (ZstdSharp.Port, managed).</summary>
public sealed class ZstdCodec : IChunkCodec
{
    public static readonly ZstdCodec Instance = new();

    [ThreadStatic] private static ZstdSharp.Decompressor? _decompressor;

    public void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded, string where) =>
        DecodeInto(encoded, decoded, where, exact: true);

    /// <summary>Decompresses a zstd frame; with <paramref name="exact"/> the output must fill <paramref name="decoded"/>.</summary>
    internal static int DecodeInto(ReadOnlySpan<byte> encoded, Span<byte> decoded, string where, bool exact)
    {
        var d = _decompressor ??= new ZstdSharp.Decompressor();
        int n;
        try
        {
            n = d.Unwrap(encoded, decoded);
        }
        catch (Exception ex) when (ex is ZstdSharp.ZstdException or ArgumentException or InvalidOperationException)
        {
            _decompressor = null;
            throw ChunkCodecs.Corrupt(where, $"zstd: {ex.Message}", ex);
        }
        if (exact && n != decoded.Length) throw ChunkCodecs.SizeMismatch(where, n, decoded.Length);
        return n;
    }
}

/// <summary>numcodecs GZip (gzip member) and Zlib (zlib stream), with System.IO.Compression.</summary>
public sealed class DeflateFamilyCodec(bool gzip) : IChunkCodec
{
    public void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded, string where) => DecodeInto(encoded, decoded, where, gzip, exact: true);

    internal static unsafe int DecodeInto(ReadOnlySpan<byte> encoded, Span<byte> decoded, string where, bool gzip, bool exact)
    {
        try
        {
            fixed (byte* p = encoded)
            {
                using var input = new UnmanagedMemoryStream(p, encoded.Length);
                using Stream z = gzip ? new GZipStream(input, CompressionMode.Decompress) : new ZLibStream(input, CompressionMode.Decompress);
                int total = 0;
                while (total < decoded.Length)
                {
                    int got = z.Read(decoded[total..]);
                    if (got == 0) break;
                    total += got;
                }
                if (exact)
                {
                    if (total < decoded.Length) throw ChunkCodecs.SizeMismatch(where, total, decoded.Length);
                    Span<byte> probe = stackalloc byte[1];
                    if (z.Read(probe) != 0) throw ChunkCodecs.Corrupt(where, $"{(gzip ? "gzip" : "zlib")} data decompress to more than the {decoded.Length} bytes of a chunk");
                }
                return total;
            }
        }
        catch (InvalidDataException ex)
        {
            throw ChunkCodecs.Corrupt(where, $"{(gzip ? "gzip" : "zlib")}: {ex.Message}", ex);
        }
    }
}

/// <summary>numcodecs LZ4: a little-endian int32 of the decompressed size, then one LZ4 block.</summary>
public sealed class Lz4Codec : IChunkCodec
{
    public static readonly Lz4Codec Instance = new();

    public void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded, string where)
    {
        if (encoded.Length < 4) throw ChunkCodecs.Corrupt(where, "lz4 chunk shorter than its 4-byte size header");
        int size = BinaryPrimitives.ReadInt32LittleEndian(encoded);
        if (size != decoded.Length) throw ChunkCodecs.SizeMismatch(where, size, decoded.Length);
        int n = LZ4Codec.Decode(encoded[4..], decoded);
        if (n != decoded.Length) throw ChunkCodecs.Corrupt(where, "lz4 block does not decode to the declared size");
    }
}
