using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MotorPick.Core;

namespace MotorPick.Cli.Tests.Chaos;

/// <summary>
/// The chaos procedure of a long command: an uninterrupted reference run (its output directory then moved aside, so the
/// interrupted runs write the very same paths), then runs killed with SIGKILL after random delays drawn from a seeded RNG
/// (a fraction of the reference's time), then one rerun to completion that is compared with the reference.
/// </summary>
public sealed class ChaosRun
{
    private ChaosRun(string outDir, ChildRun reference, IReadOnlyList<ChildRun> interrupted)
    {
        OutDir = outDir;
        ReferenceDir = outDir + ".reference";
        Reference = reference;
        Interrupted = interrupted;
    }

    /// <summary>Where the command writes (the interrupted runs and the final rerun).</summary>
    public string OutDir { get; }

    /// <summary>The reference run's outputs.</summary>
    public string ReferenceDir { get; }

    public ChildRun Reference { get; }

    /// <summary>The runs that were started and killed (a run may have finished before its kill came).</summary>
    public IReadOnlyList<ChildRun> Interrupted { get; }

    /// <summary>How many of <see cref="Interrupted"/> were actually killed.</summary>
    public int KillCount => Interrupted.Count(r => r.Killed);

    /// <summary>
    /// Runs <paramref name="args"/> (writing only under <paramref name="outDir"/>) once to completion, moves the outputs to
    /// <see cref="ReferenceDir"/>, then starts it <paramref name="kills"/> times, killing each after a random share (10-70 %) of
    /// the reference's time (which includes the process start, about half a second). Every killed run's successor must not fail (a stale lock is taken over).
    /// </summary>
    public static ChaosRun Start(string outDir, IReadOnlyList<string> args, int seed, int kills = 3)
    {
        var reference = ChildCli.Ok(args);
        Directory.Move(outDir, outDir + ".reference");
        var rng = new Random(seed);
        var runs = new List<ChildRun>();
        for (var i = 0; i < kills; i++)
        {
            // a resumed run has less left to do than the reference: some kills come after its end, which is fine
            var delay = reference.Elapsed * (0.1 + 0.6 * rng.NextDouble());
            var run = ChildCli.Run(args, killAfter: delay);
            Assert.True(run.Killed || run.Exit == 0, $"interrupted run {i} exited {run.Exit}:\n{run.Output}");
            runs.Add(run);
        }
        return new ChaosRun(outDir, reference, runs);
    }

    /// <summary>The rerun to completion.</summary>
    public ChildRun Finish(IReadOnlyList<string> args) => ChildCli.Ok(args);

    /// <summary>Relative path (with '/') to bytes of every file under <paramref name="dir"/>, except those <paramref name="skip"/> names.</summary>
    public static SortedDictionary<string, byte[]> Files(string dir, Func<string, bool>? skip = null)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/');
            if (skip?.Invoke(rel) != true) files[rel] = File.ReadAllBytes(f);
        }
        return files;
    }

    /// <summary>
    /// The same files, byte for byte, in the reference and the interrupted directory, with two exceptions that differ
    /// between two uninterrupted runs as well: the wall-clock lines of model cards (<c>created_utc</c>, <c>steps_per_second</c>, <c>train_seconds</c>), and the entry times of zip
    /// files (taken from the files' modification times), whose entries are compared by name and content instead.
    /// </summary>
    public void AssertSameOutputs(Func<string, bool>? skip = null)
    {
        var expected = Files(ReferenceDir, skip);
        var actual = Files(OutDir, skip);
        Assert.Equal(expected.Keys.ToList(), actual.Keys.ToList());
        var differ = expected.Where(kv => !Canonical(kv.Key, kv.Value).AsSpan().SequenceEqual(Canonical(kv.Key, actual[kv.Key]))).Select(kv => kv.Key).ToList();
        Assert.True(differ.Count == 0, $"{differ.Count} of {expected.Count} files differ from the uninterrupted run: {string.Join(", ", differ.Take(10))}");
    }

    /// <summary>Model-card lines that hold wall-clock measurements (when, how fast, how long).</summary>
    private static readonly string[] WallClockKeys = ["\"created_utc\"", "\"steps_per_second\"", "\"train_seconds\""];

    private static byte[] Canonical(string rel, byte[] bytes)
    {
        // a training's progress.png is drawn from its log, which gains one row at each resume (the first step after
        // it is always logged): the picture of a resumed run has a few more points; its existence is what is compared
        if (rel == "progress.png" || rel.EndsWith("/progress.png", StringComparison.Ordinal)) return [];
        if (rel.EndsWith(".zip", StringComparison.Ordinal))
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var entries = zip.Entries.Select(e =>
            {
                using var stream = e.Open();
                return $"{e.FullName} {Convert.ToHexString(SHA256.HashData(stream))}";
            });
            return Encoding.UTF8.GetBytes(string.Join('\n', entries));
        }
        if (rel.EndsWith(".json", StringComparison.Ordinal))
        {
            var text = Encoding.UTF8.GetString(bytes);
            if (text.Contains("\"created_utc\"", StringComparison.Ordinal))
                return Encoding.UTF8.GetBytes(string.Join('\n', text.Split('\n').Where(l => !WallClockKeys.Any(k => l.TrimStart().StartsWith(k, StringComparison.Ordinal)))));
        }
        return bytes;
    }

    /// <summary>Nothing a killed run leaves behind: temporary files and staging directories, lock files, parts directories.</summary>
    public void AssertNoLeftovers()
    {
        var leftovers = Directory.EnumerateFileSystemEntries(OutDir, "*", SearchOption.AllDirectories)
            .Select(e => Path.GetRelativePath(OutDir, e))
            .Where(e => e.Contains(AtomicFile.TempMarker, StringComparison.Ordinal) || Path.GetFileName(e).StartsWith(".motorpick", StringComparison.Ordinal)
                        || e.EndsWith(".parts", StringComparison.Ordinal))
            .ToList();
        Assert.True(leftovers.Count == 0, "left over: " + string.Join(", ", leftovers));
    }

    /// <summary>A line of the final rerun: in <paramref name="text"/> (whitespace-normalised output).</summary>
    public static void AssertLogged(ChildRun run, string line) =>
        Assert.True(run.Text.Contains(line, StringComparison.Ordinal), $"'{line}' is not in the output:\n{run.Output}");

    /// <summary>A one-line account of the run for the test log.</summary>
    public string Describe(ChildRun final) =>
        $"reference {Reference.Elapsed.TotalSeconds:F1} s; {KillCount} of {Interrupted.Count} runs killed at " +
        string.Join(", ", Interrupted.Select(r => $"{r.Elapsed.TotalSeconds:F1} s{(r.Killed ? "" : " (finished)")}")) + $"; rerun {final.Elapsed.TotalSeconds:F1} s";
}
