using MotorPick.Cli;
using Spectre.Console;

namespace MotorPick.Cli.Tests;

/// <summary>Runs the motorpick command tree in-process with a captured, colourless console.</summary>
public static class CliRunner
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
        console.Profile.Width = 240;
        var root = CliApp.BuildRoot(console);
        var config = new System.CommandLine.InvocationConfiguration { Output = writer, Error = writer };
        var exit = root.Parse(args).Invoke(config);
        return (exit, writer.ToString());
    }
}
