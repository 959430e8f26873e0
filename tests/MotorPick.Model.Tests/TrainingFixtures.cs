using MotorPick.Formats.Geometry;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Model.Augment;
using MotorPick.Model.Data;
using MotorPick.Model.Training;
using MotorPick.Volumes;

namespace MotorPick.Model.Tests;

/// <summary>Tiny in-memory tomograms (noise plus a bright ball at each motor) and a fast training config.</summary>
internal static class TrainingFixtures
{
    public static TrainTomogram Tomogram(string id, int seed, params Point3[] motors)
    {
        var rng = new Random(seed);
        var g = Volume<byte>.Allocate(new VolumeShape(32, 64, 64), VoxelSize.Isotropic(16));
        for (int z = 0; z < g.D; z++)
            for (int y = 0; y < g.H; y++)
                for (int x = 0; x < g.W; x++)
                {
                    double v = 100 + rng.Next(-20, 21);
                    foreach (var m in motors)
                        if ((z - m.Z) * (z - m.Z) + (y - m.Y) * (y - m.Y) + (x - m.X) * (x - m.X) <= 9) v = 220;
                    g[z, y, x] = (byte)v;
                }
        return new TrainTomogram(id, g, motors, 16, 16);
    }

    public static TrainData Data()
    {
        var train = new[]
        {
            Tomogram("t0", 1, new Point3(10, 20, 30)),
            Tomogram("t1", 2, new Point3(20, 40, 12)),
            Tomogram("t2", 3),
        };
        var val = new[] { Tomogram("v0", 4, new Point3(16, 30, 40)), Tomogram("v1", 5) };
        var rows = val.Select(t => new GtRow(t.Id, new TomoShape(32, 64, 64), 16, t.Motors)).ToArray();
        return new TrainData(train, val, new GtTable(rows, GtLayout.Short));
    }

    public static TrainOptions Options(int steps = 4) => new()
    {
        Preset = "tiny",
        Patch = [32, 64, 64],
        TargetSpacing = 16,
        Steps = steps,
        BatchSize = 1,
        GradAccum = 2,
        WarmupSteps = 1,
        Lr = 1e-3,
        ValInterval = 2,
        CheckpointInterval = 2,
        LogInterval = 1,
        Threads = 1,
        BgRatio = 0.5,
        Augment = new AugmentConfig { ZoomP = 0.5, AffineP = 0.5, LowResP = 0.2, DropoutP = 0.2, DropoutSize = [4, 8] },
    };

    public static double[] Losses(string runDir) =>
        File.ReadAllLines(Path.Combine(runDir, "train_log.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f[0] == "train")
            .Select(f => double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
}
