using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Tests;
using MotorPick.Volumes.Caching;

namespace MotorPick.Volumes.Tests.Caching;

public class VolumeCacheTests
{
    private static readonly VolumeShape Shape = new(3, 4, 5);

    private static (VolumeShape, byte[]) Build(ref int calls, byte seed)
    {
        calls++;
        var data = new byte[Shape.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)(seed + i * 7);
        return (Shape, data);
    }

    private static string Source(TempDir dir, string content = "slices")
    {
        var src = dir.File("tomo.npy");
        File.WriteAllText(src, content);
        return src;
    }

    private static string[] Entries(VolumeCache cache) => Directory.GetFiles(cache.Root, "*" + VolumeCache.Extension);

    [Fact]
    public void A_second_load_of_the_same_file_and_spacing_is_read_from_the_cache_with_the_same_voxels()
    {
        using var dir = Fixtures.TempDir();
        var cache = new VolumeCache(dir.File("cache"), long.MaxValue);
        var key = new VolumeCacheKey(Source(dir), 15.6, 16, "m");
        var calls = 0;
        var first = cache.GetOrCreate(key, () => Build(ref calls, 1), out var hit1);
        var second = cache.GetOrCreate(key, () => Build(ref calls, 99), out var hit2);
        Assert.False(hit1);
        Assert.True(hit2);
        Assert.Equal(1, calls);
        Assert.Equal(first.Shape, second.Shape);
        Assert.Equal(first.Data, second.Data);
        var planes = cache.GetOrCreatePlanes(key, () => throw new InvalidOperationException("should be cached"), out var hit3);
        Assert.True(hit3);
        Assert.Equal(first.Data, planes.Planes.SelectMany(p => p).ToArray());
    }

    [Fact]
    public void A_changed_source_spacing_or_method_is_a_different_entry()
    {
        using var dir = Fixtures.TempDir();
        var cache = new VolumeCache(dir.File("cache"), long.MaxValue);
        var src = Source(dir);
        var calls = 0;
        cache.GetOrCreate(new VolumeCacheKey(src, 15.6, 16, "m"), () => Build(ref calls, 1), out _);
        cache.GetOrCreate(new VolumeCacheKey(src, 15.6, 20, "m"), () => Build(ref calls, 1), out var otherTarget);
        cache.GetOrCreate(new VolumeCacheKey(src, 15.6, 16, "fix=PortalInt8AsUInt8"), () => Build(ref calls, 1), out var otherMethod);
        File.SetLastWriteTimeUtc(src, DateTime.UtcNow.AddMinutes(5));
        cache.GetOrCreate(new VolumeCacheKey(src, 15.6, 16, "m"), () => Build(ref calls, 1), out var touchedSource);
        Assert.False(otherTarget);
        Assert.False(otherMethod);
        Assert.False(touchedSource);
        Assert.Equal(4, calls);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    public void A_corrupt_entry_is_detected_and_rebuilt(string damage)
    {
        using var dir = Fixtures.TempDir();
        var cache = new VolumeCache(dir.File("cache"), long.MaxValue);
        var key = new VolumeCacheKey(Source(dir), 15.6, 16, "m");
        var calls = 0;
        var good = cache.GetOrCreate(key, () => Build(ref calls, 1), out _);
        var entry = Assert.Single(Entries(cache));
        var bytes = File.ReadAllBytes(entry);
        bytes = damage switch
        {
            "flip" => bytes.Select((b, i) => i == bytes.Length - 40 ? (byte)(b ^ 1) : b).ToArray(),
            "truncate" => bytes[..^10],
            _ => "not a cache entry"u8.ToArray(),
        };
        File.WriteAllBytes(entry, bytes);

        var rebuilt = cache.GetOrCreate(key, () => Build(ref calls, 1), out var hit);
        Assert.False(hit);
        Assert.Equal(2, calls);
        Assert.Equal(good.Data, rebuilt.Data);
        cache.GetOrCreate(key, () => Build(ref calls, 1), out var hitAfter);
        Assert.True(hitAfter);
    }

    [Fact]
    public void Past_the_size_cap_the_least_recently_used_entry_goes_and_no_temporary_file_stays()
    {
        using var dir = Fixtures.TempDir();
        var entryBytes = new FileInfo(WriteOne(dir.File("probe"))).Length;
        var cache = new VolumeCache(dir.File("cache"), 2 * entryBytes + entryBytes / 2);
        var src = Source(dir);
        var calls = 0;
        var a = new VolumeCacheKey(src, 10, 16, "m");
        var b = new VolumeCacheKey(src, 11, 16, "m");
        var c = new VolumeCacheKey(src, 12, 16, "m");
        cache.GetOrCreate(a, () => Build(ref calls, 1), out _);
        cache.GetOrCreate(b, () => Build(ref calls, 1), out _);
        foreach (var f in Entries(cache)) File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddHours(-2));
        cache.GetOrCreate(a, () => Build(ref calls, 1), out var aHit); // a is now the most recently used
        cache.GetOrCreate(c, () => Build(ref calls, 1), out _);
        Assert.True(aHit);
        Assert.Equal(2, Entries(cache).Length);
        cache.GetOrCreate(a, () => Build(ref calls, 1), out var aStill);
        cache.GetOrCreate(b, () => Build(ref calls, 1), out var bAgain);
        Assert.True(aStill);
        Assert.False(bAgain);
        Assert.Equal(Entries(cache).Length, Directory.GetFiles(cache.Root).Length);

        static string WriteOne(string root)
        {
            using var d = Fixtures.TempDir();
            var one = new VolumeCache(root, long.MaxValue);
            var n = 0;
            one.GetOrCreate(new VolumeCacheKey(Source(d), 10, 16, "m"), () => Build(ref n, 1), out _);
            return Directory.GetFiles(root).Single();
        }
    }

    [Fact]
    public void The_cap_variable_of_zero_turns_the_default_cache_off_and_a_bad_value_is_refused()
    {
        var old = Environment.GetEnvironmentVariable(VolumeCache.CapVariable);
        try
        {
            Environment.SetEnvironmentVariable(VolumeCache.CapVariable, "0");
            Assert.Null(VolumeCache.ForUser());
            Assert.NotNull(VolumeCache.ForUser("/nonexistent")); // an explicit folder always caches
            Environment.SetEnvironmentVariable(VolumeCache.CapVariable, "2.5");
            Assert.Equal(2_500_000_000, VolumeCache.ForUser("/nonexistent")!.MaxBytes);
            Environment.SetEnvironmentVariable(VolumeCache.CapVariable, "lots");
            var e = Assert.Throws<Core.MotorPickException>(() => VolumeCache.ForUser("/nonexistent"));
            Assert.Contains(VolumeCache.CapVariable, e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(VolumeCache.CapVariable, old);
        }
    }
}
