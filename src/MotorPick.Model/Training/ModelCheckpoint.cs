using System.Collections;
using MotorPick.Core;
using MotorPick.Model.Nn;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MotorPick.Model.Training;

/// <summary>Result of copying a foreign state dict into a model by parameter name.</summary>
public sealed record ImportReport(int Loaded, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, IReadOnlyList<string> ShapeMismatch);

/// <summary>
/// Saving and loading models: <c>NAME.safetensors</c> (state dict with PyTorch-style names, loadable by
/// <c>safetensors.torch.load_file</c> + <c>load_state_dict</c>) plus <c>NAME.json</c> (the <see cref="CheckpointCard"/>).
/// Also imports PyTorch <c>.pt</c> / <c>.safetensors</c> state dicts by parameter name.
/// </summary>
public static class ModelCheckpoint
{
    /// <summary>
    /// Writes the weights and the card (card last, both atomically); returns the card path. <paramref name="beforeCard"/>
    /// writes what must exist before the card does (the ONNX export: a card present means the whole export is there).
    /// </summary>
    public static string Save(string directory, string name, HeatmapUNet3d model, CheckpointCard card, Action<CheckpointCard>? beforeCard = null)
    {
        Directory.CreateDirectory(directory);
        var weightsPath = Path.Combine(directory, name + ".safetensors");
        SaveWeights(model, weightsPath);
        string sha;
        using (var s = File.OpenRead(weightsPath))
            sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(s));
        var final = card with
        {
            Weights = name + ".safetensors",
            WeightsSha256 = sha,
            Model = model.Spec,
            Parameters = model.ParameterCount(),
            OutputStride = model.Spec.OutputStride,
        };
        beforeCard?.Invoke(final);
        var cardPath = Path.Combine(directory, name + ".json");
        AtomicFile.WriteAllText(cardPath, final.ToJson() + "\n");
        return cardPath;
    }

    public static void SaveWeights(nn.Module model, string path) =>
        AtomicFile.Write(path, stream => model.save_safetensors(stream, leaveOpen: true));

    public static void LoadWeights(nn.Module model, string path)
    {
        try
        {
            model.load_safetensors(path, strict: true);
        }
        catch (Exception ex) when (ex is not MotorPickException and not OutOfMemoryException)
        {
            throw new MotorPickException($"cannot load weights: {ex.Message}", path, inner: ex);
        }
    }

    /// <summary>
    /// Builds the network a card describes and loads its weights (from the card's folder), in eval mode on
    /// <paramref name="device"/> (CPU by default). <paramref name="cardOrDirectory"/> is <c>model.json</c> or its folder.
    /// </summary>
    public static (HeatmapUNet3d Model, CheckpointCard Card) Load(string cardOrDirectory, Device? device = null)
    {
        var cardPath = CheckpointCard.PathOf(cardOrDirectory);
        if (!File.Exists(cardPath)) throw new MotorPickException("model card not found", cardPath);
        var card = CheckpointCard.Load(cardPath);
        var weights = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cardPath))!, card.Weights);
        if (!File.Exists(weights)) throw new MotorPickException($"weight file '{card.Weights}' named by the card is missing", cardPath, field: "weights");
        var model = new HeatmapUNet3d(card.Model);
        LoadWeights(model, weights);
        if (device is not null) model.to(device);
        model.eval();
        return (model, card);
    }

    /// <summary>
    /// Copies tensors of a PyTorch state dict (<c>.pt</c> pickle or <c>.safetensors</c>) into <paramref name="model"/>
    /// by name. <paramref name="rename"/> maps foreign names to ours (e.g. strip "module." or "model."); with
    /// <paramref name="strict"/> any missing, unexpected or mis-shaped tensor is an error.
    /// </summary>
    public static ImportReport Import(HeatmapUNet3d model, string path, bool strict = false, Func<string, string>? rename = null)
    {
        if (!File.Exists(path)) throw new MotorPickException("state dict not found", path);
        var foreign = ReadStateDict(path);
        rename ??= DefaultRename;
        var ours = model.state_dict();
        var missing = new HashSet<string>(ours.Keys, StringComparer.Ordinal);
        var unexpected = new List<string>();
        var mismatch = new List<string>();
        int loaded = 0;
        using (no_grad())
        {
            foreach (var (key, tensor) in foreign)
            {
                var name = rename(key);
                if (!ours.TryGetValue(name, out var target)) { unexpected.Add(key); continue; }
                if (!target.shape.SequenceEqual(tensor.shape))
                {
                    mismatch.Add($"{name}: ours [{string.Join(", ", target.shape)}], file [{string.Join(", ", tensor.shape)}]");
                    continue;
                }
                target.copy_(tensor.to(target.dtype));
                missing.Remove(name);
                loaded++;
            }
        }
        foreach (var t in foreign.Values) t.Dispose();
        var report = new ImportReport(loaded, missing.Order(StringComparer.Ordinal).ToArray(), unexpected, mismatch);
        if (strict && (report.Missing.Count > 0 || report.Unexpected.Count > 0 || report.ShapeMismatch.Count > 0))
            throw new MotorPickException(
                $"state dict does not match the model: {report.Missing.Count} missing (e.g. {report.Missing.FirstOrDefault()}), " +
                $"{report.Unexpected.Count} unexpected (e.g. {report.Unexpected.FirstOrDefault()}), {report.ShapeMismatch.Count} of another shape (e.g. {report.ShapeMismatch.FirstOrDefault()})", path);
        return report;
    }

    /// <summary>Strips the wrappers other trainers add: "module." (DataParallel), "model." (Lightning), "ema." .</summary>
    public static string DefaultRename(string key)
    {
        foreach (var prefix in new[] { "module.", "model.", "ema." })
            if (key.StartsWith(prefix, StringComparison.Ordinal)) return DefaultRename(key[prefix.Length..]);
        return key;
    }

    private static Dictionary<string, Tensor> ReadStateDict(string path)
    {
        try
        {
            if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                return Safetensors.LoadStateDict(path);
            var table = PyTorchUnpickler.UnpickleStateDict(path);
            var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (DictionaryEntry e in table)
                if (e.Key is string k && e.Value is Tensor t) dict[k] = t;
            return dict;
        }
        catch (Exception ex) when (ex is not MotorPickException and not OutOfMemoryException)
        {
            throw new MotorPickException($"not a PyTorch state dict (.pt) or safetensors file: {ex.Message}", path, inner: ex);
        }
    }
}
