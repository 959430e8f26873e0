using System.CommandLine;
using MotorPick.Cli.Commands;
using Spectre.Console;

namespace MotorPick.Cli;

/// <summary>Builds the <c>motorpick</c> command tree. Each verb lives in its own file under Commands/.</summary>
public static class CliApp
{
    public static int Run(string[] args, IAnsiConsole console)
    {
        var root = BuildRoot(console);
        return root.Parse(args).Invoke();
    }

    public static RootCommand BuildRoot(IAnsiConsole console)
    {
        var ctx = new CliContext(console);
        var root = new RootCommand(
            "MotorPick: find bacterial flagellar motors in cryo-ET tomograms and curate the labels that train the detector.\n\n" +
            "Examples:\n" +
            "  motorpick labels gt --labels train_labels.csv --out gt.csv\n" +
            "  motorpick split --labels gt.csv --folds 5 --seed 42 --out skf5_rd42.json\n" +
            "  motorpick score --labels gt.csv --submission submission.csv");
        // One line per verb; keep the order of the pipeline: data -> labels -> model -> inference -> curation.
        root.Subcommands.Add(SynthCommand.Create(ctx));
        root.Subcommands.Add(VolumeCommand.Create(ctx));
        root.Subcommands.Add(PortalCommand.Create(ctx));
        root.Subcommands.Add(HistogramCommand.Create(ctx));
        root.Subcommands.Add(LabelsCommand.Create(ctx));
        root.Subcommands.Add(SplitCommand.Create(ctx));
        root.Subcommands.Add(ScoreCommand.Create(ctx));
        root.Subcommands.Add(PredictCommand.Create(ctx));
        root.Subcommands.Add(EnsembleCommand.Create(ctx));
        root.Subcommands.Add(SubmitCommand.Create(ctx));
        root.Subcommands.Add(ReviewCommand.Create(ctx));
        root.Subcommands.Add(RoundCommand.Create(ctx));
        root.Subcommands.Add(MergeCommand.Create(ctx));
        root.Subcommands.Add(DemoCommand.Create(ctx));
        root.Subcommands.Add(TrainCommand.Create(ctx));
        root.Subcommands.Add(ExportCommand.Create(ctx));
        root.Subcommands.Add(SlurmCommand.Create(ctx));
        root.Subcommands.Add(Commands.Doctor.DoctorCommand.Create(ctx));
        return root;
    }
}
