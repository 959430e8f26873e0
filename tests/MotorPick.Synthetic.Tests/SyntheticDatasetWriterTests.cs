using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MotorPick.Core;
using MotorPick.Labels.Tables;
using MotorPick.Synthetic.Output;
using MotorPick.Tests;

namespace MotorPick.Synthetic.Tests;

public class SyntheticDatasetWriterTests
{
    [Fact]
    public void WritesTheCompetitionLayout()
    {
        using var dir = Fixtures.TempDir();
        var o = TestSpecs.Tiny(seed: 5, count: 3);
        var r = SyntheticDatasetWriter.Write(dir.Path, o, threads: 2);
        Assert.Equal(3, r.Generated);
        var specs = TomogramGenerator.SampleAll(o);
        foreach (var s in specs)
        {
            var slices = Directory.GetFiles(SynthLayout.SliceDirectory(dir.Path, s.TomoId)).Select(Path.GetFileName).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, s.Z).Select(z => $"slice_{z:D4}.jpg"), slices);
        }
        var header = File.ReadLines(dir.File("train_labels.csv")).First();
        Assert.Equal("row_id,tomo_id,Motor axis 0,Motor axis 1,Motor axis 2,Array shape (axis 0),Array shape (axis 1),Array shape (axis 2),Voxel spacing,Number of motors", header);
        Assert.True(File.Exists(dir.File("truth.csv")));
        Assert.True(File.Exists(dir.File("synth.json")));
    }

    [Fact]
    public void TruthCsvMatchesSynthJson()
    {
        using var dir = Fixtures.TempDir();
        var o = TestSpecs.Tiny(seed: 6, count: 4) with { LabelDrop = 0.5, LabelJitterA = 40 };
        SyntheticDatasetWriter.Write(dir.Path, o, threads: 2);
        var truth = TrainLabelsFile.Read(dir.File("truth.csv"));
        var train = TrainLabelsFile.Read(dir.File("train_labels.csv"));
        var manifest = JsonNode.Parse(File.ReadAllText(dir.File("synth.json")))!;
        var tomos = manifest["tomograms"]!.AsArray();
        Assert.Equal(4, tomos.Count);
        foreach (var t in tomos)
        {
            var id = t!["tomoId"]!.GetValue<string>();
            var spacing = t["spacingA"]!.GetValue<double>();
            var shape = t["shape"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
            var expected = t["truthVoxels"]!.AsArray().Select(p => p!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToList();
            var rows = truth.Rows.Where(r => r.TomoId == id).ToList();
            Assert.All(rows, r => Assert.Equal(spacing, r.VoxelSpacing));
            Assert.All(rows, r => Assert.Equal(new TomoShape(shape[0], shape[1], shape[2]), r.Shape));
            if (expected.Count == 0)
            {
                Assert.Single(rows);
                Assert.False(rows[0].HasMotor);
            }
            else
            {
                Assert.Equal(expected.Count, rows.Count);
                for (var k = 0; k < rows.Count; k++)
                    Assert.Equal(expected[k], new[] { rows[k].Motor.Z, rows[k].Motor.Y, rows[k].Motor.X });
                // The motors in synth.json are the scene's motors.
                Assert.Equal(expected.Count, t["motors"]!.AsArray().Count);
            }
            var kept = t["trainLabelVoxels"]!.AsArray().Count;
            Assert.Equal(Math.Max(1, kept), train.Rows.Count(r => r.TomoId == id));
        }
    }

    [Fact]
    public void RunsAreByteIdenticalWhateverTheThreads()
    {
        using var a = Fixtures.TempDir();
        using var b = Fixtures.TempDir();
        var o = TestSpecs.Tiny(seed: 7, count: 2) with { LabelDrop = 0.3, LabelJitterA = 50 };
        SyntheticDatasetWriter.Write(a.Path, o, threads: 1);
        SyntheticDatasetWriter.Write(b.Path, o, threads: 2);
        Assert.Equal(HashTree(a.Path), HashTree(b.Path));
    }

    [Fact]
    public void ResumeSkipsFinishedTomogramsAndRefusesOtherOptions()
    {
        using var dir = Fixtures.TempDir();
        var o = TestSpecs.Tiny(seed: 8, count: 2);
        SyntheticDatasetWriter.Write(dir.Path, o, threads: 2);
        var before = HashTree(dir.Path);
        var again = SyntheticDatasetWriter.Write(dir.Path, o with { Count = 3 }, threads: 2);
        Assert.Equal(2, again.Skipped);
        Assert.Equal(1, again.Generated);
        Assert.Throws<MotorPickException>(() => SyntheticDatasetWriter.Write(dir.Path, o with { Seed = 9 }, threads: 2));
        Assert.Throws<MotorPickException>(() => SyntheticDatasetWriter.Write(dir.Path, o with { Snr = 3 }, threads: 2));
        // New label options only rewrite the tables.
        var relabel = SyntheticDatasetWriter.Write(dir.Path, o with { Count = 3, LabelDrop = 1 }, threads: 2);
        Assert.Equal(3, relabel.Skipped);
        Assert.Equal(0, relabel.LabelledMotors);
        var fresh = HashTree(dir.Path);
        Assert.NotEqual(before, fresh);
    }

    [Fact]
    public void PortalFormatsAreWritten()
    {
        using var dir = Fixtures.TempDir();
        var o = TestSpecs.Tiny(seed: 10, count: 1) with { MotorCountWeights = [0, 1, 0, 0] };
        SyntheticDatasetWriter.Write(dir.Path, o, SynthFormats.All, threads: 2);
        var spec = TomogramGenerator.Sample(o, 0);
        Assert.True(File.Exists(SynthLayout.Mrc(dir.Path, spec.TomoId)));
        Assert.True(File.Exists(Path.Combine(SynthLayout.Zarr(dir.Path, spec.TomoId), "0", ".zarray")));
        Assert.True(File.Exists(Path.Combine(SynthLayout.Zarr(dir.Path, spec.TomoId), "2", ".zarray")));
        var points = File.ReadAllLines(SynthLayout.Points(dir.Path, spec.TomoId));
        Assert.Equal(spec.Motors.Count, points.Length);
        Assert.All(points, p => Assert.StartsWith("{\"type\": \"point\", \"location\": {\"x\": ", p));
        var mrc = MotorPick.Formats.Mrc.MrcReader.Open(SynthLayout.Mrc(dir.Path, spec.TomoId));
        Assert.Equal(new MotorPick.Formats.Geometry.VolumeShape(spec.Z, spec.Y, spec.X), mrc.Shape);
    }

    internal static string HashTree(string root)
    {
        using var sha = SHA256.Create();
        foreach (var f in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(root, f);
            var name = System.Text.Encoding.UTF8.GetBytes(rel);
            sha.TransformBlock(name, 0, name.Length, null, 0);
            var bytes = File.ReadAllBytes(f);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(sha.Hash!);
    }
}
