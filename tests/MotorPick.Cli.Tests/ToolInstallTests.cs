using System.Diagnostics;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

/// <summary>
/// SLOW (25 to 50 s on a quiet 2-core machine, over 3 minutes when it is busy: mostly dotnet pack zipping libtorch): the README's install as a
/// .NET tool, end to end. Packs the already built src/MotorPick.Cli (dotnet pack --no-build, the configuration of
/// this test run), installs it into a temporary --tool-path from that folder, and runs the installed command. Needs
/// about 1.5 GB free in the temporary folder while it runs.
/// </summary>
public class ToolInstallTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private static readonly string Dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    [Fact]
    [Trait("Speed", "slow")]
    public void Slow_the_packed_tool_installs_into_a_tool_path_and_runs_version_and_doctor()
    {
        using var tmp = Fixtures.TempDir();
        var project = Path.Combine(RepositoryRoot(), "src", "MotorPick.Cli");
        // The tool's publish folder (about 550 MB) goes to the temporary folder too, not into the project's bin/.
        Run(Dotnet, ["pack", project, "-c", Configuration, "--no-build", "-o", tmp.File("pack"), "-nologo", $"-p:PublishDir={tmp.File("publish")}/"], TimeSpan.FromSeconds(300));
        Assert.Single(Directory.GetFiles(tmp.File("pack"), "motorpick.*.nupkg"));
        Run(Dotnet, ["tool", "install", "motorpick", "--tool-path", tmp.File("tools"), "--add-source", tmp.File("pack")], TimeSpan.FromSeconds(120));

        var motorpick = tmp.File(Path.Combine("tools", "motorpick"));
        var version = Run(motorpick, ["--version"], TimeSpan.FromSeconds(30));
        Assert.StartsWith(typeof(CliApp).Assembly.GetName().Version!.ToString(3), version.Trim());
        // One small preset keeps the kernel probe short; the engines' lines show that libtorch and ONNX Runtime load.
        var doctor = Run(motorpick, ["doctor", "--preset", "tiny"], TimeSpan.FromSeconds(120));
        Assert.Matches(@"libtorch: 2\.\d+.*ok", doctor);
        Assert.Matches(@"ONNX Runtime: 1\.\d+.*ok", doctor);
        Assert.Contains("doctor: everything asked for works correctly here", doctor);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MotorPick.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no MotorPick.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs a program to its end; fails with its output unless it exits 0 within <paramref name="timeout"/>.</summary>
    private static string Run(string exe, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(exe)} {string.Join(' ', args)} did not finish in {timeout.TotalSeconds} s");
        }
        var output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(exe)} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        return output;
    }
}
