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

    /// <summary>
    /// Refuses, before any decode buffer is allocated, stored bytes that cannot decode to <paramref name="chunkBytes"/>: the
    /// size a frame declares (raw length, lz4 prefix, blosc header, zstd frame) must match, and no codec may expand more
    /// than its format can (deflate 1032:1, lz4 and blosclz 255:1, zstd 32768:1 per 128 KiB block). So a .zarray claiming
    /// huge chunks cannot make a tiny chunk file allocate gigabytes.
    /// </summary>
    public static void CheckSize(IChunkCodec codec, ReadOnlySpan<byte> encoded, long chunkBytes, string where)
    {
        long? declared = codec switch
        {
            NoCompression => encoded.Length,
            Lz4Codec when encoded.Length >= 4 => BinaryPrimitives.ReadInt32LittleEndian(encoded),
            BloscCodec when encoded.Length >= BloscCodec.HeaderSize => BinaryPrimitives.ReadInt32LittleEndian(encoded[4..]),
            _ => null,
        };
        if (declared is { } d && d != chunkBytes) throw SizeMismatch(where, d, chunkBytes);
        long limit = codec switch
        {
            NoCompression => encoded.Length,
            Lz4Codec => 255L * encoded.Length,
            BloscCodec => BloscCodec.MaxDecodedBytes(encoded),
            ZstdCodec => ZstdCodec.MaxDecodedBytes(encoded),
            DeflateFamilyCodec => 1032L * encoded.Length,
            _ => long.MaxValue,
        };
        if (chunkBytes > limit)
            throw Corrupt(where, $"{encoded.Length} stored bytes cannot decode to the {chunkBytes} bytes of a chunk (this frame holds at most {limit})");
    }

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

    /// <summary>Upper bound of what a zstd frame decodes to: its content size, or 128 KiB per block; 0 if the frame is malformed.</summary>
    internal static unsafe long MaxDecodedBytes(ReadOnlySpan<byte> encoded)
    {
        fixed (byte* p = encoded)
        {
            ulong bound = ZstdSharp.Unsafe.Methods.ZSTD_decompressBound(p, (nuint)encoded.Length);
            // ZSTD_CONTENTSIZE_ERROR (2^64 - 2) marks a malformed frame.
            return bound >= ulong.MaxValue - 1 ? 0 : (long)Math.Min(bound, long.MaxValue);
        }
    }

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
        // An empty span pins to a null pointer, which UnmanagedMemoryStream refuses with ArgumentNullException.
        if (encoded.IsEmpty) throw ChunkCodecs.Corrupt(where, $"{(gzip ? "gzip" : "zlib")}: no compressed data");
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
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // IOException: the input is in memory, so it can only be System.IO.Compression's internal ZLibException for
            // zlib codes .NET does not map to InvalidDataException, e.g. Z_NEED_DICT for a stream naming a preset
            // dictionary (FDICT), which numcodecs never writes.
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
