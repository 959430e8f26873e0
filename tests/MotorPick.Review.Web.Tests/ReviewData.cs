using System.Globalization;
using System.Text;
using MotorPick.Curation.Review;
using MotorPick.Formats.Jpeg;
using MotorPick.Review.Web.Security;

namespace MotorPick.Review.Web.Tests;

/// <summary>
/// A small review made the way the loop makes one: a label table, candidates, JPEG stacks of synthetic tomograms
/// (textured background, a cell envelope, dark motor-like blobs at the true motors), then <see cref="ReviewMiner"/>
/// (the <c>review mine</c> service) writes review.json. Five items: FP, FN, FP, FN, FP in label order.
/// </summary>
public sealed class ReviewData : IDisposable
{
    /// <summary>Voxel spacing: by default 20 Å at the 160-voxel size (a 50-voxel circle), coarser for smaller shapes so distances keep their meaning.</summary>
    public double Spacing { get; }

    private readonly TempDir _tmp = Fixtures.TempDir();
    private readonly Tomo[] _tomos;

    private sealed record Tomo(string Id, (double Z, double Y, double X)[] Labels, (double Z, double Y, double X, double Conf)[] Candidates, (double Z, double Y, double X)[] TrueMotors);

    private static readonly Tomo[] Tomos =
    [
        new("tomo_a1b2c3", [], [(20, 70, 90, 0.82), (12, 30, 40, 0.12)], [(20, 70, 90)]),
        new("tomo_b4e5f6", [(18, 80, 60)], [], [(18, 80, 60)]),
        new("tomo_c7d8e9", [], [(24, 100, 110, 0.64), (10, 40, 120, 0.31), (30, 120, 30, 0.07)], [(10, 40, 120)]),
        new("tomo_d0f1a2", [(16, 50, 50)], [(28, 120, 130, 0.55)], [(16, 50, 50)]),
        new("tomo_e3a4b5", [], [(22, 60, 100, 0.91)], [(22, 60, 100)]),
        new("tomo_f6c7d8", [(20, 80, 80)], [(20, 82, 79, 0.95)], [(20, 80, 80)]),
    ];

    private static readonly Dictionary<(int, int, int), string> Templates = [];

    public ReviewData(int depth = 40, int height = 160, int width = 160, double? spacing = null)
    {
        Depth = depth;
        Height = height;
        Width = width;
        Spacing = spacing ?? 20.0 * 160 / height;
        // Coordinates above are on a 40 x 160 x 160 grid; scale them to this shape.
        double sz = depth / 40.0, sy = height / 160.0, sx = width / 160.0;
        var tomos = Tomos.Select(t => t with
        {
            Labels = t.Labels.Select(l => (Math.Round(l.Z * sz), Math.Round(l.Y * sy), Math.Round(l.X * sx))).ToArray(),
            Candidates = t.Candidates.Select(c => (Math.Round(c.Z * sz), Math.Round(c.Y * sy), Math.Round(c.X * sx), c.Conf)).ToArray(),
            TrueMotors = t.TrueMotors.Select(m => (m.Z * sz, m.Y * sy, m.X * sx)).ToArray(),
        }).ToArray();
        var labels = new StringBuilder("row_id,tomo_id,Motor axis 0,Motor axis 1,Motor axis 2,Array shape (axis 0),Array shape (axis 1),Array shape (axis 2),Voxel spacing,Number of motors\n");
        var candidates = new StringBuilder("tomo_id,motor_z,motor_y,motor_x,conf\n");
        var row = 0;
        foreach (var t in tomos)
        {
            var shape = string.Create(CultureInfo.InvariantCulture, $"{depth},{height},{width},{Spacing:0.0}");
            if (t.Labels.Length == 0) labels.Append(CultureInfo.InvariantCulture, $"{row++},{t.Id},-1.0,-1.0,-1.0,{shape},0\n");
            foreach (var l in t.Labels) labels.Append(CultureInfo.InvariantCulture, $"{row++},{t.Id},{l.Z:0.0},{l.Y:0.0},{l.X:0.0},{shape},{t.Labels.Length}\n");
            if (t.Candidates.Length == 0) candidates.Append(CultureInfo.InvariantCulture, $"{t.Id},-1.0,-1.0,-1.0,0.0\n");
            foreach (var c in t.Candidates) candidates.Append(CultureInfo.InvariantCulture, $"{t.Id},{c.Z:0.0},{c.Y:0.0},{c.X:0.0},{c.Conf}\n");
        }
        CopyDirectory(Template(tomos, depth, height, width), DataDir);
        _tomos = tomos;
        File.WriteAllText(LabelsPath, labels.ToString());
        File.WriteAllText(CandidatesPath, candidates.ToString());
        Review = ReviewMiner.Mine(LabelsPath, CandidatesPath, 0.05, MatchMode.Top1, ReviewDir);
        Tokens = ReviewerAccounts.AddAccounts(ReviewersPath, ["alice", "bob"]).Issued.ToDictionary(t => t.Reviewer, t => t.Token);
    }

    /// <summary>The tokens of the accounts made for every review: alice and bob.</summary>
    public Dictionary<string, string> Tokens { get; }

    /// <summary>The reviewers file (its default place in the review directory).</summary>
    public string ReviewersPath => ReviewServerOptions.DefaultReviewersPath(ReviewDir);

    /// <summary>The stacks of one shape are made once per test run and copied for each test (tests may damage their copy).</summary>
    private static string Template(Tomo[] tomos, int depth, int height, int width)
    {
        lock (Templates)
        {
            if (Templates.TryGetValue((depth, height, width), out var dir)) return dir;
            dir = Path.Combine(Path.GetTempPath(), $"motorpick-review-web-stacks-{Environment.ProcessId}-{depth}x{height}x{width}");
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Parallel.For(0, tomos.Length, i => WriteStack(Path.Combine(dir, tomos[i].Id), tomos[i].TrueMotors, i, depth, height, width));
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } };
            Templates[(depth, height, width)] = dir;
            return dir;
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public int Depth { get; }
    public int Height { get; }
    public int Width { get; }
    public string Root => _tmp.Path;
    public string ReviewDir => Path.Combine(_tmp.Path, "review");
    public string DataDir => Path.Combine(_tmp.Path, "data");
    public string LabelsPath => Path.Combine(_tmp.Path, "labels.csv");
    public string CandidatesPath => Path.Combine(_tmp.Path, "candidates.csv");
    public ReviewSet Review { get; }

    /// <summary>The server's options: logins with the accounts of <see cref="Tokens"/> (and a shared token for alice when given).</summary>
    public ReviewServerOptions Options(string? token = null, string host = "127.0.0.1", string? heatmaps = null) => new()
    {
        ReviewDir = ReviewDir, DataDir = DataDir, HeatmapsDir = heatmaps, Host = host, Port = 0, LocalReviewer = "alice", Token = token,
        SliceCacheBytes = 64L * 1024 * 1024,
    };

    private static void WriteStack(string dir, (double Z, double Y, double X)[] motors, int seed, int depth, int height, int width)
    {
        var planes = new byte[depth * height * width];
        var rng = new Random(seed);
        // Cell envelope: a dark shell around a centre off the middle.
        double cy = height * (0.4 + 0.2 * rng.NextDouble()), cx = width * (0.4 + 0.2 * rng.NextDouble()), radius = Math.Min(height, width) * 0.42;
        for (var z = 0; z < depth; z++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var v = 132 + 14 * Math.Sin((x + 0.7 * z) / 7.0) * Math.Cos((y - 0.4 * z) / 9.0) + (rng.NextDouble() - 0.5) * 34;
                    var shell = Math.Abs(Math.Sqrt((y - cy) * (y - cy) + (x - cx) * (x - cx)) - radius);
                    if (shell < 12) v -= 45 * Math.Exp(-shell * shell / 8.0);
                    foreach (var m in motors)
                    {
                        var d2 = (z - m.Z) * (z - m.Z) * 2.0 + (y - m.Y) * (y - m.Y) + (x - m.X) * (x - m.X);
                        if (d2 > 600) continue;
                        v -= 90 * Math.Exp(-d2 / 30.0);
                        var ring = Math.Sqrt(d2) - 9;
                        v += 35 * Math.Exp(-ring * ring / 4.0);
                    }
                    planes[(z * height + y) * width + x] = (byte)Math.Clamp(v, 0, 255);
                }
        using var w = new JpegSliceStackWriter(dir, depth, height, width);
        w.WriteSlices(0, planes);
        w.Complete();
    }

    /// <summary>Writes a heatmap per tomogram (<c>&lt;dir&gt;/&lt;tomo_id&gt;.npy</c>, float32, 1/<paramref name="stride"/> of the shape):
    /// a blob of height conf at each candidate, as a model's output would look.</summary>
    public string WriteHeatmaps(int stride = 4)
    {
        var dir = Path.Combine(Root, "heatmaps");
        Directory.CreateDirectory(dir);
        int hz = Math.Max(1, Depth / stride), hy = Math.Max(1, Height / stride), hx = Math.Max(1, Width / stride);
        foreach (var t in _tomos)
        {
            var values = new float[hz * hy * hx];
            for (var z = 0; z < hz; z++)
                for (var y = 0; y < hy; y++)
                    for (var x = 0; x < hx; x++)
                    {
                        double v = 0;
                        foreach (var c in t.Candidates)
                        {
                            double dz = (z + 0.5) * stride - c.Z, dy = (y + 0.5) * stride - c.Y, dx = (x + 0.5) * stride - c.X;
                            v = Math.Max(v, c.Conf * Math.Exp(-(dz * dz + dy * dy + dx * dx) / (2 * 8.0 * 8.0)));
                        }
                        values[(z * hy + y) * hx + x] = (float)v;
                    }
            WriteNpy(Path.Combine(dir, t.Id + ".npy"), values, hz, hy, hx);
        }
        return dir;
    }

    /// <summary>A float32 .npy file of shape (z, y, x).</summary>
    public static void WriteNpy(string path, float[] values, int z, int y, int x)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({z}, {y}, {x}), }}";
        header = header.PadRight(118 - 1) + "\n";
        using var f = File.Create(path);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0]);
        f.Write(Encoding.ASCII.GetBytes(header));
        foreach (var v in values) f.Write(BitConverter.GetBytes(v));
    }

    public void Dispose() => _tmp.Dispose();
}
