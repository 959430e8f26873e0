using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;
using MotorPick.Core;

namespace MotorPick.Formats.Zarr;

/// <summary>
/// Managed reader of c-blosc 1.x frames (what numcodecs' Blosc writes): the 16-byte header (version, versionlz,
/// flags, typesize, nbytes, blocksize, cbytes), the block-start table, per-block split streams, and the filters
/// byte-shuffle, bit-shuffle and memcpyed. Inner codecs: lz4/lz4hc (K4os), zstd (ZstdSharp), zlib
/// (System.IO.Compression) and blosclz (<see cref="BloscLz"/>). Snappy is refused.
/// </summary>
public sealed class BloscCodec : IChunkCodec
{
    public static readonly BloscCodec Instance = new();

    internal const int HeaderSize = 16;
    internal const byte FlagShuffle = 0x01;
    internal const byte FlagMemcpyed = 0x02;
    internal const byte FlagBitShuffle = 0x04;
    internal const byte FlagDontSplit = 0x10;
    internal const int FormatBloscLz = 0, FormatLz4 = 1, FormatSnappy = 2, FormatZlib = 3, FormatZstd = 4;
    private const int MaxSplits = 16;
    private const int MinBufferSize = 128;

    /// <summary>Name of the inner compressor code stored in flag bits 5-7.</summary>
    public static string CompressorName(int format) => format switch
    {
        FormatBloscLz => "blosclz",
        FormatLz4 => "lz4",
        FormatSnappy => "snappy",
        FormatZlib => "zlib",
        FormatZstd => "zstd",
        _ => $"code {format}",
    };

    /// <summary>
    /// Upper bound of what a frame can decode to, from its stored size: memcpyed frames store their data whole; compressed
    /// streams expand at most 255:1 with blosclz/lz4, 1032:1 with zlib, 32768:1 with zstd.
    /// </summary>
    internal static long MaxDecodedBytes(ReadOnlySpan<byte> src)
    {
        if (src.Length < HeaderSize) return 0;
        byte flags = src[2];
        long ratio = (flags & FlagMemcpyed) != 0 ? 1 : (flags >> 5) switch
        {
            FormatZlib => 1032,
            FormatZstd => 32768,
            _ => 255,
        };
        return ratio * (src.Length - HeaderSize);
    }

    public void Decode(ReadOnlySpan<byte> src, Span<byte> dst, string where)
    {
        if (src.Length < HeaderSize) throw ChunkCodecs.Corrupt(where, $"blosc frame of {src.Length} bytes is shorter than its 16-byte header");
        byte version = src[0];
        byte flags = src[2];
        int typesize = src[3];
        int nbytes = BinaryPrimitives.ReadInt32LittleEndian(src[4..]);
        int blocksize = BinaryPrimitives.ReadInt32LittleEndian(src[8..]);
        int cbytes = BinaryPrimitives.ReadInt32LittleEndian(src[12..]);
        if (version is 0 or > 2)
            throw ChunkCodecs.Corrupt(where, $"blosc format version {version} is not a blosc1 frame (versions 1-2)");
        if (cbytes != src.Length)
            throw ChunkCodecs.Corrupt(where, $"blosc header says {cbytes} compressed bytes but the chunk has {src.Length} (truncated or padded chunk)");
        if (nbytes != dst.Length) throw ChunkCodecs.SizeMismatch(where, nbytes, dst.Length);
        if (nbytes == 0) return;
        if ((flags & FlagMemcpyed) != 0)
        {
            if (src.Length < HeaderSize + nbytes) throw ChunkCodecs.Corrupt(where, "memcpyed blosc frame is shorter than its data");
            src.Slice(HeaderSize, nbytes).CopyTo(dst);
            return;
        }
        if (typesize <= 0) throw ChunkCodecs.Corrupt(where, "blosc typesize is 0");
        if (blocksize <= 0)
            throw ChunkCodecs.Corrupt(where, $"blosc blocksize {blocksize} is invalid for {nbytes} bytes");
        int format = flags >> 5;
        bool shuffle = (flags & FlagShuffle) != 0 && typesize > 1;
        bool bitShuffle = (flags & FlagBitShuffle) != 0 && blocksize >= typesize;
        bool dontSplit = (flags & FlagDontSplit) != 0;
        if (format is not (FormatBloscLz or FormatLz4 or FormatZlib or FormatZstd))
            throw new MotorPickException($"blosc inner compressor {CompressorName(format)} is not supported (blosclz, lz4, lz4hc, zlib, zstd are)", where);

        int nblocks = nbytes / blocksize;
        int leftover = nbytes % blocksize;
        if (leftover > 0) nblocks++;
        if (HeaderSize + 4L * nblocks > src.Length) throw ChunkCodecs.Corrupt(where, $"blosc block table ({nblocks} blocks) runs past the end of the chunk");

        // No block is larger than nbytes, whatever blocksize the header claims (a claim of 2^31 - 1 must not allocate 2 GB).
        byte[]? tmp = shuffle || bitShuffle ? ArrayPool<byte>.Shared.Rent(Math.Min(blocksize, nbytes)) : null;
        try
        {
            for (int j = 0; j < nblocks; j++)
            {
                bool last = j == nblocks - 1 && leftover > 0;
                int bsize = last ? leftover : blocksize;
                int start = BinaryPrimitives.ReadInt32LittleEndian(src.Slice(HeaderSize + 4 * j));
                if (start < HeaderSize + 4 * nblocks || start >= src.Length)
                    throw ChunkCodecs.Corrupt(where, $"blosc block {j} starts at byte {start}, outside the chunk");
                var outBlock = dst.Slice(j * blocksize, bsize);
                var target = tmp is null ? outBlock : tmp.AsSpan(0, bsize);
                DecodeBlock(src, start, target, format, typesize, dontSplit, last, where, j);
                if (shuffle) Shuffle.ByteUnshuffle(target, outBlock, typesize);
                else if (bitShuffle) Shuffle.BitUnshuffle(target, outBlock, typesize);
            }
        }
        finally
        {
            if (tmp is not null) ArrayPool<byte>.Shared.Return(tmp);
        }
    }

    private static void DecodeBlock(ReadOnlySpan<byte> src, int pos, Span<byte> block, int format, int typesize, bool dontSplit, bool leftoverBlock, string where, int j)
    {
        int bsize = block.Length;
        int nsplits = !dontSplit && typesize <= MaxSplits && bsize / typesize >= MinBufferSize && !leftoverBlock ? typesize : 1;
        if (bsize % nsplits != 0) nsplits = 1;
        int neblock = bsize / nsplits;
        for (int s = 0; s < nsplits; s++)
        {
            if (pos + 4 > src.Length) throw ChunkCodecs.Corrupt(where, $"blosc block {j} stream {s} header runs past the end of the chunk");
            int cb = BinaryPrimitives.ReadInt32LittleEndian(src[pos..]);
            pos += 4;
            if (cb < 0 || pos + cb > src.Length) throw ChunkCodecs.Corrupt(where, $"blosc block {j} stream {s} claims {cb} bytes, past the end of the chunk");
            var input = src.Slice(pos, cb);
            var output = block.Slice(s * neblock, neblock);
            pos += cb;
            if (cb == neblock)
            {
                input.CopyTo(output);
                continue;
            }
            int n = format switch
            {
                FormatLz4 => LZ4Codec.Decode(input, output),
                FormatZstd => ZstdCodec.DecodeInto(input, output, where, exact: false),
                FormatZlib => DeflateFamilyCodec.DecodeInto(input, output, where, gzip: false, exact: false),
                _ => BloscLz.Decompress(input, output),
            };
            if (n != neblock)
                throw ChunkCodecs.Corrupt(where, $"blosc block {j} stream {s} ({CompressorName(format)}) decoded to {n} bytes, expected {neblock}");
        }
    }

    /// <summary>
    /// Encodes a chunk as a blosc1 frame with LZ4 and byte shuffle (numcodecs Blosc(cname="lz4", shuffle=SHUFFLE)):
    /// one stream per block (DONT_SPLIT flag), raw streams where LZ4 does not help, a memcpyed frame if nothing compresses.
    /// </summary>
    public static byte[] EncodeLz4Shuffle(ReadOnlySpan<byte> data, int typesize, int blocksize = 1 << 18)
    {
        if (typesize is < 1 or > 255) throw new ArgumentOutOfRangeException(nameof(typesize));
        int nbytes = data.Length;
        blocksize = Math.Max(typesize, Math.Min(blocksize, nbytes) / typesize * typesize);
        int nblocks = nbytes == 0 ? 0 : (nbytes + blocksize - 1) / blocksize;
        var shuffled = ArrayPool<byte>.Shared.Rent(Math.Max(1, blocksize));
        var packed = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(blocksize));
        // Room for the worst case (every stream stored raw), so that the buffer never grows and copies.
        var outBuf = new ArrayBufferWriter<byte>(HeaderSize + 8 * nblocks + nbytes + 64);
        try
        {
            var head = outBuf.GetSpan(HeaderSize + 4 * nblocks)[..(HeaderSize + 4 * nblocks)];
            head.Clear();
            outBuf.Advance(head.Length);
            var starts = new int[nblocks];
            for (int j = 0; j < nblocks; j++)
            {
                int bsize = Math.Min(blocksize, nbytes - j * blocksize);
                var block = data.Slice(j * blocksize, bsize);
                var sh = shuffled.AsSpan(0, bsize);
                Shuffle.ByteShuffle(block, sh, typesize);
                int n = LZ4Codec.Encode(sh, packed, LZ4Level.L00_FAST);
                starts[j] = outBuf.WrittenCount;
                ReadOnlySpan<byte> stream = n > 0 && n < bsize ? packed.AsSpan(0, n) : sh;
                BinaryPrimitives.WriteInt32LittleEndian(outBuf.GetSpan(4), stream.Length);
                outBuf.Advance(4);
                outBuf.Write(stream);
            }
            if (outBuf.WrittenCount > nbytes + HeaderSize)
                return Memcpyed(data, typesize, blocksize);
            var result = outBuf.WrittenSpan.ToArray();
            WriteHeader(result, (byte)(FlagShuffle | FlagDontSplit | (FormatLz4 << 5)), typesize, nbytes, blocksize, result.Length);
            for (int j = 0; j < nblocks; j++) BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(HeaderSize + 4 * j), starts[j]);
            return result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(shuffled);
            ArrayPool<byte>.Shared.Return(packed);
        }
    }

    private static byte[] Memcpyed(ReadOnlySpan<byte> data, int typesize, int blocksize)
    {
        var result = new byte[HeaderSize + data.Length];
        data.CopyTo(result.AsSpan(HeaderSize));
        WriteHeader(result, (byte)(FlagMemcpyed | FlagShuffle | FlagDontSplit | (FormatLz4 << 5)), typesize, data.Length, blocksize, result.Length);
        return result;
    }

    private static void WriteHeader(Span<byte> h, byte flags, int typesize, int nbytes, int blocksize, int cbytes)
    {
        h[0] = 2; // blosc format version of c-blosc 1.x
        h[1] = 1; // LZ4 format version
        h[2] = flags;
        h[3] = (byte)typesize;
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], nbytes);
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], blocksize);
        BinaryPrimitives.WriteInt32LittleEndian(h[12..], cbytes);
    }
}
