using System.Text.Json;
using MotorPick.Formats.Geometry;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Common;

/// <summary>Expected values of the peer fixtures (tests/fixtures/peer/manifest.json, written by mrcfile / zarr / numpy).</summary>
public sealed record PeerEntry(
    string Path, string Format, string DType, int? Level, int[] ShapeZyx, double Sum, double SumSq, double Min, double Max,
    (int[] Zyx, double Value)[] Samples, JsonElement Raw)
{
    public VolumeShape Shape => new(ShapeZyx[0], ShapeZyx[1], ShapeZyx[2]);

    /// <summary>Asserts that float32 voxels match the manifest: shape, min, max, sums and every sampled voxel.</summary>
    public void AssertMatches(VolumeShape shape, ReadOnlySpan<float> data)
    {
        Assert.Equal(Shape, shape);
        Assert.Equal(shape.VoxelCount, data.Length);
        double sum = 0, sumSq = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in data)
        {
            sum += v;
            sumSq += (double)v * v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        Assert.Equal(Min, min);
        Assert.Equal(Max, max);
        Assert.True(Math.Abs(sum - Sum) <= 1e-9 * Math.Max(1, Math.Abs(SumSq)), $"sum {sum} != {Sum}");
        Assert.True(Math.Abs(sumSq - SumSq) <= 1e-9 * Math.Max(1, SumSq), $"sum of squares {sumSq} != {SumSq}");
        foreach (var (zyx, value) in Samples)
            Assert.Equal(value, data[(int)((zyx[0] * (long)shape.Y + zyx[1]) * shape.X + zyx[2])]);
    }

    /// <summary>As <see cref="AssertMatches"/> but to float32 rounding (for values recomputed by MotorPick).</summary>
    public void AssertMatchesApproximately(VolumeShape shape, ReadOnlySpan<float> data)
    {
        Assert.Equal(Shape, shape);
        double sum = 0, sumSq = 0;
        foreach (var v in data) { sum += v; sumSq += (double)v * v; }
        Assert.Equal(Sum, sum, 1e-5 * Math.Max(1, SumSq));
        Assert.Equal(SumSq, sumSq, 1e-5 * Math.Max(1, SumSq));
        foreach (var (zyx, value) in Samples)
            Assert.Equal(value, data[(int)((zyx[0] * (long)shape.Y + zyx[1]) * shape.X + zyx[2])], 1e-6);
    }
}

public static class PeerManifest
{
    private static readonly Lazy<List<PeerEntry>> Entries = new(Load);

    public static IReadOnlyList<PeerEntry> All => Entries.Value;

    public static PeerEntry Get(string path, int? level = null) =>
        All.Single(e => e.Path == path && (level is null || e.Level == level));

    public static string FullPath(PeerEntry e) => Fixtures.Path(["peer", .. e.Path.Split('/')]);

    private static List<PeerEntry> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("peer", "manifest.json")));
        var list = new List<PeerEntry>();
        foreach (var f in doc.RootElement.GetProperty("files").EnumerateArray())
        {
            var samples = f.GetProperty("samples").EnumerateArray()
                .Select(s => (s.GetProperty("zyx").EnumerateArray().Select(x => x.GetInt32()).ToArray(), s.GetProperty("value").GetDouble()))
                .ToArray();
            list.Add(new PeerEntry(
                f.GetProperty("path").GetString()!,
                f.GetProperty("format").GetString()!,
                f.GetProperty("dtype").GetString()!,
                f.TryGetProperty("level", out var l) ? l.GetInt32() : null,
                f.GetProperty("shape_zyx").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                f.GetProperty("sum").GetDouble(),
                f.GetProperty("sum_sq").GetDouble(),
                f.GetProperty("min").GetDouble(),
                f.GetProperty("max").GetDouble(),
                samples,
                f.Clone()));
        }
        return list;
    }
}
