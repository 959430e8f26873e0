using System.CommandLine;
using MotorPick.Synthetic.Preview;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Synth;

/// <summary><c>motorpick synth preview</c>: a montage PNG of a synthetic tomogram's motors and decoys.</summary>
public static class SynthPreviewCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new Option<string>("--data") { Description = "A directory written by motorpick synth (its synth.json; the tomogram is found as --data of every command finds it).", Required = true };
        var tomo = new Option<string>("--tomo") { Description = "The tomogram id (see synth.json or train_labels.csv).", Required = true };
        var output = new Option<string>("--out") { Description = "PNG file to write.", Required = true };
        var decoys = new Option<int>("--decoys") { Description = "How many decoys to show.", DefaultValueFactory = _ => 4 };
        var cmd = new Command("preview",
            "Render a montage to judge realism at a glance: the slice through the first motor, then for each motor its x-y slice and x-z section, " +
            "then a few decoys; circles of 1000 Å radius (green: motors, red: decoys).\n\n" +
            "Examples:\n  motorpick synth preview --data data/demo --tomo tomo_3f2a1c --out preview.png\n" +
            "  motorpick synth preview --data data/bench --tomo tomo_0b1e77 --out p.png --decoys 8")
        { data, tomo, output, decoys };
        ctx.SetAction(cmd, (p, _) =>
        {
            var items = SynthPreview.Render(p.GetValue(data)!, p.GetValue(tomo)!, p.GetValue(output)!, p.GetValue(decoys));
            var t = new Table().AddColumns("shown", "kind");
            foreach (var i in items) t.AddRow(i.IsMotor ? "[green]motor[/]" : "[red]decoy[/]", Markup.Escape(i.Kind));
            ctx.Console.Write(t);
            ctx.Console.MarkupLine($"wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]");
            return CliContext.Ok;
        });
        return cmd;
    }
}
