using System.CommandLine;
using System.Globalization;
using MotorPick.Cli.Commands.Volume;
using MotorPick.Core;
using MotorPick.Core.Sharding;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Files;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Resampling;
using MotorPick.Volumes.Streaming;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick volume info|convert</c>: inspect and convert tomograms (MRC, OME-Zarr, JPEG slice stacks, NPY).</summary>
public static class VolumeCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("volume",
            "Inspect and convert tomograms: MRC (.mrc/.rec/.map/.st/.ali), OME-Zarr directories (read), JPEG slice stacks " +
            "(<dir>/slice_%04d.jpg) and NPY, streamed z-slab by z-slab.\n\n" +
            "Examples:\n  motorpick volume info tomo.mrc\n  motorpick volume convert tomo.mrc out/tomo_x --spacing 16 --normalize percentile");
        cmd.Subcommands.Add(Info(ctx));
        cmd.Subcommands.Add(Convert(ctx));
        return cmd;
    }

    private static Command Info(CliContext ctx)
    {
        var path = new Argument<string>("path") { Description = "A volume file or directory." };
        var level = new Option<int?>("--level") { Description = "OME-Zarr multiscale level (default 0)." };
        var noStats = new Option<bool>("--no-stats") { Description = "Header only: skip the pass over the voxels." };
        var json = new Option<bool>("--json") { Description = "Print the description as one JSON object for machines." };
        var cmd = new Command("info",
            "Print shape (z, y, x), element type, voxel size and min/max/mean/std (one streaming pass) of a volume.\n\n" +
            "Examples:\n  motorpick volume info tomo.mrc\n  motorpick volume info data/train/tomo_003acc\n  motorpick volume info tomo.zarr --level 1\n  motorpick volume info tomo.mrc --no-stats --json")
        { path, level, noStats, json };
        ctx.SetAction(cmd, (p, _) =>
        {
            var d = VolumeInfo.Describe(p.GetValue(path)!, new VolumeOpenOptions { ZarrLevel = p.GetValue(level) }, !p.GetValue(noStats));
            if (p.GetValue(json))
            {
                ctx.WriteJson(VolumeInfoJson(d));
                return CliContext.Ok;
            }
            var t = new Table().AddColumns("property", "value")
                .AddRow("path", Markup.Escape(d.Path))
                .AddRow("format", d.Format.ToString())
                .AddRow("shape (z, y, x)", $"{d.Shape.Z}, {d.Shape.Y}, {d.Shape.X}")
                .AddRow("dtype", d.VoxelType.NumpyName())
                .AddRow("voxel size (A)", d.VoxelSize.IsKnown ? d.VoxelSize.ToString() : "unknown");
            if (d.Statistics is { } s)
            {
                t.AddRow("min / max", $"{G(s.Min)} / {G(s.Max)}").AddRow("mean", G(s.Mean)).AddRow("std", G(s.Std))
                 .AddRow("detected_as_uint8_range", s.DetectedAsUInt8Range ? "true" : "false");
                if (s.NaNCount > 0) t.AddRow("NaN voxels", s.NaNCount.ToString(CultureInfo.InvariantCulture));
            }
            ctx.Console.Write(t);
            return CliContext.Ok;
        });
        return cmd;
    }

    /// <summary>Numbers as numbers; an unknown voxel size is null.</summary>
    private static object VolumeInfoJson(VolumeDescription d) => new
    {
        path = d.Path, format = d.Format.ToString(), shape = new[] { d.Shape.Z, d.Shape.Y, d.Shape.X }, dtype = d.VoxelType.NumpyName(),
        voxel_size = d.VoxelSize.IsKnown ? new[] { d.VoxelSize.Z, d.VoxelSize.Y, d.VoxelSize.X } : null,
        statistics = d.Statistics is { } s
            ? new { min = s.Min, max = s.Max, mean = s.Mean, std = s.Std, detected_as_uint8_range = s.DetectedAsUInt8Range, nan_voxels = s.NaNCount }
            : null,
    };

    private static Command Convert(CliContext ctx)
    {
        var input = new Argument<string>("input") { Description = "Input volume (MRC, NPY, OME-Zarr directory, JPEG slice directory)." };
        var output = new Argument<string>("output") { Description = "Output: .mrc, .npy, .zarr (float32), or any other name = a JPEG slice directory." };
        var spacing = new Option<double?>("--spacing") { Description = "Re-space to this voxel size in A (PyTorch trilinear, output floor(n*ori/target))." };
        var voxelSize = new Option<double?>("--voxel-size") { Description = "Voxel size of the input in A (needed for NPY and JPEG stacks when re-spacing)." };
        var method = new Option<ResampleMethod>("--method") { Description = "TorchTrilinear (reference inference), MonaiSpacing (reference training), Area.", DefaultValueFactory = _ => ResampleMethod.TorchTrilinear };
        var normalize = new Option<string?>("--normalize") { Description = "'percentile': clip to the reference's 0.8791..99.0642 percentiles and scale to [0, 1] (uint8: x255, truncated)." };
        var dtype = new Option<string?>("--dtype") { Description = "uint8 or float32 (default: uint8 for JPEG, normalised or uint8 input, else float32)." };
        var fix = new Option<QuantisationFix>("--fix") { Description = "Wrong-quantisation fix at load: None, CompetitionPlus127, PortalInt8AsUInt8 (portal: only when detected_as_uint8_range).", DefaultValueFactory = _ => QuantisationFix.None };
        var level = new Option<int?>("--level") { Description = "OME-Zarr level to read (default 0)." };
        var quality = new Option<int>("--quality") { Description = "JPEG quality.", DefaultValueFactory = _ => 95 };
        var to = new Option<string?>("--to") { Description = "Directory mode: the input is a directory of volumes and each converts to <output>/<name>.<to>: mrc, npy, zarr or jpeg (a slice directory). Existing outputs are skipped." };
        var shard = new Option<string?>("--shard") { Description = "Directory mode: convert only shard i of n of the volumes (0-based, balanced by input bytes)." };
        var cmd = new Command("convert",
            "Convert a volume between formats, optionally normalising and re-spacing, streaming z-slabs (a 500x1912x1847 tomogram " +
            "converts in well under 3 GB). JPEG output is written to a staging directory and renamed when complete.\n\n" +
            "Examples:\n  motorpick volume convert tomo.mrc out/tomo_x --spacing 16 --normalize percentile\n" +
            "  motorpick volume convert data/train/tomo_00e047 tomo.npy --voxel-size 15.6 --spacing 16\n" +
            "  motorpick volume convert tomo.zarr tomo.mrc --dtype float32\n" +
            "  motorpick volume convert portal/tomograms jpeg/ --to jpeg --spacing 16 --normalize percentile --shard 3/16")
        { input, output, spacing, voxelSize, method, normalize, dtype, fix, level, quality, to, shard };
        ctx.SetAction(cmd, (p, ct) =>
        {
            var norm = p.GetValue(normalize) switch
            {
                null => null,
                "percentile" => PercentileWindow.Reference,
                var other => throw new MotorPickException($"--normalize must be 'percentile', got '{other}'"),
            };
            VoxelType? type = p.GetValue(dtype) switch
            {
                null => null,
                "uint8" => VoxelType.UInt8,
                "float32" => VoxelType.Float32,
                var other => throw new MotorPickException($"--dtype must be uint8 or float32, got '{other}'"),
            };
            var f = p.GetValue(fix);
            var options = new ConversionOptions
            {
                Open = new VolumeOpenOptions { ZarrLevel = p.GetValue(level), VoxelSize = p.GetValue(voxelSize) is { } v ? VoxelSize.Isotropic(v) : null },
                TargetVoxelSize = p.GetValue(spacing),
                Method = p.GetValue(method),
                Normalize = norm,
                OutputType = type,
                LoadFix = f == QuantisationFix.PortalInt8AsUInt8 ? QuantisationFix.None : f,
                PortalFixWhenDetected = f == QuantisationFix.PortalInt8AsUInt8,
                JpegQuality = p.GetValue(quality),
            };
            if (p.GetValue(to) is { } format)
            {
                var part = Shard.ParseOptional(p.GetValue(shard));
                using var outputLock = OutputLocks.TakeForShard(ctx, p, p.GetValue(output)!, part);
                ConvertDirectory(ctx, p.GetValue(input)!, p.GetValue(output)!, format, options, part, ct);
                return CliContext.Ok;
            }
            if (p.GetValue(shard) is not null) throw new MotorPickException("--shard converts a directory of volumes: add --to mrc|npy|zarr|jpeg", field: "--shard");
            if (VolumeDirectoryConversion.IsCollection(p.GetValue(input)!))
                throw new MotorPickException("this directory holds several volumes: add --to mrc|npy|zarr|jpeg to convert each of them", p.GetValue(input)!);
            var result = CliProgress.Run(ctx, "converting", progress => VolumeConversion.Convert(p.GetValue(input)!, p.GetValue(output)!, options, progress, ct));
            var t = new Table().AddColumns("", "input", "output")
                .AddRow("shape (z, y, x)", S(result.InputShape), S(result.OutputShape))
                .AddRow("voxel size (A)", result.InputVoxelSize.IsKnown ? result.InputVoxelSize.ToString() : "unknown",
                    result.OutputVoxelSize.IsKnown ? result.OutputVoxelSize.ToString() : "unknown")
                .AddRow("dtype", "", result.OutputType.NumpyName());
            if (result.Window is { } w) t.AddRow("percentile window", "", $"{G(w.Lower)} .. {G(w.Upper)}");
            if (result.Profile is { } prof) t.AddRow("detected_as_uint8_range", prof.DetectedAsUInt8Range ? "true" : "false", prof.PercentileFix.ToString());
            ctx.Console.Write(t);
            return CliContext.Ok;
        });
        return cmd;
    }

    private static void ConvertDirectory(CliContext ctx, string input, string output, string format, ConversionOptions options, Shard? shard, CancellationToken ct)
    {
        var to = format switch
        {
            "mrc" => VolumeFormat.Mrc,
            "npy" => VolumeFormat.Npy,
            "zarr" => VolumeFormat.OmeZarr,
            "jpeg" or "jpg" => VolumeFormat.JpegStack,
            _ => throw new MotorPickException($"--to must be mrc, npy, zarr or jpeg, got '{format}'", field: "--to"),
        };
        var result = CliProgress.Run(ctx, shard is { } s ? $"converting shard {s}" : "converting", progress =>
            VolumeDirectoryConversion.Convert(input, output, to, options, shard, new SyncProgress<(int Done, int Total, string Name)>(x => progress.Report((double)x.Done / x.Total)), ct));
        foreach (var name in result.Skipped) ctx.Info.MarkupLine($"[grey]skipped {Markup.Escape(name)}: converted by an earlier run[/]");
        ctx.Console.MarkupLine($"{result.Total} volumes{(shard is { } t ? $" in shard {t}" : "")}: {result.Converted.Count} converted, " +
            $"{result.Skipped.Count} already there, in [bold]{Markup.Escape(output)}[/].");
    }

    private static string S(VolumeShape s) => $"{s.Z}, {s.Y}, {s.X}";
    private static string G(double v) => v.ToString("G7", CultureInfo.InvariantCulture);
}
