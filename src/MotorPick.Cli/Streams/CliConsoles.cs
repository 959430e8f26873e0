using Spectre.Console;

namespace MotorPick.Cli.Streams;

/// <summary>The Spectre consoles of the real process: one on stdout, one on stderr, each unwrapped when it is not a terminal.</summary>
public static class CliConsoles
{
    /// <summary>
    /// The width given to a console that is not a terminal. Spectre wraps at 80 columns there, which splits an error over
    /// lines for grep and breaks JSON for jq; this is wider than any line MotorPick prints, so nothing wraps. Widgets that
    /// fill the whole width (Rule, expanding Columns) must not be written to such a console.
    /// </summary>
    public const int UnwrappedWidth = 1 << 16;

    public static IAnsiConsole Stdout() => For(System.Console.Out, System.Console.IsOutputRedirected);

    public static IAnsiConsole Stderr() => For(System.Console.Error, System.Console.IsErrorRedirected);

    /// <summary>A console writing to <paramref name="writer"/>; colours and width follow the terminal unless <paramref name="redirected"/>.</summary>
    public static IAnsiConsole For(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected) console.Profile.Width = UnwrappedWidth;
        return console;
    }

    /// <summary>A console that drops everything: where --quiet sends progress and notes.</summary>
    public static IAnsiConsole Null() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Out = new AnsiConsoleOutput(TextWriter.Null),
        Interactive = InteractionSupport.No,
    });

    /// <summary>True when <paramref name="console"/> is a terminal (so a widget as wide as the screen is wanted).</summary>
    public static bool IsTerminal(IAnsiConsole console) => console.Profile.Out.IsTerminal;
}
