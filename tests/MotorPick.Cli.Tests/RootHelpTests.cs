using MotorPick.Cli.Help;
using Spectre.Console;

namespace MotorPick.Cli.Tests;

/// <summary>The first screen: one line per verb grouped by stage, one round of the loop, under 40 lines.</summary>
public class RootHelpTests
{
    private static readonly string[] Headings = Enum.GetValues<Stage>().Select(s => s.Heading()).ToArray();

    [Fact]
    public void Root_help_is_under_40_lines()
    {
        var run = CliRunner.RunStreams("--help");
        Assert.Equal(0, run.Exit);
        var lines = Lines(run.Out);
        Assert.True(lines.Length < 40, $"motorpick --help has {lines.Length} lines:\n{run.Out}");
        Assert.Empty(run.Err);
    }

    [Fact]
    public void Root_help_names_every_registered_verb_once_in_the_command_list()
    {
        var root = CliApp.BuildRoot(Quiet());
        var rows = CommandRows(CliRunner.RunStreams("--help").Out);
        Assert.Equal(root.Subcommands.Select(c => c.Name).Order(), rows.Select(r => r.Name).Order());
        Assert.Equal(CliApp.Verbs.Count, root.Subcommands.Count);
    }

    [Fact]
    public void Every_verb_has_a_stage()
    {
        var root = CliApp.BuildRoot(Quiet());
        var unstaged = new RootHelp(root, []).Rows();
        Assert.All(unstaged, r => Assert.Equal(RootHelp.Unstaged, r.Stage)); // without the registry, all would be "other"
        var rows = CommandRows(CliRunner.RunStreams("--help").Out);
        Assert.DoesNotContain(rows, r => r.Stage == RootHelp.Unstaged);
    }

    [Fact]
    public void Root_help_has_each_group_heading_once_in_stage_order()
    {
        var headings = CommandRows(CliRunner.RunStreams("--help").Out).Select(r => r.Stage).Distinct().ToArray();
        Assert.Equal(Headings, headings);
    }

    [Fact]
    public void Motorpick_alone_shows_the_first_screen()
    {
        var alone = CliRunner.RunStreams();
        Assert.Equal(0, alone.Exit);
        Assert.Equal(CliRunner.RunStreams("--help").Out, alone.Out);
    }

    [Fact]
    public void Root_help_points_to_command_help_and_keeps_examples_there()
    {
        var root = CliRunner.RunStreams("--help").Out;
        Assert.Contains("motorpick <command> --help", root);
        Assert.DoesNotContain("Examples:", root);
        var gt = CliRunner.RunStreams("labels", "gt", "--help");
        Assert.Equal(0, gt.Exit);
        Assert.Contains("Examples:", gt.Out);
        Assert.Contains("motorpick labels gt --labels train_labels_v2.csv --out gt_v2.csv", gt.Out);
    }

    [Fact]
    public void Every_line_of_the_example_round_parses()
    {
        var root = CliApp.BuildRoot(Quiet());
        foreach (var line in RootHelp.Loop)
        {
            var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("motorpick", args[0]);
            var parse = root.Parse(args[1..]);
            Assert.True(parse.Errors.Count == 0, $"{line}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    private static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');

    /// <summary>The rows of the command list: "  stage  name  summary", the stage left blank after a group's first row.</summary>
    private static List<(string Stage, string Name)> CommandRows(string help)
    {
        var rows = new List<(string Stage, string Name)>();
        string? stage = null;
        var lines = Lines(help);
        var start = Array.FindIndex(lines, l => Headings.Any(h => l.StartsWith("  " + h + " ", StringComparison.Ordinal)));
        Assert.True(start >= 0, help);
        foreach (var line in lines.Skip(start).TakeWhile(l => l.Length > 0))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var continued = line.StartsWith("   ", StringComparison.Ordinal);
            if (!continued) stage = words[0];
            rows.Add((stage!, continued ? words[0] : words[1]));
        }
        return rows;
    }

    private static IAnsiConsole Quiet() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
}
