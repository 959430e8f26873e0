using Spectre.Console;

namespace MotorPick.Cli.Streams;

/// <summary>A section heading: a rule across a terminal, a plain line elsewhere (a rule would fill the unwrapped width).</summary>
internal static class Heading
{
    public static void Write(IAnsiConsole console, string markup)
    {
        if (CliConsoles.IsTerminal(console)) console.Write(new Rule(markup));
        else console.MarkupLine($"-- {markup} --");
    }
}
