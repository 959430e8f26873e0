using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace MotorPick.Cli.Help;

/// <summary>
/// The first screen (<c>motorpick</c>, <c>motorpick --help</c>): one line per verb grouped by pipeline stage, one round
/// of the loop, the global options. Descriptions and examples stay in <c>motorpick &lt;command&gt; --help</c>.
/// </summary>
public sealed class RootHelp(RootCommand root, IReadOnlyList<(Verb Verb, Command Command)> staged)
{
    /// <summary>The heading of verbs registered without a stage (a test keeps this group empty).</summary>
    public const string Unstaged = "other";

    /// <summary>The example round on the first screen (a test parses every line against the tree).</summary>
    public static IReadOnlyList<string> Loop { get; } =
    [
        "motorpick labels gt --labels train_labels.csv --out gt.csv",
        "motorpick split --labels gt.csv --folds 5 --seed 42 --out split.json",
        "motorpick train --labels gt.csv --data train --split split.json --fold 0 --out runs/f0",
        "motorpick predict --model runs/f0/model.json --data train --labels gt.csv --out f0.csv",
        "motorpick review mine --labels gt.csv --candidates f0.csv --out review/r1",
        "motorpick review serve --review review/r1 --data train",
        "motorpick review export-decisions --review review/r1 --out review/r1/decisions.json",
        "motorpick labels patch --labels train_labels.csv --review review/r1 --round r1 --out train_labels_v2.csv",
    ];

    public int Write(TextWriter w)
    {
        w.WriteLine(root.Description);
        w.WriteLine("Usage: motorpick <command> [options]");
        w.WriteLine();
        var rows = Rows();
        var stageWidth = rows.Max(r => r.Stage.Length) + 2;
        var nameWidth = rows.Max(r => r.Name.Length) + 2;
        string? previous = null;
        foreach (var (stage, name, summary) in rows)
        {
            w.WriteLine("  " + (stage == previous ? "" : stage).PadRight(stageWidth) + name.PadRight(nameWidth) + summary);
            previous = stage;
        }
        w.WriteLine();
        w.WriteLine("One round by hand (motorpick round run --config round.json runs it from a recipe):");
        foreach (var line in Loop) w.WriteLine("  " + line);
        w.WriteLine();
        w.WriteLine("Options:");
        var options = root.Options.Select(o => (Names: Names(o), o.Description ?? "")).ToList();
        var optionWidth = options.Max(o => o.Names.Length) + 2;
        foreach (var (names, description) in options) w.WriteLine("  " + names.PadRight(optionWidth) + description);
        w.WriteLine();
        w.WriteLine("Results go to stdout; progress, warnings and errors to stderr. Exit codes: 0 done, 1 failed, 2 usage error, 130 cancelled (Ctrl+C or SIGTERM).");
        w.WriteLine("Run 'motorpick <command> --help' for a command's options and examples.");
        return CliContext.Ok;
    }

    /// <summary>The command rows in stage order (registration order within a stage), unstaged verbs last.</summary>
    public IReadOnlyList<(string Stage, string Name, string Summary)> Rows()
    {
        var byCommand = staged.ToDictionary(s => s.Command, s => s.Verb);
        return root.Subcommands
            .Select((c, i) => (Command: c, Index: i, Verb: byCommand.GetValueOrDefault(c)))
            .OrderBy(x => x.Verb is null ? int.MaxValue : (int)x.Verb.Stage).ThenBy(x => x.Index)
            .Select(x => (x.Verb?.Stage.Heading() ?? Unstaged, x.Command.Name, x.Verb?.Summary ?? FirstLine(x.Command.Description)))
            .ToList();
    }

    /// <summary>"-q, --quiet": the Unix spellings only (System.CommandLine also accepts /? and /h for help).</summary>
    private static string Names(Option o) =>
        string.Join(", ", o.Aliases.Append(o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal) || (n.Length == 2 && n[0] == '-' && char.IsLetter(n[1])))
            .OrderBy(n => n.Length));

    private static string FirstLine(string? text) => (text ?? "").Split('\n')[0];
}

/// <summary>Shows <see cref="RootHelp"/> for <c>motorpick --help</c>, and the usual help for every other command.</summary>
internal sealed class RootHelpAction(RootHelp firstScreen, CommandLineAction? fallback) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult) =>
        parseResult.CommandResult.Command is RootCommand || fallback is not SynchronousCommandLineAction usual
            ? firstScreen.Write(parseResult.InvocationConfiguration.Output)
            : usual.Invoke(parseResult);
}
