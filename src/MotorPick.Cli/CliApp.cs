using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using MotorPick.Cli.Commands;
using MotorPick.Cli.Help;
using MotorPick.Cli.Streams;
using Spectre.Console;

namespace MotorPick.Cli;

/// <summary>Builds the <c>motorpick</c> command tree. Each verb lives in its own file under Commands/.</summary>
public static class CliApp
{
    /// <summary>
    /// Every verb, one line each: its stage (its group in <c>motorpick --help</c>), its one-line summary there, its factory.
    /// A verb added to the root any other way has no stage, which <c>RootHelpTests</c> refuses.
    /// </summary>
    public static IReadOnlyList<Verb> Verbs { get; } =
    [
        new(Stage.Setup, "the whole loop on synthetic tomograms, nothing to download (start here)", DemoCommand.Create),
        new(Stage.Setup, "what this machine can do, and whether every fast kernel is right on it", Commands.Doctor.DoctorCommand.Create),
        new(Stage.Data, "synthetic tomograms with motors at known positions, in the competition layout", SynthCommand.Create),
        new(Stage.Data, "fetch tomograms and labels from the CryoET Data Portal, resumably", PortalCommand.Create),
        new(Stage.Volumes, "inspect and convert MRC, OME-Zarr, JPEG slice stacks and NPY", VolumeCommand.Create),
        new(Stage.Volumes, "the reference's intensity histograms, with a wrong-quantisation check", HistogramCommand.Create),
        new(Stage.Labels, "build, combine, compare, patch, export and import label tables", LabelsCommand.Create),
        new(Stage.Labels, "stratified K-fold splits, fold for fold as scikit-learn", SplitCommand.Create),
        new(Stage.Model, "train the 3D U-Net heatmap detector", TrainCommand.Create),
        new(Stage.Model, "export a trained model to ONNX, for the fast inference engine", ExportCommand.Create),
        new(Stage.Inference, "predict motor candidates: sliding windows, TTA, decoding", PredictCommand.Create),
        new(Stage.Inference, "fuse candidate files (3D weighted-boxes fusion)", EnsembleCommand.Create),
        new(Stage.Inference, "threshold candidates into a submission", SubmitCommand.Create),
        new(Stage.Inference, "competition F2 and local-validation metrics", ScoreCommand.Create),
        new(Stage.Curation, "mine disagreements, render them, review in the browser or CVAT", ReviewCommand.Create),
        new(Stage.Rounds, "run a pseudo-labelling round from a recipe, apply its review", RoundCommand.Create),
        new(Stage.Rounds, "combine tables written per fold or per shard", MergeCommand.Create),
        new(Stage.ScaleOut, "run a sharded command as a Slurm array job, follow and resubmit it", SlurmCommand.Create),
    ];

    /// <summary>The process entry point: results on stdout, progress and errors on stderr.</summary>
    public static int Run(string[] args)
    {
        var ctx = new CliContext(CliConsoles.Stdout(), CliConsoles.Stderr());
        Core.Machine.EngineWarnings.Redirect(ctx.Warn); // kernel and engine fall-backs, as every other warning
        var root = BuildRoot(ctx);
        return InvokeAsync(root, args, ProcessConfig, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// SIGTERM (Slurm's scancel, systemd's stop) and Ctrl+C cancel the command's token; the command then has this long to
    /// finish its current file and release its lock before System.CommandLine gives up and exits 143. Slurm sends SIGKILL
    /// 30 s after SIGTERM (its default KillWait), so this stays below that; System.CommandLine's own default is 2 s, which
    /// a training step or a tomogram's conversion can outlast.
    /// </summary>
    private static readonly InvocationConfiguration ProcessConfig = new() { ProcessTerminationTimeout = TimeSpan.FromSeconds(25) };

    /// <summary>The tree writing everything to one console (tests that read one transcript).</summary>
    public static RootCommand BuildRoot(IAnsiConsole console) => BuildRoot(new CliContext(console));

    public static RootCommand BuildRoot(CliContext ctx)
    {
        var root = new RootCommand("MotorPick finds bacterial flagellar motors in cryo-ET tomograms and curates the labels that train the detector.");
        root.Options.Add(ctx.QuietOption);
        var staged = new List<(Verb Verb, Command Command)>();
        foreach (var verb in Verbs)
        {
            var command = verb.Create(ctx);
            root.Subcommands.Add(command);
            staged.Add((verb, command));
        }
        var firstScreen = new RootHelp(root, staged);
        foreach (var help in root.Options.OfType<HelpOption>())
            help.Action = new RootHelpAction(firstScreen, help.Action);
        // `motorpick` alone shows the first screen instead of "Required command was not provided".
        root.SetAction(parse => firstScreen.Write(parse.InvocationConfiguration.Output));
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A usage error (unknown option, missing argument, a value that does not parse)
    /// prints one line per problem and a pointer to the command's help on stderr, nothing on stdout, and exits 2.
    /// </summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, InvocationConfiguration? config, CancellationToken ct)
    {
        var parse = root.Parse(args);
        if (parse.Action is not ParseErrorAction) return await parse.InvokeAsync(config, ct);
        var error = config?.Error ?? System.Console.Error;
        foreach (var e in parse.Errors) error.WriteLine($"error: {e.Message}");
        error.WriteLine($"Run '{CommandPath(parse.CommandResult)} --help' for its options and examples.");
        return CliContext.Usage;
    }

    public static int Invoke(RootCommand root, string[] args, InvocationConfiguration? config = null) =>
        InvokeAsync(root, args, config, CancellationToken.None).GetAwaiter().GetResult();

    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is System.CommandLine.Parsing.CommandResult c) names.Add(c.Command is RootCommand ? "motorpick" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
