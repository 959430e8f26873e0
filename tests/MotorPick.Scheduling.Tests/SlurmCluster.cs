using MotorPick.Tests;
using System.Diagnostics;
using MotorPick.Cli;
using Spectre.Console;
using Xunit.Sdk;

namespace MotorPick.Scheduling.Tests;

/// <summary>
/// The single-node Slurm cluster of .ci/slurm/setup.sh, and the repository's rule for tests that need a system package
/// (as in tests/MotorPick.Review.Web.Tests): skipped with the reason where Slurm is missing, a failure where
/// <c>MOTORPICK_REQUIRE_SYSTEM_TESTS=1</c> (CI, which installs and starts it).
/// </summary>
public static class SlurmCluster
{
    public const string Install = "apt-get install -y slurm-wlm munge && .ci/slurm/setup.sh (as root)";

    /// <summary>Null when a cluster answers (sinfo lists a node that takes jobs), else why not.</summary>
    public static string? Problem()
    {
        try
        {
            var info = new ProcessStartInfo("sinfo", ["--noheader", "--format=%T"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(info)!;
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            if (!p.WaitForExit(20_000)) return "sinfo did not answer within 20 s";
            if (p.ExitCode != 0) return $"no Slurm controller answers ({error.Trim()})";
            return output.Split('\n').Any(s => s.StartsWith("idle", StringComparison.Ordinal) || s.StartsWith("mix", StringComparison.Ordinal) || s.StartsWith("alloc", StringComparison.Ordinal))
                ? null : $"no Slurm node takes jobs (sinfo: {output.Trim()})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "Slurm is not installed (no sinfo)";
        }
    }

    /// <summary>Inside a test that runs: fails clearly when the cluster is missing after all.</summary>
    public static void Require()
    {
        if (Problem() is { } why) throw new XunitException($"a Slurm cluster is required here ({SystemTests.RequireVariable}=1) but {why}; set it up with: {Install}");
    }

    /// <summary>Runs a motorpick command line in this process with a captured, colourless console.</summary>
    public static (int Exit, string Output) Motorpick(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(writer), Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        var exit = CliApp.BuildRoot(console).Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = writer, Error = writer });
        return (exit, writer.ToString());
    }
}

/// <summary>A fact that needs a running Slurm cluster: skipped without one, unless system tests are required.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!SystemTests.Required && SlurmCluster.Problem() is { } why)
            Skip = $"{why} ({SlurmCluster.Install}); set {SystemTests.RequireVariable}=1 to make this a failure";
    }
}
