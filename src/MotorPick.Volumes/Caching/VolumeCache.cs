using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MotorPick.Core;
using MotorPick.Core.Machine;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Volumes.Caching;

/// <summary>
/// Re-spaced uint8 volumes kept on disk between runs, so that training's folds, later trainings and predict decode and
/// re-space a tomogram once (<see cref="VolumeCacheKey"/> says what an entry was made from). One file per entry:
/// magic, a JSON header (the key text and the shape), the ZYX voxels and a SHA-256 of header and voxels; it is written
/// atomically, and an entry that is truncated, altered or made from another key is deleted and rebuilt. When the folder
/// grows past <see cref="MaxBytes"/> the least recently used entries go. A cache, never a result: when it cannot be
/// written the volume is still returned.
/// </summary>
public sealed class VolumeCache(string root, long maxBytes)
{
    public const string Extension = ".mpvol";
    private static readonly byte[] Magic = "MPVOLCA1"u8.ToArray();
    private const int HashBytes = 32;

    /// <summary>Size cap (GB) from <c>MOTORPICK_VOLUME_CACHE_GB</c>; 0 turns the cache off.</summary>
    public const string CapVariable = "MOTORPICK_VOLUME_CACHE_GB";
    public const double DefaultCapGb = 50;

    public string Root => root;
    public long MaxBytes => maxBytes;

    /// <summary>The per-user cache (<see cref="UserCache.Root"/>/volumes) with the cap from <see cref="CapVariable"/>; null
    /// when the cap is 0 (cache off). A folder given explicitly (<paramref name="rootOverride"/>, train's --cache) always
    /// caches, with the default cap when the variable says 0.</summary>
    public static VolumeCache? ForUser(string? rootOverride = null)
    {
        var gb = DefaultCapGb;
        if (Environment.GetEnvironmentVariable(CapVariable) is { Length: > 0 } text
            && (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out gb) || gb < 0 || double.IsNaN(gb)))
            throw new MotorPickException($"{CapVariable}='{text}': expected the volume cache's size cap in GB (0 turns it off)");
        if (gb == 0 && rootOverride is null) return null;
        if (gb == 0) gb = DefaultCapGb;
        return new VolumeCache(rootOverride ?? Path.Combine(UserCache.Root, "volumes"), (long)Math.Min(gb * 1e9, long.MaxValue / 2.0));
    }

    /// <summary>The cached volume for <paramref name="key"/> (ZYX, one array), else <paramref name="build"/>'s, which is then stored.</summary>
    public (VolumeShape Shape, byte[] Data) GetOrCreate(VolumeCacheKey key, Func<(VolumeShape Shape, byte[] Data)> build, out bool hit)
    {
        var description = key.Describe();
        var path = Path.Combine(root, VolumeCacheKey.FileNameFor(description));
        if (TryRead(path, description, shape => Volume<byte>.AllocateArray(shape),
                (data, shape, z) => data.AsSpan((int)(z * shape.SectionVoxels), (int)shape.SectionVoxels)) is { } found)
        {
            hit = true;
            return found;
        }
        hit = false;
        var built = build();
        Store(path, description, built.Shape, [built.Data]);
        return built;
    }

    /// <summary>As <see cref="GetOrCreate"/> for a volume held as one array per z plane (any size fits).</summary>
    public (VolumeShape Shape, byte[][] Planes) GetOrCreatePlanes(VolumeCacheKey key, Func<(VolumeShape Shape, byte[][] Planes)> build, out bool hit)
    {
        var description = key.Describe();
        var path = Path.Combine(root, VolumeCacheKey.FileNameFor(description));
        if (TryRead(path, description, shape => Enumerable.Range(0, shape.Z).Select(_ => new byte[shape.SectionVoxels]).ToArray(),
                (planes, _, z) => planes[z]) is { } found)
        {
            hit = true;
            return found;
        }
        hit = false;
        var built = build();
        Store(path, description, built.Shape, built.Planes);
        return built;
    }

    private delegate Span<byte> PlaneAt<in TBuffer>(TBuffer buffer, VolumeShape shape, int z);

    /// <summary>Reads and checks an entry plane by plane; any fault (missing, short, other key, bad digest) deletes it and
    /// answers null.</summary>
    private (VolumeShape Shape, TBuffer Buffer)? TryRead<TBuffer>(string path, string description, Func<VolumeShape, TBuffer> allocate, PlaneAt<TBuffer> plane)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var head = new byte[Magic.Length + 4];
            file.ReadExactly(head);
            if (!head.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return Corrupt<TBuffer>(path);
            var headerLength = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(Magic.Length));
            if (headerLength is <= 0 or > 1 << 20) return Corrupt<TBuffer>(path);
            var header = new byte[headerLength];
            file.ReadExactly(header);
            hash.AppendData(head);
            hash.AppendData(header);
            var (key, shape) = ParseHeader(header);
            if (key != description) return Corrupt<TBuffer>(path);
            if (!shape.IsPositive || file.Length != head.Length + headerLength + shape.VoxelCount + HashBytes) return Corrupt<TBuffer>(path);
            var buffer = allocate(shape);
            for (var z = 0; z < shape.Z; z++)
            {
                var span = plane(buffer, shape, z);
                file.ReadExactly(span);
                hash.AppendData(span);
            }
            Span<byte> stored = stackalloc byte[HashBytes];
            file.ReadExactly(stored);
            if (!stored.SequenceEqual(hash.GetHashAndReset())) return Corrupt<TBuffer>(path);
            Touch(path);
            return (shape, buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or MotorPickException)
        {
            return Corrupt<TBuffer>(path);
        }
    }

    private static (string Key, VolumeShape Shape) ParseHeader(byte[] header)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(header);
        var r = doc.RootElement;
        var shape = r.GetProperty("shape");
        return (r.GetProperty("key").GetString() ?? "", new VolumeShape(shape[0].GetInt32(), shape[1].GetInt32(), shape[2].GetInt32()));
    }

    /// <summary>Deletes a faulty entry (so it is rebuilt) and answers "not cached".</summary>
    private static (VolumeShape, TBuffer)? Corrupt<TBuffer>(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return null;
    }

    private void Store(string path, string description, VolumeShape shape, IReadOnlyList<byte[]> chunks)
    {
        var header = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { key = description, shape = new[] { shape.Z, shape.Y, shape.X } }));
        var size = Magic.Length + 4 + header.Length + shape.VoxelCount + HashBytes;
        if (size > maxBytes) return;
        try
        {
            Directory.CreateDirectory(root);
            AtomicFile.Write(path, stream =>
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var head = new byte[Magic.Length + 4];
                Magic.CopyTo(head, 0);
                BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(Magic.Length), header.Length);
                foreach (var part in new[] { head, header }.Concat(chunks))
                {
                    stream.Write(part);
                    hash.AppendData(part);
                }
                stream.Write(hash.GetHashAndReset());
            }, size);
            Trim(keep: path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MotorPickException)
        {
        }
    }

    /// <summary>Deletes least recently used entries (and temporary files of writers that died over an hour ago) until the
    /// folder is under the cap.</summary>
    private void Trim(string keep)
    {
        var dir = new DirectoryInfo(root);
        var entries = new List<FileInfo>();
        foreach (var f in dir.EnumerateFiles())
        {
            if (f.Name.Contains(AtomicFile.TempMarker, StringComparison.Ordinal))
            {
                if (f.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)) Delete(f);
            }
            else if (f.Name.EndsWith(Extension, StringComparison.Ordinal)) entries.Add(f);
        }
        var total = entries.Sum(f => f.Length);
        foreach (var f in entries.OrderBy(f => f.LastWriteTimeUtc))
        {
            if (total <= maxBytes) break;
            if (f.FullName == Path.GetFullPath(keep)) continue;
            Delete(f);
            total -= f.Length;
        }

        static void Delete(FileInfo f)
        {
            try { f.Delete(); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>Marks an entry as just used (its modification time orders eviction).</summary>
    private static void Touch(string path)
    {
        try { File.SetLastWriteTimeUtc(path, DateTime.UtcNow); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
