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
        var f = Frame.Parse(src, where);
        if (f.Cbytes != src.Length)
            throw ChunkCodecs.Corrupt(where, $"blosc header says {f.Cbytes} compressed bytes but the chunk has {src.Length} (truncated or padded chunk)");
        if (f.Nbytes != dst.Length) throw ChunkCodecs.SizeMismatch(where, f.Nbytes, dst.Length);
        if (f.Nbytes == 0) return;
        if (f.Memcpyed)
        {
            if (src.Length < HeaderSize + f.Nbytes) throw ChunkCodecs.Corrupt(where, "memcpyed blosc frame is shorter than its data");
            src.Slice(HeaderSize, f.Nbytes).CopyTo(dst);
            return;
        }
        f.CheckCompressed(where);
        if (f.TableEnd > src.Length) throw ChunkCodecs.Corrupt(where, $"blosc block table ({f.Blocks} blocks) runs past the end of the chunk");
        DecodeBlocks(f, src[HeaderSize..f.TableEnd], src, 0, 0, dst, where);
    }

    /// <summary>
    /// Reads bytes [<paramref name="offset"/>, offset + destination length) of the chunk under <paramref name="key"/>
    /// (a blosc frame decoding to <paramref name="chunkBytes"/>) from <paramref name="store"/>, fetching only the header,
    /// the block table and the compressed blocks that hold them, and decoding only those blocks: a z-slab of a 256-deep
    /// chunk costs its own planes, not the whole chunk. False when the chunk does not exist.
    /// </summary>
    public static async ValueTask<bool> TryReadPartAsync(IChunkStore store, string key, long chunkBytes, int offset, Memory<byte> destination,
        CancellationToken cancellationToken = default)
    {
        var where = store.Describe(key);
        var head = await store.TryReadRangeAsync(key, 0, HeaderSize, cancellationToken).ConfigureAwait(false);
        if (head is null) return false;
        var f = Frame.Parse(head, where);
        if (f.Nbytes != chunkBytes) throw ChunkCodecs.SizeMismatch(where, f.Nbytes, chunkBytes);
        if (offset < 0 || offset + (long)destination.Length > f.Nbytes) throw new ArgumentOutOfRangeException(nameof(offset));
        if (destination.Length == 0) return true;
        if (f.Memcpyed)
        {
            var raw = await ReadExactly(store, key, HeaderSize + (long)offset, destination.Length, where, cancellationToken).ConfigureAwait(false);
            raw.CopyTo(destination);
            return true;
        }
        f.CheckCompressed(where);
        var table = await ReadExactly(store, key, HeaderSize, f.TableEnd - HeaderSize, where, cancellationToken).ConfigureAwait(false);
        int j0 = offset / f.Blocksize, j1 = (offset + destination.Length - 1) / f.Blocksize;
        int first = Start(table, j0), end = j1 + 1 < f.Blocks ? Start(table, j1 + 1) : f.Cbytes;
        if (first < f.TableEnd || end <= first || end > f.Cbytes)
        {
            // blocks not stored in order (no blosc writes that, but the format allows it): decode the whole frame
            var whole = await store.TryReadAsync(key, cancellationToken).ConfigureAwait(false) ?? throw ChunkCodecs.Corrupt(where, "the chunk vanished while it was read");
            var buffer = ArrayPool<byte>.Shared.Rent(f.Nbytes);
            try
            {
                BloscCodec.Instance.Decode(whole, buffer.AsSpan(0, f.Nbytes), where);
                buffer.AsSpan(offset, destination.Length).CopyTo(destination.Span);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            return true;
        }
        var data = await ReadExactly(store, key, first, end - first, where, cancellationToken).ConfigureAwait(false);
        DecodeBlocks(f, table, data, first, offset, destination.Span, where);
        return true;
    }

    private static int Start(ReadOnlySpan<byte> table, int block) => BinaryPrimitives.ReadInt32LittleEndian(table[(4 * block)..]);

    private static async ValueTask<byte[]> ReadExactly(IChunkStore store, string key, long offset, int count, string where, CancellationToken ct)
    {
        var bytes = await store.TryReadRangeAsync(key, offset, count, ct).ConfigureAwait(false) ?? throw ChunkCodecs.Corrupt(where, "the chunk vanished while it was read");
        if (bytes.Length != count)
            throw ChunkCodecs.Corrupt(where, $"blosc frame ends at byte {offset + bytes.Length}, before the {count} bytes at {offset} its header promises (truncated chunk)");
        return bytes;
    }

    /// <summary>A blosc1 frame's header.</summary>
    private readonly record struct Frame(byte Flags, int Typesize, int Nbytes, int Blocksize, int Cbytes)
    {
        public bool Memcpyed => (Flags & FlagMemcpyed) != 0;
        public int Format => Flags >> 5;
        public int Leftover => Nbytes % Blocksize;
        public int Blocks => Nbytes / Blocksize + (Leftover > 0 ? 1 : 0);
        public int TableEnd => HeaderSize + 4 * Blocks;

        public static Frame Parse(ReadOnlySpan<byte> src, string where)
        {
            if (src.Length < HeaderSize) throw ChunkCodecs.Corrupt(where, $"blosc frame of {src.Length} bytes is shorter than its 16-byte header");
            byte version = src[0];
            if (version is 0 or > 2)
                throw ChunkCodecs.Corrupt(where, $"blosc format version {version} is not a blosc1 frame (versions 1-2)");
            return new Frame(src[2], src[3], BinaryPrimitives.ReadInt32LittleEndian(src[4..]), BinaryPrimitives.ReadInt32LittleEndian(src[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(src[12..]));
        }

        /// <summary>What a compressed (not memcpyed) frame must hold before its blocks are read.</summary>
        public void CheckCompressed(string where)
        {
            if (Typesize <= 0) throw ChunkCodecs.Corrupt(where, "blosc typesize is 0");
            if (Blocksize <= 0)
                throw ChunkCodecs.Corrupt(where, $"blosc blocksize {Blocksize} is invalid for {Nbytes} bytes");
            if (Format is not (FormatBloscLz or FormatLz4 or FormatZlib or FormatZstd))
                throw new MotorPickException($"blosc inner compressor {CompressorName(Format)} is not supported (blosclz, lz4, lz4hc, zlib, zstd are)", where);
        }
    }

    /// <summary>
    /// Decodes the blocks holding bytes [<paramref name="offset"/>, offset + destination length) of the frame into
    /// <paramref name="destination"/>: <paramref name="data"/> holds the frame's bytes from <paramref name="dataStart"/> on
    /// (the whole frame, or just the blocks needed) and <paramref name="table"/> its block-start table.
    /// </summary>
    private static void DecodeBlocks(Frame f, ReadOnlySpan<byte> table, ReadOnlySpan<byte> data, int dataStart, int offset, Span<byte> destination, string where)
    {
        bool shuffle = (f.Flags & FlagShuffle) != 0 && f.Typesize > 1;
        bool bitShuffle = (f.Flags & FlagBitShuffle) != 0 && f.Blocksize >= f.Typesize;
        bool dontSplit = (f.Flags & FlagDontSplit) != 0;
        int end = offset + destination.Length;
        // No block is larger than nbytes, whatever blocksize the header claims (a claim of 2^31 - 1 must not allocate 2 GB).
        int most = Math.Min(f.Blocksize, f.Nbytes);
        byte[]? tmp = shuffle || bitShuffle ? ArrayPool<byte>.Shared.Rent(most) : null;
        byte[]? part = null; // a block only partly wanted is decoded here first
        try
        {
            for (int j = offset / f.Blocksize; j <= (end - 1) / f.Blocksize; j++)
            {
                bool last = j == f.Blocks - 1 && f.Leftover > 0;
                int bsize = last ? f.Leftover : f.Blocksize;
                int blockStart = j * f.Blocksize;
                int start = Start(table, j);
                if (start < f.TableEnd || start >= f.Cbytes || start - dataStart < 0 || start - dataStart >= data.Length)
                    throw ChunkCodecs.Corrupt(where, $"blosc block {j} starts at byte {start}, outside the chunk");
                bool whole = blockStart >= offset && blockStart + bsize <= end;
                var outBlock = whole ? destination.Slice(blockStart - offset, bsize) : (part ??= ArrayPool<byte>.Shared.Rent(most)).AsSpan(0, bsize);
                var target = tmp is null ? outBlock : tmp.AsSpan(0, bsize);
                DecodeBlock(data, start - dataStart, target, f.Format, f.Typesize, dontSplit, last, where, j);
                if (shuffle) Shuffle.ByteUnshuffle(target, outBlock, f.Typesize);
                else if (bitShuffle) Shuffle.BitUnshuffle(target, outBlock, f.Typesize);
                if (!whole)
                {
                    int from = Math.Max(offset, blockStart), to = Math.Min(end, blockStart + bsize);
                    outBlock.Slice(from - blockStart, to - from).CopyTo(destination.Slice(from - offset, to - from));
                }
            }
        }
        finally
        {
            if (tmp is not null) ArrayPool<byte>.Shared.Return(tmp);
            if (part is not null) ArrayPool<byte>.Shared.Return(part);
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
