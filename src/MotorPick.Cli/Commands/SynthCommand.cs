using System.CommandLine;
using System.Globalization;
using MotorPick.Cli.Commands.Synth;
using MotorPick.Core;
using MotorPick.Synthetic.Output;
using MotorPick.Synthetic.Randomisation;
using MotorPick.Synthetic.Scene;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick synth</c>: synthetic tomograms with known motors (demo data, test corpus, accuracy benchmark).</summary>
public static class SynthCommand
{
    public static Command Create(CliContext ctx)
    {
        var output = new Option<string>("--out") { Description = "Output directory (resumable: finished tomograms are skipped).", Required = true };
        var preset = new Option<string>("--preset") { Description = "tiny (32x96x96), demo (~40 x 96x320x320 at 16 Å), bench (200, a third of the competition field), competition (full sizes), randomised (200, every appearance parameter drawn per tomogram: docs/synthetic.md).", DefaultValueFactory = _ => "demo" };
        var count = new Option<int?>("--count") { Description = "Number of tomograms (default: the preset's)." };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same seed and options give byte-identical files.", DefaultValueFactory = _ => 1 };
        var snr = new Option<double?>("--snr") { Description = "Signal-to-noise ratio (variance ratio after the blur); default: drawn per tomogram in [0.6, 1.6]." };
        var drop = new Option<double>("--label-drop") { Description = "Fraction of motors left out of train_labels.csv (truth.csv keeps all).", DefaultValueFactory = _ => 0.0 };
        var jitter = new Option<double>("--label-jitter-a") { Description = "Standard deviation (Å, per axis) of the error added to labelled positions.", DefaultValueFactory = _ => 0.0 };
        var format = new Option<string>("--format") { Description = "jpeg (competition slices only), mrc or zarr (also portal-style float32 files and ndjson points), all.", DefaultValueFactory = _ => "jpeg" };
        var scale = new Option<double?>("--scale") { Description = "Shrink (or grow) the field of view; physical sizes stay the same." };
        var filaments = new Option<double?>("--filament-fraction") { Description = "Fraction of motors with a hook and filament (default 0.8)." };
        var holdOut = new Option<string?>("--hold-out") { Description = "With --preset randomised: draw this family (motor, imaging or sample) from its held-out ranges, disjoint from the training ranges." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores); the output does not depend on it.", DefaultValueFactory = _ => 0 };
        var cmd = new Command("synth",
            "Generate synthetic cryo-ET tomograms of bacteria with flagellar motors at known positions, in the competition layout: " +
            "train/<tomo_id>/slice_%04d.jpg, train_labels.csv (optionally incomplete and jittered), truth.csv (every motor) and synth.json (every parameter).\n\n" +
            "Examples:\n  motorpick synth --out data/demo --preset demo\n" +
            "  motorpick synth --out data/bench --preset bench --count 200 --seed 7 --label-drop 0.3 --label-jitter-a 50\n" +
            "  motorpick synth --out data/portal --preset tiny --format all\n" +
            "  motorpick synth --out data/heldout-motor --preset randomised --count 32 --seed 9 --hold-out motor\n" +
            "  motorpick synth preview --data data/demo --tomo tomo_3f2a1c --out preview.png")
        { output, preset, count, seed, snr, drop, jitter, format, scale, filaments, holdOut, threads };
        cmd.Subcommands.Add(SynthPreviewCommand.Create(ctx));
        ctx.SetAction(cmd, (p, ct) =>
        {
            var options = SynthPresets.Get(p.GetValue(preset)!) with
            {
                Seed = p.GetValue(seed),
                LabelDrop = p.GetValue(drop),
                LabelJitterA = p.GetValue(jitter),
            };
            if (p.GetValue(count) is { } n) options = options with { Count = n };
            if (p.GetValue(snr) is { } s) options = options with { Snr = s };
            if (p.GetValue(scale) is { } sc) options = options with { Scale = sc };
            if (p.GetValue(filaments) is { } f) options = options with { FilamentFraction = f };
            if (p.GetValue(holdOut) is { } family)
            {
                if (options.Randomisation is null)
                    throw new MotorPickException($"--hold-out needs a randomised preset; '{options.Preset}' draws no families", field: "--hold-out");
                options = options with { Randomisation = options.Randomisation with { HoldOut = RandomisationOptions.ParseFamily(family) } };
            }
            var formats = ParseFormats(p.GetValue(format)!);
            var dir = p.GetValue(output)!;
            using var outputLock = OutputLocks.Take(ctx, p, dir);
            outputLock.DeleteLeftovers();
            SynthDatasetResult? result = null;
            ctx.Info.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(pc =>
                {
                    var task = pc.AddTask($"synth {options.Preset}", maxValue: options.Count);
                    result = SyntheticDatasetWriter.Write(dir, options, formats, p.GetValue(threads), new TaskProgress(task), ct);
                });
            var r = result!;
            var t = new Table().AddColumns("", "").HideHeaders()
                .AddRow("output", Markup.Escape(r.Root))
                .AddRow("tomograms", $"{r.Tomograms} ({r.Generated} generated, {r.Skipped} already there)")
                .AddRow("motors (truth.csv)", r.Motors.ToString(CultureInfo.InvariantCulture))
                .AddRow("motors labelled (train_labels.csv)", r.LabelledMotors.ToString(CultureInfo.InvariantCulture))
                .AddRow("time", $"{r.Elapsed.TotalSeconds:F1} s");
            ctx.Console.Write(t);
            return CliContext.Ok;
        });
        return cmd;
    }

    private static SynthFormats ParseFormats(string value) => value switch
    {
        "jpeg" => SynthFormats.Jpeg,
        "mrc" => SynthFormats.Jpeg | SynthFormats.Mrc,
        "zarr" => SynthFormats.Jpeg | SynthFormats.Zarr,
        "all" => SynthFormats.All,
        _ => throw new MotorPickException($"unknown format '{value}'; expected jpeg, mrc, zarr or all", field: "--format"),
    };

    /// <summary>Advances a Spectre progress task synchronously from the generator's worker threads.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<SynthProgress>
    {
        public void Report(SynthProgress value) => task.Value = value.Done;
    }
}
