using System.Text.RegularExpressions;
using MotorPick.Cli;
using MotorPick.Core;
using Spectre.Console;

namespace MotorPick.DiskFull.Tests;

/// <summary>Runs motorpick in-process with a captured console that never wraps, and checks what a full disk leaves.</summary>
public static partial class Cli
{
    public static (int Exit, string Output) Run(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 4000; // one line per message, so that paths can be matched
        var config = new System.CommandLine.InvocationConfiguration { Output = writer, Error = writer };
        var exit = CliApp.BuildRoot(console).Parse(args).Invoke(config);
        return (exit, writer.ToString());
    }

    /// <summary>Runs a command that must succeed.</summary>
    public static string Ok(params string[] args)
    {
        var (exit, output) = Run(args);
        Assert.True(exit == 0, $"motorpick {string.Join(' ', args)} exited {exit}:\n{output}");
        return output;
    }

    /// <summary>Runs a command that must fail on the full disk with exit code 1 and the full-disk message; returns the message line.</summary>
    public static string FailsFull(params string[] args)
    {
        var (exit, output) = Run(args);
        Assert.True(exit == 1, $"motorpick {string.Join(' ', args)} should fail with exit code 1 on the full disk, exited {exit}:\n{output}");
        var line = output.Split('\n').FirstOrDefault(l => FullMessage().IsMatch(l));
        Assert.True(line is not null, $"no full-disk message in:\n{output}");
        return line!.Trim();
    }

    /// <summary>"No space left on device writing PATH: needed about N more (...)" or "Not enough space for PATH: needs about N, M free ...".</summary>
    [GeneratedRegex(@"(No space left on device writing \S+: needed (about|at least) \d+(\.\d)? (bytes|KB|MB|GB)|Not enough space for \S+: needs about \d+(\.\d)? (bytes|KB|MB|GB), \d+(\.\d)? (bytes|KB|MB|GB) free on \S+)[^;]*; free .* and rerun")]
    private static partial Regex FullMessage();

    /// <summary>Files and directories under <paramref name="root"/> whose names mark them as temporary (AtomicFile, staging, partial downloads).</summary>
    public static string[] TempEntries(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Where(AtomicFile.IsTempName).ToArray();

    /// <summary>Every file under <paramref name="root"/> (relative path -> bytes), except those named in <paramref name="except"/>.</summary>
    public static SortedDictionary<string, byte[]> Tree(string root, params string[] except)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root, f);
            if (except.Any(e => rel == e || rel.StartsWith(e + Path.DirectorySeparatorChar, StringComparison.Ordinal))) continue;
            files[rel] = File.ReadAllBytes(f);
        }
        return files;
    }

    public static void SameTree(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.ToList(), actual.Keys.ToList());
        foreach (var (k, v) in expected) Assert.True(v.AsSpan().SequenceEqual(actual[k]), $"{k} differs from the run with enough space");
    }
}
