using MotorPick.Cli;
using Spectre.Console;

namespace MotorPick.Cli.Tests;

/// <summary>One in-process run: the exit code, stdout, stderr, and both interleaved as a terminal would show them.</summary>
public sealed record CliRun(int Exit, string Out, string Err, string Output);

/// <summary>Runs the motorpick command tree in-process with captured, colourless, unwrapped consoles.</summary>
public static class CliRunner
{
    /// <summary>The exit code and everything printed (stdout and stderr in order), for tests that read one transcript.</summary>
    public static (int Exit, string Output) Run(params string[] args)
    {
        var run = RunStreams(args);
        return (run.Exit, run.Output);
    }

    /// <summary>Runs with stdout and stderr captured apart (and together, in order).</summary>
    public static CliRun RunStreams(params string[] args)
    {
        var both = new StringWriter();
        var stdout = new TeeWriter(new StringWriter(), both);
        var stderr = new TeeWriter(new StringWriter(), both);
        var ctx = new CliContext(Console(stdout), Console(stderr));
        var config = new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr };
        var exit = CliApp.Invoke(CliApp.BuildRoot(ctx), args, config);
        return new CliRun(exit, stdout.Own.ToString(), stderr.Own.ToString(), both.ToString());
    }

    /// <summary>Parses a command line with the real command tree, without running it.</summary>
    public static System.CommandLine.ParseResult Parse(params string[] args)
    {
        var ctx = new CliContext(Console(new StringWriter()), Console(new StringWriter()));
        return CliApp.BuildRoot(ctx).Parse(args);
    }

    private static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        return console;
    }

    /// <summary>Writes to its own buffer and to a shared transcript.</summary>
    private sealed class TeeWriter(StringWriter own, TextWriter shared) : TextWriter
    {
        public StringWriter Own => own;

        public override System.Text.Encoding Encoding => own.Encoding;

        public override void Write(char value)
        {
            lock (shared) { own.Write(value); shared.Write(value); }
        }

        public override void Write(string? value)
        {
            lock (shared) { own.Write(value); shared.Write(value); }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (shared) { own.Write(buffer, index, count); shared.Write(buffer, index, count); }
        }
    }
}
