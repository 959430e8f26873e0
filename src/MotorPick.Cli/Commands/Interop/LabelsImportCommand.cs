using System.CommandLine;
using MotorPick.Interop;
using MotorPick.Labels.Tables;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Interop;

/// <summary><c>motorpick labels import</c>: picks from copick, RELION, the CryoET Data Portal or napari to a MotorPick table.</summary>
public static class LabelsImportCommand
{
    public static Command Create(CliContext ctx)
    {
        var format = InteropOptions.Format("read");
        var input = new Option<string>("--in") { Description = "A copick project folder or config (or one picks JSON); a RELION particles.star, optimisation_set.star or folder; an ndjson file or folder; a napari CSV or folder.", Required = true };
        var output = new Option<string>("--out") { Description = "train_labels.csv to write (labels), or candidates.csv (candidates: tomo_id, motor_z, motor_y, motor_x, conf).", Required = true };
        var labels = new Option<string?>("--labels", "--tomograms") { Description = "A gt.csv or train_labels.csv giving each tomogram's shape and voxel spacing." };
        var voxelSize = InteropOptions.VoxelSize();
        var shape = InteropOptions.Shape();
        var kind = new Option<string?>("--as") { Description = "labels or candidates (default: what the export's sidecar says, else candidates when the file has scores)." }
            .AcceptOnlyFromAmong("labels", "candidates");
        var user = InteropOptions.User();
        var session = InteropOptions.Session();
        var obj = InteropOptions.Object();
        var binning = new Option<double?>("--binning") { Description = "RELION without tomograms.star: tilt-series pixels per tomogram voxel (default: the sidecar's, else 1)." };
        var centre = InteropOptions.Centre();
        var original = InteropOptions.OriginalGrid();
        var tomoId = new Option<string?>("--tomo-id") { Description = "The tomogram of a single ndjson or napari file (default: its run folder or file name)." };
        var cmd = new Command("import",
            "Read motor picks from copick, RELION, the CryoET Data Portal or napari into train_labels.csv (or candidates.csv). " +
            "Each tomogram's voxel spacing and shape come from the file, the export's motorpick-geometry.json, --labels, or --voxel-size with --shape; " +
            "sources that disagree and points outside the tomogram are refused with the point and the convention named.\n\n" +
            "Examples:\n" +
            "  motorpick labels import --format copick --in copick_project --user annotator --labels gt.csv --out train_labels_copick.csv\n" +
            "  motorpick labels import --format relion5 --in relion/optimisation_set.star --out train_labels_relion.csv\n" +
            "  motorpick labels import --format ndjson --in TS_7/Reconstructions --voxel-size 13.48 --shape 500x928x960 --out portal_labels.csv\n" +
            "  motorpick labels import --format napari --in napari_points --labels gt.csv --as candidates --out candidates.csv")
        { format, input, output, labels, voxelSize, shape, kind, user, session, obj, binning, centre, original, tomoId };
        ctx.SetAction(cmd, (p, _) =>
        {
            GtTable? table = null;
            if (p.GetValue(labels) is { } path)
            {
                var (t, warnings) = LabelTables.ReadAsGt(path);
                ctx.PrintWarnings(warnings);
                table = t;
            }
            var options = new ImportOptions
            {
                Tomograms = table,
                VoxelSize = p.GetValue(voxelSize),
                Shape = InteropOptions.ParseShape(p.GetValue(shape)),
                Kind = p.GetValue(kind) switch { "labels" => PickKind.Labels, "candidates" => PickKind.Candidates, _ => null },
                User = p.GetValue(user),
                Session = p.GetValue(session),
                ObjectName = p.GetValue(obj)!,
                Binning = p.GetValue(binning),
                Centre = InteropOptions.ParseCentre(p.GetValue(centre)),
                OriginalGridMeta = p.GetValue(original),
                TomoId = p.GetValue(tomoId),
            };
            var fmt = InteropFormats.Parse(p.GetValue(format)!);
            var r = InteropService.Import(fmt, p.GetValue(input)!, options);
            foreach (var note in r.Notes) ctx.Info.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
            PickSetFiles.Write(r.Set, p.GetValue(output)!);
            var what = r.Set.Kind == PickKind.Labels ? "motors (labels)" : "candidates";
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {r.Set.Tomograms.Count} tomograms, {r.Set.PickCount} {what}.");
            return CliContext.Ok;
        });
        return cmd;
    }
}
