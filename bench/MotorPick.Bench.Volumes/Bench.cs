using System.Diagnostics;
using System.Globalization;
using MotorPick.Core.Machine;

/// <summary>Runs every job in its own process (MotorPick: this program; reference: bench/volumes/reference_pipeline.py)
/// in alternating pairs (MotorPick, Python, MotorPick, Python, ...) and prints, per job, the median wall time (measured
/// here, process start included) and the median peak RSS (the VmHWM each child prints at its end) of each side and their
/// ratios. Pairs share whatever else the machine is doing, so a busy machine slows both sides of a pair alike; the load
/// average is printed before and after so a reader can judge. <c>--only motorpick</c> re-runs the MotorPick side alone.</summary>
internal static class Bench
{
    private sealed record Sample(double Seconds, long PeakKb, double Cpu);

    public static int Run(string[] args)
    {
        var work = Path.Combine(Path.GetTempPath(), "motorpick-bench-volumes");
        var repeats = 3;
        string? only = null;
        string[] jobs = ["job1", "job2", "job3"];
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--only": only = args[++i]; break;
                case "--jobs": jobs = args[++i].Split(','); break;
                default: work = args[i]; break;
            }
        }
        if (only is not (null or "motorpick" or "python")) throw new ArgumentException($"--only {only}: expected motorpick or python");
        var self = Environment.ProcessPath!;
        var script = FindScript();
        Directory.CreateDirectory(work);
        Console.WriteLine($"CPU: {CpuInfo.Here.Describe()}");
        Console.WriteLine($"load average before: {LoadAverage()}; work dir {work}; {repeats} pair(s) per job, alternating MotorPick / Python");
        Console.WriteLine("generating the 300x960x928 float32 tomogram (15.6 A) and its JPEG slices (once) ...");
        Exec(self, ["gen", work], quiet: true);
        var python = "/usr/bin/python3";
        if (only != "motorpick" && Execute(python, ["-c", "import numpy, torch, PIL, mrcfile, zarr"], out _) != 0)
        {
            Console.Error.WriteLine("the Python side needs python3-torch python3-numpy python3-pil python3-mrcfile python3-zarr (apt-get install -y ...)");
            return 1;
        }
        var mrc = Path.Combine(work, "tomo.mrc");
        var slices = Path.Combine(work, "slices", "tomo_bench");
        var zarr = Path.Combine(work, "tomo.zarr");
        var rows = new List<(string Job, List<Sample> Mp, List<Sample> Py)>();
        foreach (var job in jobs)
        {
            var mpOut = Path.Combine(work, "out_mp");
            var pyOut = Path.Combine(work, "out_py");
            string[] mpArgs = job switch
            {
                "job1" => ["job1", mrc, mpOut, "15.6"],
                "job2" => ["job2", slices, "15.6"],
                "job3" => ["job3", zarr, mpOut],
                _ => throw new ArgumentException($"unknown job {job}: expected job1, job2 or job3"),
            };
            string[] pyArgs = [script, .. mpArgs.Select(a => a == mpOut ? pyOut : a)];
            var (mp, py) = (new List<Sample>(), new List<Sample>());
            for (var r = 0; r < repeats; r++)
            {
                foreach (var d in new[] { mpOut, pyOut }) if (Directory.Exists(d)) Directory.Delete(d, true);
                if (only != "python") mp.Add(Exec(self, mpArgs));
                if (only != "motorpick") py.Add(Exec(python, pyArgs));
            }
            rows.Add((job, mp, py));
        }
        Console.WriteLine();
        Console.WriteLine($"CPU: {CpuInfo.Here.Describe()}");
        Console.WriteLine($"load average after: {LoadAverage()} ({Environment.ProcessorCount} cores){(Busy() ? " -- the machine was busy with other work: absolute times are inflated, pairs share the disturbance" : "")}");
        Console.WriteLine($"medians of {repeats}; wall time includes process start; peak memory = VmHWM of the process");
        Console.WriteLine();
        Console.WriteLine("| job | MotorPick s | Python s | speed-up | MotorPick peak MB | Python peak MB | MotorPick CPU s | Python CPU s | MotorPick runs s | Python runs s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (job, mp, py) in rows)
        {
            string M(List<Sample> s, Func<Sample, double> f, string fmt) => s.Count == 0 ? "-" : Median(s.Select(f)).ToString(fmt, CultureInfo.InvariantCulture);
            string All(List<Sample> s) => s.Count == 0 ? "-" : string.Join(" ", s.Select(x => x.Seconds.ToString("F2", CultureInfo.InvariantCulture)));
            var speedUp = mp.Count > 0 && py.Count > 0 ? (Median(py.Select(x => x.Seconds)) / Median(mp.Select(x => x.Seconds))).ToString("F1", CultureInfo.InvariantCulture) + "x" : "-";
            var name = job switch
            {
                "job1" => "MRC float32 300x960x928 @ 15.6 A -> percentile -> 16 A -> uint8 JPEG q95",
                "job2" => "JPEG stack (300 slices) -> uint8 volume at 16 A",
                _ => "portal ingest: OME-Zarr float32 (int8 values) 300x960x928 @ 10 A -> stats, histogram, percentile -> 16 A -> uint8 JPEG q95",
            };
            Console.WriteLine($"| {name} | {M(mp, x => x.Seconds, "F2")} | {M(py, x => x.Seconds, "F2")} | **{speedUp}** | {M(mp, x => x.PeakKb / 1024.0, "F0")} | {M(py, x => x.PeakKb / 1024.0, "F0")} | {M(mp, x => x.Cpu, "F1")} | {M(py, x => x.Cpu, "F1")} | {All(mp)} | {All(py)} |");
        }
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static bool Busy() =>
        File.Exists("/proc/loadavg") && double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) > Environment.ProcessorCount + 0.5;

    private static string FindScript()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "bench", "volumes", "reference_pipeline.py"))) dir = dir.Parent;
        return dir is null ? throw new FileNotFoundException("bench/volumes/reference_pipeline.py") : Path.Combine(dir.FullName, "bench", "volumes", "reference_pipeline.py");
    }

    private static Sample Exec(string exe, string[] args, bool quiet = false)
    {
        var sw = Stopwatch.StartNew();
        var rc = Execute(exe, args, out var output);
        var s = sw.Elapsed.TotalSeconds;
        if (!quiet || rc != 0) Console.Write(output);
        if (rc != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed with {rc}");
        var tokens = output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var kb = tokens.Where(t => t.StartsWith("peak_rss_kb=", StringComparison.Ordinal))
            .Select(t => long.Parse(t["peak_rss_kb=".Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        var cpu = tokens.Where(t => t.StartsWith("cpu_s=", StringComparison.Ordinal))
            .Select(t => double.Parse(t["cpu_s=".Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        return new Sample(s, kb, cpu);
    }

    private static int Execute(string exe, string[] args, out string output)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) output += err.Result;
        return p.ExitCode;
    }
}
