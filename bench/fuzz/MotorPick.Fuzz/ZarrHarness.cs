using System.Buffers.Binary;
using System.Text;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Zarr;

namespace MotorPick.Fuzz;

/// <summary>
/// Zarr v2 / OME-Zarr. Byte 0 selects the mode (mod 3):
/// Modes 0 and 2 use an in-memory store (ten times faster than files); mode 1 goes through the file-system store.
/// 0: bytes 1-2 = u16 length L, then L bytes of .zarray JSON, the rest is chunk (0,0,0); the array is opened and the
///    part of the first chunk inside the array (at most 64x64x256 voxels) is read as float32.
/// 1: bytes 1-2 = u16 length L, then L bytes of .zattrs JSON over fixed valid levels "0", "1", "2" (8x8x8 |u1, raw); the
///    rest is chunk 0/0/0 of each level; the image is opened, a level is picked by voxel size and level 0 is read.
/// 2: chunk codecs: byte 1 = compressor (none, blosc, zstd, lz4, gzip, zlib), byte 2 = dtype, bytes 3-5 = chunk shape
///    (each 1-64), the rest is one chunk of an array of exactly that shape; the chunk is verified and read.
/// </summary>
internal sealed class ZarrHarness : IHarness
{
    private static readonly ZarrCompressorSpec?[] Compressors =
    [
        null,
        new("blosc", Cname: "lz4", Clevel: 5, Shuffle: 1, Blocksize: 0),
        new("zstd", Level: 3),
        new("lz4"),
        new("gzip", Level: 5),
        new("zlib", Level: 5),
    ];

    private static readonly string[] DTypes = ["|u1", "|i1", "<i2", "<u2", "<f2", "<f4", ">f4", "<f8"];

    private const string FixedLevel = """{"chunks": [8, 8, 8], "compressor": null, "dimension_separator": "/", "dtype": "|u1", "fill_value": 0, "filters": null, "order": "C", "shape": [8, 8, 8], "zarr_format": 2}""";

    public string Name => "zarr";

    // A chunk may decode to up to 32768x its stored size (zstd's limit, enforced by ChunkCodecs.CheckSize).
    public long AllocationAllowance(byte[] input) => 32768L * input.Length;

    public void Run(byte[] input, string dir)
    {
        if (input.Length < 3) return;
        switch (input[0] % 3)
        {
            case 0: RunArray(input, dir); break;
            case 1: RunOme(input, dir); break;
            default: RunCodec(input, dir); break;
        }
    }

    private static (byte[] Json, byte[] Tail) Split(byte[] input)
    {
        int len = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(input.AsSpan(1)), input.Length - 3);
        return (input[3..(3 + len)], input[(3 + len)..]);
    }

    private static void RunArray(byte[] input, string dir)
    {
        var (json, chunk) = Split(input);
        var store = new MemoryChunkStore(dir);
        store.Put(".zarray", json);
        var meta = ZarrArrayMetadata.Parse(json, store.Describe(".zarray"));
        var probe = new ZarrArray(store, "", meta);
        if (chunk.Length > 0) store.Put(probe.ChunkKey(0, 0, 0), chunk); // no chunk: read as fill_value
        using var array = ZarrArray.OpenAsync(store).GetAwaiter().GetResult();
        ReadFirstChunk(array);
    }

    private static void RunOme(byte[] input, string dir)
    {
        var (json, chunk) = Split(input);
        File.WriteAllBytes(Path.Combine(dir, ".zattrs"), json);
        foreach (var level in new[] { "0", "1", "2" })
        {
            WriteKey(dir, level + "/.zarray", Encoding.UTF8.GetBytes(FixedLevel));
            WriteKey(dir, level + "/0/0/0", chunk);
        }
        var image = OmeZarr.Open(dir);
        if (image.Levels.All(l => l.VoxelSize.IsKnown)) _ = image.NearestLevel(10);
        using var array = image.OpenLevel(0, maxDegreeOfParallelism: 1);
        ReadFirstChunk(array);
    }

    private static void RunCodec(byte[] input, string dir)
    {
        if (input.Length < 6) return;
        var compressor = Compressors[input[1] % Compressors.Length];
        var dtype = DTypes[input[2] % DTypes.Length];
        int[] chunks = [input[3] % 64 + 1, input[4] % 64 + 1, input[5] % 64 + 1];
        var chunk = input[6..];
        var meta = new ZarrArrayMetadata([chunks[0], chunks[1], chunks[2]], chunks,
            MotorPick.Formats.Npy.NpyHeader.ParseDescr(dtype)!.Value.Type, dtype[0] == '>', 0, compressor, '.');
        var store = new MemoryChunkStore(dir);
        store.Put(".zarray", Encoding.UTF8.GetBytes(meta.ToJson()));
        store.Put("0.0.0", chunk);
        using var array = ZarrArray.OpenAsync(store).GetAwaiter().GetResult();
        array.VerifyChunk(chunk, "0.0.0");
        ReadFirstChunk(array);
    }

    private static void ReadFirstChunk(ZarrArray array)
    {
        array = new ZarrArray(array.Store, array.ArrayPath, array.Metadata, array.VoxelSize) { MaxDegreeOfParallelism = 1 };
        var s = array.Shape;
        var c = array.ChunkShape;
        var region = new VolumeRegion(0, 0, 0, Math.Min(Math.Min(s.Z, c.Z), 64), Math.Min(Math.Min(s.Y, c.Y), 64), Math.Min(Math.Min(s.X, c.X), 256));
        if (region.VoxelCount == 0) return;
        _ = array.ReadRegion<float>(region);
    }

    private static void WriteKey(string dir, string key, byte[] bytes)
    {
        var path = Path.Combine(dir, key.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    public void WriteSeeds(string corpus, string fixtures)
    {
        var root = Path.Combine(fixtures, "peer", "zarr");
        if (!Directory.Exists(root)) return;
        foreach (var image in Directory.EnumerateDirectories(root, "*.zarr").Order())
        {
            var name = Path.GetFileNameWithoutExtension(image);
            var attrs = File.ReadAllBytes(Path.Combine(image, ".zattrs"));
            var zarray = File.ReadAllBytes(Path.Combine(image, "0", ".zarray"));
            var firstChunk = FirstChunk(Path.Combine(image, "0"));
            Seeds.Write(corpus, $"array_{name}", Pack(0, Minify(zarray), firstChunk));
            Seeds.Write(corpus, $"ome_{name}", Pack(1, Minify(attrs), new byte[512]));
            var meta = ZarrArrayMetadata.Parse(zarray, name);
            int comp = Array.FindIndex(Compressors, c => c?.Id == meta.Compressor?.Id);
            int dt = Array.IndexOf(DTypes, meta.DType);
            Seeds.Write(corpus, $"codec_{name}", [2, (byte)comp, (byte)dt, (byte)(meta.Chunks[^3] - 1), (byte)(meta.Chunks[^2] - 1), (byte)(meta.Chunks[^1] - 1), .. firstChunk]);
        }
        // Committed regression inputs: array directories (.zarray, chunk 0.0.0) packed as mode 0, images (.zattrs) as mode 1.
        var regressions = Path.Combine(fixtures, "fuzz", "zarr");
        if (Directory.Exists(regressions))
        {
            foreach (var d in Directory.EnumerateDirectories(regressions).Order())
            {
                var chunk = Path.Combine(d, "0.0.0");
                var attrs = Path.Combine(d, ".zattrs");
                Seeds.Write(corpus, "regression_" + Path.GetFileName(d), File.Exists(attrs)
                    ? Pack(1, File.ReadAllBytes(attrs), [])
                    : Pack(0, File.ReadAllBytes(Path.Combine(d, ".zarray")), File.Exists(chunk) ? File.ReadAllBytes(chunk) : []));
            }
        }
        // Small generated chunks for the codecs the fixtures lack (lz4, blosc with a second block).
        var data = Enumerable.Range(0, 4 * 4 * 8).Select(i => (byte)(i % 7)).ToArray();
        Seeds.Write(corpus, "codec_gen_blosc_u1", [2, 1, 0, 3, 3, 7, .. BloscCodec.EncodeLz4Shuffle(data, 1, blocksize: 64)]);
        var lz4 = new byte[4 + K4os.Compression.LZ4.LZ4Codec.MaximumOutputSize(data.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(lz4, data.Length);
        int n = K4os.Compression.LZ4.LZ4Codec.Encode(data, lz4.AsSpan(4));
        Seeds.Write(corpus, "codec_gen_lz4_u1", [2, 3, 0, 3, 3, 7, .. lz4.AsSpan(0, 4 + n)]);
        Seeds.Write(corpus, "codec_gen_raw_u1", [2, 0, 0, 3, 3, 7, .. data]);
    }

    private static byte[] FirstChunk(string levelDir)
    {
        var first = Directory.EnumerateFiles(levelDir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.')).Order().First();
        return File.ReadAllBytes(first);
    }

    private static byte[] Minify(byte[] json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(doc.RootElement);
    }

    private static byte[] Pack(byte mode, byte[] json, byte[] rest)
    {
        var head = new byte[3];
        head[0] = mode;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(1), (ushort)json.Length);
        return [.. head, .. json, .. rest];
    }
}

/// <summary>An in-memory zarr store: the parsers see the same bytes as from files, without file-system round trips.</summary>
internal sealed class MemoryChunkStore(string root) : IChunkStore
{
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public void Put(string key, byte[] bytes) => _keys[key] = bytes;

    public ValueTask<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_keys.TryGetValue(key, out var b) ? b : null);

    public string Describe(string key) => key.Length == 0 ? root : root + "/" + key;
}
