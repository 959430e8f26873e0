using System.Diagnostics;
using System.Globalization;

/// <summary>Runs every job in its own process (MotorPick: this program; reference: bench/volumes/reference_pipeline.py)
/// and prints wall time (measured here, process start included) and peak RSS (the VmHWM each child prints at its end).</summary>
internal static class Bench
{
    public static int Run(string work)
    {
        var self = Environment.ProcessPath!;
        var script = FindScript();
        Directory.CreateDirectory(work);
        Console.WriteLine($"work dir {work}; generating the 300x960x928 float32 tomogram (15.6 A) and its JPEG slices ...");
        Exec(self, ["gen", work]);
        var python = "/usr/bin/python3";
        if (Execute(python, ["-c", "import numpy, torch, PIL, mrcfile"], out _) != 0)
        {
            Console.Error.WriteLine("python3-torch python3-numpy python3-pil python3-mrcfile are needed: apt-get install -y python3-torch python3-numpy python3-pil python3-mrcfile");
            Console.Error.WriteLine("trying apt-get ...");
            Execute("apt-get", ["install", "-y", "-qq", "python3-torch", "python3-numpy", "python3-pil", "python3-mrcfile"], out _);
        }
        var mrc = Path.Combine(work, "tomo.mrc");
        var slices = Path.Combine(work, "slices", "tomo_bench");
        var rows = new List<(string Job, double MpS, long MpKb, double MpCpu, double PyS, long PyKb, double PyCpu)>();
        foreach (var job in new[] { "job1", "job2" })
        {
            var mpOut = Path.Combine(work, "out_mp");
            var pyOut = Path.Combine(work, "out_py");
            foreach (var d in new[] { mpOut, pyOut }) if (Directory.Exists(d)) Directory.Delete(d, true);
            string[] mpArgs = job == "job1" ? ["job1", mrc, mpOut, "15.6"] : ["job2", slices, "15.6"];
            string[] pyArgs = job == "job1" ? [script, "job1", mrc, pyOut, "15.6"] : [script, "job2", slices, "15.6"];
            var (mpS, mpKb, mpCpu) = Exec(self, mpArgs);
            var (pyS, pyKb, pyCpu) = Exec(python, pyArgs);
            rows.Add((job, mpS, mpKb, mpCpu, pyS, pyKb, pyCpu));
        }
        Console.WriteLine();
        Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores)");
        Console.WriteLine("| job | MotorPick wall s | Python wall s | speed-up (wall) | MotorPick CPU s | Python CPU s | MotorPick peak RSS MB | Python peak RSS MB | memory ratio |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(r.Job == "job1" ? "1: MRC f32 -> percentile -> 16 A -> JPEG" : "2: JPEG -> uint8 at 16 A")} | {r.MpS:F2} | {r.PyS:F2} | {r.PyS / r.MpS:F1}x | {r.MpCpu:F1} | {r.PyCpu:F1} | {r.MpKb / 1024.0:F0} | {r.PyKb / 1024.0:F0} | {(double)r.MpKb / r.PyKb:F2} |"));
        return 0;
    }

    private static string FindScript()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "bench", "volumes", "reference_pipeline.py"))) dir = dir.Parent;
        return dir is null ? throw new FileNotFoundException("bench/volumes/reference_pipeline.py") : Path.Combine(dir.FullName, "bench", "volumes", "reference_pipeline.py");
    }

    private static (double Seconds, long PeakKb, double Cpu) Exec(string exe, string[] args)
    {
        var sw = Stopwatch.StartNew();
        var rc = Execute(exe, args, out var output);
        var s = sw.Elapsed.TotalSeconds;
        Console.Write(output);
        if (rc != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed with {rc}");
        var kb = output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(t => t.StartsWith("peak_rss_kb=", StringComparison.Ordinal))
            .Select(t => long.Parse(t["peak_rss_kb=".Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        var cpu = output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(t => t.StartsWith("cpu_s=", StringComparison.Ordinal))
            .Select(t => double.Parse(t["cpu_s=".Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        return (s, kb, cpu);
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
