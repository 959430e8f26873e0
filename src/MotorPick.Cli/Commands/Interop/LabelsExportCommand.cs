using System.CommandLine;
using MotorPick.Core;
using MotorPick.Interop;
using MotorPick.Labels.Tables;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Interop;

/// <summary><c>motorpick labels export</c>: labels or candidates to copick, RELION, the CryoET Data Portal or napari.</summary>
public static class LabelsExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var labels = new Option<string>("--labels") { Description = "gt.csv (any version), train_labels.csv, or a candidates.csv (tomo_id, motor_z, motor_y, motor_x, conf).", Required = true };
        var format = InteropOptions.Format("write");
        var output = new Option<string>("--out") { Description = "Folder to write (a copick project root for copick).", Required = true };
        var tomograms = new Option<string?>("--tomograms") { Description = "For candidates: a gt.csv or train_labels.csv giving each tomogram's shape and voxel spacing." };
        var voxelSize = InteropOptions.VoxelSize();
        var shape = InteropOptions.Shape();
        var user = InteropOptions.User();
        var session = InteropOptions.Session();
        var obj = InteropOptions.Object();
        var binning = new Option<double>("--binning") { Description = "RELION: tilt-series pixels per tomogram voxel (tilt-series pixel size = voxel spacing / binning).", DefaultValueFactory = _ => 1.0 };
        var centre = InteropOptions.Centre();
        var voltage = new Option<double>("--voltage") { Description = "RELION optics group: voltage in kV (RELION requires it; the labels do not record it).", DefaultValueFactory = _ => 300 };
        var cs = new Option<double>("--cs") { Description = "RELION optics group: spherical aberration in mm.", DefaultValueFactory = _ => 2.7 };
        var q0 = new Option<double>("--amplitude-contrast") { Description = "RELION optics group: amplitude contrast.", DefaultValueFactory = _ => 0.1 };
        var original = InteropOptions.OriginalGrid();
        var cmd = new Command("export",
            "Write motor labels or candidates for copick, RELION, the CryoET Data Portal or napari. Every export also writes " +
            "motorpick-geometry.json with the voxel spacing and shape it assumed for each tomogram; candidates keep conf as the pick score.\n\n" +
            "Examples:\n" +
            "  motorpick labels export --labels gt_v3.csv --format copick --out copick_project --user motorpick --session 1\n" +
            "  motorpick labels export --labels gt_v3.csv --format relion5 --out relion --binning 4\n" +
            "  motorpick labels export --labels candidates.csv --tomograms gt.csv --format napari --out napari_points\n" +
            "  motorpick labels export --labels external_gt.csv --format ndjson --out portal --original-grid external/meta")
        { labels, format, output, tomograms, voxelSize, shape, user, session, obj, binning, centre, voltage, cs, q0, original };
        ctx.SetAction(cmd, (p, _) =>
        {
            var table = p.GetValue(tomograms) is { } t ? LabelTables.ReadAsGt(t).Table : null;
            var (set, warnings) = PickSetFiles.Read(p.GetValue(labels)!, PickSetFiles.Geometry(table, InteropOptions.Fixed(p, voxelSize, shape)));
            ctx.PrintWarnings(warnings);
            var options = new ExportOptions
            {
                User = p.GetValue(user) ?? "motorpick",
                Session = p.GetValue(session) ?? "0",
                ObjectName = p.GetValue(obj)!,
                Binning = p.GetValue(binning),
                Centre = InteropOptions.ParseCentre(p.GetValue(centre)) ?? MotorPick.Interop.Conventions.CentreConvention.Relion,
                OriginalGridMeta = p.GetValue(original),
                Voltage = Positive(p.GetValue(voltage), "--voltage"),
                SphericalAberration = p.GetValue(cs) is var c && double.IsFinite(c) && c >= 0 ? c : throw new MotorPickException($"--cs must be a finite number ≥ 0, got {c}", field: "--cs"),
                AmplitudeContrast = p.GetValue(q0) is var a && a is >= 0 and < 1 ? a : throw new MotorPickException($"--amplitude-contrast must be in [0, 1), got {a}", field: "--amplitude-contrast"),
            };
            var fmt = InteropFormats.Parse(p.GetValue(format)!);
            var r = InteropService.Export(set, fmt, p.GetValue(output)!, options);
            var what = r.Kind == PickKind.Labels ? "motors" : "candidates";
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(r.OutDir)}[/] ({InteropFormats.Name(fmt)}): {r.Tomograms} tomograms, {r.Picks} {what}" +
                                   (r.InOriginalGrid > 0 ? $", {r.InOriginalGrid} in their original grid" : "") + ".");
            ctx.Console.MarkupLine($"Voxel spacings and shapes assumed: [bold]{Markup.Escape(r.SidecarPath)}[/]");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static double Positive(double v, string field) =>
        double.IsFinite(v) && v > 0 ? v : throw new MotorPickException($"{field} must be a positive number, got {v}", field: field);
}
