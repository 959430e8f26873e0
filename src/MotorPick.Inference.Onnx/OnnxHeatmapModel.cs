using Microsoft.ML.OnnxRuntime;
using MotorPick.Core;
using MotorPick.Core.Machine;
using MotorPick.Formats.Geometry;
using MotorPick.Inference.Models;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Inference.Onnx;

/// <summary>Runtime settings of the ONNX backend.</summary>
public sealed record OnnxOptions
{
    /// <summary>Intra-op threads (0: ONNX Runtime's default, one per core).</summary>
    public int Threads { get; init; }

    /// <summary>"cpu" or "cuda" (cuda needs MotorPick built with -p:MotorPickGpu=true: ONNX Runtime's CUDA build).</summary>
    public string Device { get; init; } = "cpu";
}

/// <summary>
/// An ONNX heatmap network (input <c>N x 1 x D x H x W</c> float32, output logits <c>N x 1 x d x h x w</c>) run with
/// ONNX Runtime. The model card (<see cref="ModelCard"/>, found beside the file or given) supplies the stride,
/// spacing, window size and the normalisation applied here before the network (none by default).
/// </summary>
public sealed class OnnxHeatmapModel : IHeatmapModel
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly string _path;
    private float[] _scratch = [];

    private OnnxHeatmapModel(InferenceSession session, ModelCard card, string path)
    {
        _session = session;
        _path = path;
        Card = card;
        _inputName = card.InputName ?? session.InputMetadata.Keys.First();
        _outputName = card.OutputName ?? session.OutputMetadata.Keys.First();
        if (!session.InputMetadata.ContainsKey(_inputName))
            throw new MotorPickException($"model has no input '{_inputName}' (inputs: {string.Join(", ", session.InputMetadata.Keys)})", path, field: "input_name");
        if (!session.OutputMetadata.ContainsKey(_outputName))
            throw new MotorPickException($"model has no output '{_outputName}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)})", path, field: "output_name");
        var dims = session.InputMetadata[_inputName].Dimensions;
        if (dims.Length != 5)
            throw new MotorPickException($"input '{_inputName}' has {dims.Length} dimensions, expected 5 (N, 1, D, H, W)", path);
    }

    public ModelCard Card { get; }

    /// <summary>Loads <paramref name="path"/>; the card is <paramref name="card"/>, else the one beside the file (required).</summary>
    public static OnnxHeatmapModel Load(string path, ModelCard? card = null, OnnxOptions? options = null)
    {
        if (!File.Exists(path)) throw new MotorPickException("ONNX model not found", path);
        if (card is null)
        {
            var cardPath = ModelCard.FindBeside(path)
                ?? throw new MotorPickException("no model card beside the ONNX file: write <model>.onnx.json with stride, target_spacing, patch_size (and input_mean/input_std unless the network normalises its input)", path);
            card = ModelCard.Load(cardPath);
        }
        options ??= new OnnxOptions();
        card = card.Validate(path);
        // both sessions are opened only when this model has not been checked on this machine yet
        var verdict = OptimisationCheck.Cached(path, options, () =>
        {
            using var plain = Open(path, card, options, GraphOptimizationLevel.ORT_DISABLE_ALL);
            using var optimised = Open(path, card, options, GraphOptimizationLevel.ORT_ENABLE_ALL);
            return OptimisationCheck.Compare(optimised.Logits, plain.Logits, 1, optimised.ProbeWindow());
        });
        if (!verdict.Agrees)
            EngineWarnings.Warn($"{path}: ONNX Runtime's graph optimisations changed the logits on this machine ({verdict.Detail}); running the model unoptimised");
        var model = Open(path, card, options, verdict.Level);
        model.Optimisation = verdict;
        return model;
    }

    /// <summary>What the check of the graph optimisations found (null while the model is being checked).</summary>
    public OptimisationVerdict? Optimisation { get; private set; }

    /// <summary>The graph optimisation level this session runs at.</summary>
    public GraphOptimizationLevel Level { get; private set; }

    private static OnnxHeatmapModel Open(string path, ModelCard card, OnnxOptions options, GraphOptimizationLevel level)
    {
        var so = new SessionOptions { GraphOptimizationLevel = level };
        if (options.Threads > 0) so.IntraOpNumThreads = options.Threads;
        switch (options.Device.ToLowerInvariant())
        {
            case "cpu":
                break;
            case "cuda":
                if (!OnnxCuda.InThisBuild)
                {
                    so.Dispose();
                    throw new MotorPickException(OnnxCuda.NotInThisBuild, path, field: "device");
                }
                try
                {
                    // TF32 off: full fp32 convolutions, so GPU candidates match the CPU's (bench/gpu/check.sh compares them).
                    using var cuda = new OrtCUDAProviderOptions();
                    cuda.UpdateOptions(new Dictionary<string, string> { ["device_id"] = "0", ["use_tf32"] = "0" });
                    so.AppendExecutionProvider_CUDA(cuda);
                }
                catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
                {
                    so.Dispose();
                    throw new MotorPickException(OnnxCuda.CannotStart(e.Message), path, field: "device");
                }
                break;
            default:
                so.Dispose();
                throw new MotorPickException($"unknown device '{options.Device}': expected cpu or cuda", field: "device");
        }
        try
        {
            return new OnnxHeatmapModel(new InferenceSession(path, so), card, path) { Level = level };
        }
        catch (OnnxRuntimeException e)
        {
            throw new MotorPickException($"ONNX Runtime cannot load the model: {e.Message}", path, inner: e);
        }
        finally
        {
            so.Dispose();
        }
    }

    /// <summary>
    /// The window the optimisation check runs: the input's fixed sizes, and up to 64 voxels (a multiple of every
    /// stride the presets use) along the dynamic ones, so the check costs a fraction of a full window.
    /// </summary>
    private VolumeShape ProbeWindow()
    {
        var dims = _session.InputMetadata[_inputName].Dimensions;
        int Size(int axis) => dims[axis + 2] > 0 ? dims[axis + 2] : Math.Min(Card.PatchSize[axis], 64);
        return new VolumeShape(Size(0), Size(1), Size(2));
    }

    private float[] Logits(float[] input, int batch, VolumeShape patch) => Forward(input, batch, patch).Logits;

    public HeatmapBatch Forward(float[] input, int batch, VolumeShape patch)
    {
        var n = checked((int)(batch * patch.VoxelCount));
        if (input.Length < n) throw new ArgumentException($"{batch} patches of {patch} need {n} values, got {input.Length}", nameof(input));
        var data = input;
        if (!Card.IsRawInput)
        {
            if (_scratch.Length < n) _scratch = new float[n];
            float mean = (float)Card.InputMean, inv = (float)(1.0 / Card.InputStd);
            for (var i = 0; i < n; i++) _scratch[i] = (input[i] - mean) * inv;
            data = _scratch;
        }
        long[] shape = [batch, 1, patch.Z, patch.Y, patch.X];
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(data, 0, n), shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_inputName], [value], [_outputName]);
        var output = outputs[0];
        var dims = output.GetTensorTypeAndShape().Shape;
        if (dims.Length != 5 || dims[0] != batch || dims[1] != 1)
            throw new MotorPickException($"output '{_outputName}' has shape [{string.Join(", ", dims)}], expected [{batch}, 1, d, h, w]", _path);
        var outShape = new VolumeShape((int)dims[2], (int)dims[3], (int)dims[4]);
        return new HeatmapBatch(output.GetTensorDataAsSpan<float>().ToArray(), batch, outShape, Card.Stride);
    }

    public void Dispose() => _session.Dispose();
}
