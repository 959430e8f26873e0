using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Npy;
using MotorPick.Model.Data;
using MotorPick.Tests;
using MotorPick.Volumes.Caching;
using MotorPick.Volumes.Sources;

namespace MotorPick.Model.Tests;

/// <summary>Training loads tomograms through the data source: the wrapped competition tomograms are fixed as at prediction,
/// and tomograms of several roots train together, through the shared volume cache.</summary>
public class TomogramSourceTests
{
    private static readonly VolumeShape Shape = new(6, 10, 12);

    private static byte[] Voxels(int seed)
    {
        var v = new byte[Shape.VoxelCount];
        new Random(seed).NextBytes(v);
        return v;
    }

    [Fact]
    public void Training_loads_a_wrapped_competition_tomogram_fixed_and_never_takes_an_unfixed_cache_entry_for_it()
    {
        using var dir = Fixtures.TempDir();
        var raw = Voxels(1);
        Directory.CreateDirectory(dir.File("data"));
        NpyWriter.Write<byte>(dir.File("data/tomo_08bf73.npy"), raw, Shape);
        var cache = new VolumeCache(dir.File("cache"), long.MaxValue);
        // an entry of the unfixed volume, as a run with the fix turned off leaves it
        var unfixed = new TomogramSource(TomogramDirectory.Open(dir.File("data"), new TomogramDirectoryOptions { QuantisationFix = false }), cache);
        Assert.Equal(raw, unfixed.Load("tomo_08bf73", 16, 16, out _).Data);

        var source = new TomogramSource(TomogramDirectory.Open(dir.File("data")), cache);
        var grid = source.Load("tomo_08bf73", 16, 16, out var cached);
        Assert.False(cached);
        Assert.Equal(raw.Select(v => unchecked((byte)(v + 127))), grid.Data);
        Assert.Equal(grid.Data, source.Load("tomo_08bf73", 16, 16, out cached).Data);
        Assert.True(cached);
    }

    [Fact]
    public void Tomograms_of_two_roots_load_side_by_side()
    {
        using var dir = Fixtures.TempDir();
        Directory.CreateDirectory(dir.File("train"));
        Directory.CreateDirectory(dir.File("external/tomogram"));
        NpyWriter.Write<byte>(dir.File("train/tomo_a.npy"), Voxels(2), Shape);
        NpyWriter.Write<byte>(dir.File("external/tomogram/mba2011-02-16-9.npy"), Voxels(3), Shape);
        var data = TomogramDirectory.Open([dir.File("train"), dir.File("external")]);
        var source = new TomogramSource(data, new VolumeCache(dir.File("cache"), long.MaxValue));
        Assert.Equal(Voxels(2), source.Load("tomo_a", 16, 16, out _).Data);
        Assert.Equal(Voxels(3), source.Load("mba2011-02-16-9", 16, 16, out _).Data);
    }

    [Fact]
    public void A_float_tomogram_trains_on_what_the_portal_ingest_would_have_written_for_it()
    {
        using var dir = Fixtures.TempDir();
        Directory.CreateDirectory(dir.File("data"));
        var rng = new Random(4);
        var values = Enumerable.Range(0, (int)Shape.VoxelCount).Select(_ => (float)(rng.NextDouble() * 3 - 1.5)).ToArray();
        NpyWriter.Write<float>(dir.File("data/tomo_f.npy"), values, Shape);
        var source = new TomogramSource(TomogramDirectory.Open(dir.File("data")), new VolumeCache(dir.File("cache"), long.MaxValue));
        var loaded = source.Load("tomo_f", 12, 16, out _);
        // the ingest's pipeline: percentile window, re-spacing, truncation to uint8, in one pass
        var ingest = new Volumes.Streaming.VolumePipeline(new Volumes.Streaming.InMemoryVolumeReader<float>(new Volumes.Volume<float>(Shape, VoxelSize.Isotropic(12), values)),
            new Volumes.Streaming.VolumePipelineOptions { Normalize = Volumes.Streaming.PercentileWindow.Reference, TargetVoxelSize = 16 }).RunToVolume<byte>();
        Assert.Equal(ingest.Shape, loaded.Shape);
        Assert.Equal(ingest.Data, loaded.Data);
        // values of -1.5..1.5 now span most of the grey levels
        Assert.True(loaded.Data.Max() - loaded.Data.Min() > 150, $"{loaded.Data.Min()}..{loaded.Data.Max()}");
    }
}
