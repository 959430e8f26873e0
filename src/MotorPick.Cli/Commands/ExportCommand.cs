using System.CommandLine;
using System.Globalization;
using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Inference.Onnx;
using MotorPick.Inference.Torch;
using MotorPick.Model.Export;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick export</c>: a trained checkpoint to an ONNX model with its card, checked against TorchSharp.</summary>
public static class ExportCommand
{
    /// <summary>Largest accepted difference between the engines, relative to the largest logit (float32 reordering gives ~1e-6).</summary>
    public const double CheckTolerance = 1e-4;

    public static Command Create(CliContext ctx)
    {
        var model = new Option<string>("--model") { Description = "MotorPick checkpoint card (model.json) or its folder.", Required = true };
        var output = new Option<string>("--out") { Description = "ONNX file to write; its card goes to <out>.json.", Required = true };
        var noCheck = new Option<bool>("--no-check") { Description = "Skip running one window through ONNX Runtime and TorchSharp to compare the logits." };
        var threads = new Option<int>("--threads") { Description = "Threads for the check (0: all cores).", DefaultValueFactory = _ => 0 };
        var cmd = new Command("export",
            "Export a trained model to ONNX (opset 17, dynamic batch and spatial axes, batch norms folded into the convolutions) with the card " +
            "that predict reads (<out>.json: stride, target spacing, window; the network normalises its raw input itself). " +
            "Then one window runs through ONNX Runtime and TorchSharp and the logits are compared. 'train' writes model.onnx by itself; " +
            "predict runs a checkpoint on its export when model.onnx lies beside model.json.\n\n" +
            "Examples:\n  motorpick export --model runs/fold0/model.json --out runs/fold0/model.onnx\n" +
            "  motorpick export --model runs/fold0/best.json --out x3d_fold0_best.onnx --no-check")
        { model, output, noCheck, threads };
        ctx.SetAction(cmd, (p, _) =>
        {
            var result = OnnxExport.ExportCheckpoint(p.GetValue(model)!, p.GetValue(output)!);
            ctx.Console.MarkupLine($"wrote {Markup.Escape(result.ModelPath)} ({result.Bytes / 1048576.0:F1} MiB, {result.Nodes} nodes) and {Markup.Escape(result.CardPath)}");
            if (!p.GetValue(noCheck))
            {
                var (diff, scale, window) = Check(p.GetValue(model)!, result.ModelPath, p.GetValue(threads));
                var text = string.Create(CultureInfo.InvariantCulture, $"largest difference {diff:g3} with logits up to {scale:g3} on one {window} window");
                if (diff > CheckTolerance * Math.Max(scale, 1))
                    throw new MotorPickException($"the ONNX model disagrees with TorchSharp: {text}; please report this with the model card", result.ModelPath);
                ctx.Console.MarkupLine($"checked against TorchSharp: {Markup.Escape(text)}");
            }
            return CliContext.Ok;
        });
        return cmd;
    }

    /// <summary>Runs one pseudo-random window (the card's, cut to at most 64 voxels an axis) through both engines.</summary>
    private static (double Diff, double Scale, VolumeShape Window) Check(string checkpoint, string onnx, int threads)
    {
        using var torchModel = TorchHeatmapModel.Load(checkpoint, threads: threads);
        using var onnxModel = OnnxHeatmapModel.Load(onnx, options: new OnnxOptions { Threads = Math.Max(0, threads) });
        var patch = torchModel.Card.Patch;
        // windows are multiples of the deepest level's stride, 32 at most (ModelSpec.MaxStride)
        const int maxStride = 32;
        static int Cut(int n) => Math.Max(maxStride, Math.Min(n, 64) / maxStride * maxStride);
        var window = new VolumeShape(Cut(patch.Z), Cut(patch.Y), Cut(patch.X));
        var rng = new Random(20251207);
        var input = new float[window.VoxelCount];
        for (int i = 0; i < input.Length; i++) input[i] = rng.Next(256);
        var want = torchModel.Forward(input, 1, window).Logits;
        var got = onnxModel.Forward(input, 1, window).Logits;
        if (want.Length != got.Length) throw new MotorPickException($"ONNX Runtime returned {got.Length} logits, TorchSharp {want.Length}", onnx);
        double diff = 0, scale = 0;
        for (int i = 0; i < want.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(want[i]));
            double d = Math.Abs(want[i] - got[i]);
            if (!(d <= diff)) diff = double.IsNaN(d) ? double.PositiveInfinity : d;
        }
        return (diff, scale, window);
    }
}
