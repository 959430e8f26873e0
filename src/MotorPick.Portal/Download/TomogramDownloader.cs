using System.Text.Json;
using MotorPick.Core;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Zarr;
using MotorPick.Portal.Api;
using MotorPick.Portal.Processing;
using MotorPick.Portal.Selection;

namespace MotorPick.Portal.Download;

/// <summary>
/// Downloads one run's raw files into <see cref="RawLayout"/>: the OME-Zarr metadata and every chunk of one level
/// (keys computed from <c>.zarray</c>, each chunk decoded before it is accepted, 404 = fill_value), or the MRC file
/// (continued by Range after a failure, size and header checked), plus the motor point file. Every file appears under
/// its final name only when complete, so a rerun skips what is there and fetches the rest.
/// </summary>
public sealed class TomogramDownloader(HttpDownloader http, string rawRoot, RawFormat format, int level, int chunkParallelism)
{
    public async Task<DownloadedTomogram> DownloadAsync(IngestItem item, CancellationToken ct)
    {
        var id = item.TomoId;
        string raw;
        if (format == RawFormat.Zarr)
        {
            raw = RawLayout.Zarr(rawRoot, id);
            try
            {
                await DownloadZarrAsync(item.Tomogram.HttpsOmezarrDir!, raw, id, ct).ConfigureAwait(false);
            }
            catch (DiskFullException full) when (full.Path != raw)
            {
                // One chunk did not fit: say what the rest of the store needs (the chunks already there are kept and skipped on rerun).
                throw ZarrFull(raw, item.ExpectedBytes, full);
            }
        }
        else
        {
            raw = RawLayout.Mrc(rawRoot, id);
            await http.DownloadFileAsync(item.Tomogram.HttpsMrcFile!, raw, item.Tomogram.FileSizeMrc, id, VerifyMrc, ct, MrcLimit(item.Tomogram)).ConfigureAwait(false);
        }
        string? points = null;
        if (item.Points is { } p)
        {
            points = RawLayout.Points(rawRoot, id);
            await http.DownloadFileAsync(p.HttpsPath, points, p.FileSize, id, path => MotorPoints.Read(path), ct, SizeLimit.Json).ConfigureAwait(false);
        }
        return new DownloadedTomogram(item, format, level, raw, points);
    }

    private async Task DownloadZarrAsync(string url, string dir, string id, CancellationToken ct)
    {
        var marker = RawLayout.ZarrComplete(dir, level);
        if (File.Exists(marker)) return;
        var store = new HttpChunkStore(http, url, id, dir);
        await store.MirrorAsync(".zgroup", null, ct).ConfigureAwait(false);
        // Reads .zattrs and each level's .zarray through the mirror (small files, needed to open the image offline).
        var image = await OmeZarr.OpenAsync(store, ct).ConfigureAwait(false);
        var array = image.OpenLevel(level);
        // The shape comes from the server: bound the chunk count before listing keys, and each chunk's size before fetching it.
        ChunkLimits.Check(array);
        store.ChunkLimit = ChunkLimits.For(array);
        var keys = array.AllChunkKeys().ToList();
        int fetched = 0, absent = 0;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, chunkParallelism), CancellationToken = ct }, async (key, token) =>
        {
            if (await store.MirrorAsync(key, bytes => array.VerifyChunk(bytes, key), token).ConfigureAwait(false)) Interlocked.Increment(ref fetched);
            else if (!File.Exists(store.MirrorPath(key))) Interlocked.Increment(ref absent);
        }).ConfigureAwait(false);
        AtomicFile.WriteAllText(marker, JsonSerializer.Serialize(new { level, chunks = keys.Count, absent }));
    }

    private static DiskFullException ZarrFull(string raw, long expectedBytes, DiskFullException chunk)
    {
        long have = Directory.Exists(raw) ? new DirectoryInfo(raw).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => DiskSpace.OnDisk(f.Length)) : 0;
        var rest = Math.Max(chunk.BytesNeeded ?? 0, expectedBytes - have);
        return new DiskFullException(Path.GetFullPath(raw), rest, chunk.BytesFree, chunk.MountPoint, inner: chunk);
    }

    /// <summary>The most an MRC of unknown file size may have: its voxels at 8 bytes (the widest MRC mode) plus room for an
    /// extended header.</summary>
    internal static SizeLimit MrcLimit(PortalTomogram t)
    {
        var voxels = (Int128)Math.Max(0, t.SizeX) * Math.Max(0, t.SizeY) * Math.Max(0, t.SizeZ) * 8 + 1024 + PortalLimits.MrcExtendedHeaderAllowance;
        return new SizeLimit(voxels > long.MaxValue ? long.MaxValue : (long)voxels, $"an MRC of {t.SizeX}x{t.SizeY}x{t.SizeZ} voxels");
    }

    /// <summary>An MRC whose header is valid and whose size is header + extended header + voxels.</summary>
    internal static void VerifyMrc(string path)
    {
        var header = MrcReader.ReadHeader(path);
        using var reader = MrcReader.Open(path);
        var expected = header.DataOffset + reader.Shape.VoxelCount * reader.VoxelType.Size();
        var actual = new FileInfo(path).Length;
        if (actual != expected)
            throw new MotorPickException($"the MRC file has {actual} bytes; its header describes {expected}", path);
    }
}
