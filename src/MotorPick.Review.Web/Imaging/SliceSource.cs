using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using MotorPick.Core;
using MotorPick.Curation.Cvat;
using MotorPick.Curation.Rendering;
using MotorPick.Curation.Review;
using MotorPick.Review.Web.Security;
using MotorPick.Volumes;
using MotorPick.Volumes.Sources;

namespace MotorPick.Review.Web.Imaging;

/// <summary>
/// Reads slices of the review items' tomograms on demand: an item's tomogram is found in the data by its id (through
/// <see cref="TomogramDirectory"/>, listed at the first request, so any format and the quantisation fix), checked against
/// the shape in review.json (<see cref="TomogramSlices"/>), and decoded one slice at a time; decoded slices and heatmaps are kept in a size-limited memory cache, since reviewers scrub back and forth.
/// </summary>
public sealed class SliceSource : IDisposable
{
    private readonly ReviewSet _review;
    private readonly string _reviewDir;
    private readonly Lazy<TomogramDirectory> _data;
    private readonly string? _heatmapsDir;
    private readonly ConcurrentDictionary<int, Lazy<TomogramSlices>> _stacks = new();
    private readonly MemoryCache _cache;

    public SliceSource(ReviewSet review, string reviewDir, string dataDir, string? heatmapsDir, long cacheBytes)
        : this(review, reviewDir, () => TomogramDirectory.Open(dataDir, new TomogramDirectoryOptions { ReadThreads = 1 }), heatmapsDir, cacheBytes) { }

    public SliceSource(ReviewSet review, string reviewDir, Func<TomogramDirectory> data, string? heatmapsDir, long cacheBytes)
    {
        _review = review;
        _reviewDir = reviewDir;
        _data = new Lazy<TomogramDirectory>(data);
        _heatmapsDir = heatmapsDir;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = cacheBytes });
    }

    /// <summary>True when heatmaps were given.</summary>
    public bool HasHeatmaps => _heatmapsDir is not null;

    /// <summary>The decoded slice <paramref name="z"/> of an item's tomogram (Y x X bytes; do not modify).</summary>
    public byte[] Slice(ReviewItem item, int z)
    {
        var stack = Stack(item);
        if (z < 0 || z >= stack.Depth) throw new ArgumentException($"z must be in 0..{stack.Depth - 1}");
        return _cache.GetOrCreate((item.Index, z), entry =>
        {
            var buffer = stack.Read(z);
            entry.Size = buffer.Length;
            return buffer;
        })!;
    }

    /// <summary>A short fingerprint of what slice z is made from (size and time of its file), for ETags.</summary>
    public string Fingerprint(ReviewItem item, int z)
    {
        var info = new FileInfo(Stack(item).SourceFile(z));
        return $"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}";
    }

    /// <summary>The item's heatmap (<c>&lt;heatmaps&gt;/&lt;tomo_id&gt;.npy</c>), or null when there is none.</summary>
    public Volume<float>? Heatmap(ReviewItem item)
    {
        if (_heatmapsDir is null) return null;
        var path = SafePath.ResolveSegment(_heatmapsDir, item.TomoId + ".npy")
            ?? throw new MotorPickException($"tomogram id '{item.TomoId}' is not a plain name; refusing to look it up", ReviewFile.PathIn(_reviewDir), field: "tomo_id");
        if (!File.Exists(path)) return null;
        return _cache.GetOrCreate(("heatmap", item.Index), entry =>
        {
            var h = HeatmapFile.Read(path);
            entry.Size = h.Shape.VoxelCount * sizeof(float);
            return h;
        });
    }

    /// <summary>The rendered review image of an item (<c>review render</c>), or null when it was not rendered.</summary>
    public string? RenderedImage(ReviewItem item)
    {
        var images = new ReviewDirectory(_reviewDir).ImagesDir;
        var path = SafePath.Resolve(images, item.ImageName);
        return path is not null && File.Exists(path) ? path : null;
    }

    private TomogramSlices Stack(ReviewItem item) =>
        _stacks.GetOrAdd(item.Index, _ => new Lazy<TomogramSlices>(() => OpenStack(item), LazyThreadSafetyMode.PublicationOnly)).Value;

    private TomogramSlices OpenStack(ReviewItem item)
    {
        Identifiers.Check(item.TomoId, ReviewFile.PathIn(_reviewDir), field: "tomo_id", what: "tomogram id");
        return TomogramSlices.Open(_data.Value, item);
    }

    public void Dispose()
    {
        _cache.Dispose();
        foreach (var s in _stacks.Values)
            if (s.IsValueCreated) s.Value.Dispose();
    }
}
