using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MotorPick.Model.Nn;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Doctor;

/// <summary><c>motorpick doctor</c>: what this machine can do, and whether MotorPick computes correctly on it.</summary>
public static class DoctorCommand
{
    public static Command Create(CliContext ctx)
    {
        var presets = new Option<string[]>("--preset") { Description = "Model presets whose kernels to probe (repeat or comma-separate; default: every preset).", AllowMultipleArgumentsPerToken = true };
        var device = new Option<string>("--device") { Description = "cpu or cuda: the device to probe kernels on; cuda also requires a GPU.", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads, as train and predict would use (0: one per core).", DefaultValueFactory = _ => 0 };
        var precision = new Option<string>("--precision") { Description = "fp32, fp16 or bf16: the convolution type to probe (as train --precision).", DefaultValueFactory = _ => "fp32" };
        precision.AcceptOnlyFromAmong("fp32", "fp16", "bf16");
        var require = new Option<string[]>("--require") { Description = $"Fail (exit 1) unless these optional features work: {string.Join(", ", DoctorReport.Requirable)}.", AllowMultipleArgumentsPerToken = true };
        var model = new Option<string?>("--model") { Description = "An ONNX model (.onnx with its card) whose graph optimisations to verify on this machine." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON for machines." };
        var cmd = new Command("doctor",
            "Say what this machine can do and whether MotorPick is right on it: CPU model and instruction sets, threads, libtorch, ONNX Runtime and " +
            "libvips versions, CUDA devices, fonts for plot text, Chromium and Slurm for the optional features, and the kernel probe of each model " +
            "preset: every fast kernel (channels-last convolutions and pooling, mixed precision) is compared with plain libtorch on this machine, and " +
            "one that disagrees falls back to the plain kernel. Exits 1 when something asked for (--device, --require, a probe) cannot work correctly.\n\n" +
            "Examples:\n" +
            "  motorpick doctor\n" +
            "  motorpick doctor --preset x3d-m,tiny --threads 2\n" +
            "  motorpick doctor --device cuda --precision fp16 --preset x3d-m\n" +
            "  motorpick doctor --require chromium,slurm --json")
        { presets, device, threads, precision, require, model, json };
        ctx.SetAction(cmd, (p, _) =>
        {
            var names = Split(p.GetValue(presets));
            foreach (var n in names) ModelPresets.Get(n); // unknown names fail here, naming the field
            var required = Split(p.GetValue(require)).ToHashSet(StringComparer.Ordinal);
            if (required.FirstOrDefault(r => !DoctorReport.Requirable.Contains(r)) is { } bad)
                throw new Core.MotorPickException($"unknown feature '{bad}': expected one of {string.Join(", ", DoctorReport.Requirable)}", field: "require");
            var request = new DoctorRequest(names.Count > 0 ? names : ModelPresets.Names, p.GetValue(device)!, p.GetValue(threads), p.GetValue(precision)!, required, p.GetValue(model));
            var report = DoctorReport.Gather(request);
            if (p.GetValue(json)) ctx.WriteJson(report, JsonOptions);
            else Print(ctx.Console, report);
            return report.Healthy ? CliContext.Ok : CliContext.Failed;
        });
        return cmd;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static List<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();

    private static void Print(IAnsiConsole console, DoctorReport report)
    {
        var facts = new Table().AddColumns("", "", "status", "").Border(TableBorder.Simple);
        foreach (var f in report.Facts)
            facts.AddRow(Markup.Escape(f.Area), Markup.Escape(f.Name) + ": " + Markup.Escape(f.Value), Status(f.Status), Markup.Escape(f.Hint ?? ""));
        console.Write(facts);

        var probes = new Table().AddColumns("preset", "type", "signatures", "channels-last", "plain", "fell back", "probe ms").Border(TableBorder.Simple);
        foreach (var p in report.Probes)
            probes.AddRow(Markup.Escape(p.Preset), p.Precision, N(p.Signatures), N(p.Fast), N(p.Plain),
                p.Error is not null ? "[red]error[/]" : p.FellBack.Count == 0 ? "[green]0[/]" : $"[yellow]{p.FellBack.Count}[/]", p.Milliseconds.ToString("F0", CultureInfo.InvariantCulture));
        console.MarkupLine("[bold]kernel probe[/]: each fast kernel against plain libtorch on this machine (output and every gradient)");
        console.Write(probes);
        foreach (var p in report.Probes)
        {
            if (p.Error is not null) console.MarkupLine($"[red]error:[/] {Markup.Escape(p.Preset)}: {Markup.Escape(p.Error)}");
            foreach (var line in p.FellBack) console.MarkupLine($"[yellow]fell back[/] ({Markup.Escape(p.Preset)}): {Markup.Escape(line)}");
        }
        console.MarkupLine(report.Healthy
            ? "[green]doctor: everything asked for works correctly here[/]" + (report.Probes.Any(p => p.FellBack.Count > 0) ? " (some kernels run on the slower plain path)" : "")
            : "[red]doctor: something asked for cannot work correctly here (see above)[/]");
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Status(FactStatus s) => s switch
    {
        FactStatus.Ok => "[green]ok[/]",
        FactStatus.Missing => "[grey]missing[/]",
        FactStatus.Degraded => "[yellow]slower[/]",
        _ => "[red]problem[/]",
    };
}
