using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.OnnxRuntime;
using MotorPick.Core.Machine;
using MotorPick.Formats.Geometry;

namespace MotorPick.Inference.Onnx;

/// <summary>What the check of ONNX Runtime's graph optimisations found for one model on this machine.</summary>
/// <param name="Agrees">The optimised graph gives the plain graph's logits within <see cref="OptimisationCheck.Tolerance"/>.</param>
/// <param name="RelativeDifference">Largest |optimised - plain| over the largest |plain| logit.</param>
/// <param name="Detail">What was compared, or why the optimised graph failed.</param>
/// <param name="FromCache">Read from the user cache (checked earlier on this machine) rather than run now.</param>
public sealed record OptimisationVerdict(bool Agrees, double RelativeDifference, string Detail, bool FromCache = false)
{
    /// <summary>The level a session should use given this verdict.</summary>
    public GraphOptimizationLevel Level => Agrees ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_DISABLE_ALL;
}

/// <summary>
/// ONNX Runtime's full graph optimisation (operator fusion, the NCHWc layout on AVX-512, constant folding) can change
/// numbers. Before a model runs optimised, one probe window runs through the optimised and the unoptimised session and
/// the logits are compared; where they disagree the model runs unoptimised, with one warning. The verdict is cached per
/// model file, ONNX Runtime version, CPU and thread count in the user cache (<see cref="UserCache"/>), so it costs
/// two forward passes once per machine, not per command.
/// </summary>
public static class OptimisationCheck
{
    /// <summary>Accepted difference relative to the largest logit (float32 reordering gives ~1e-6).</summary>
    public const double Tolerance = 1e-3;

    private const string CacheKind = "onnx-optimisation-v1";

    // a failed optimised graph has an infinite difference, which plain JSON numbers cannot hold
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Runs one batch of windows and returns the logits (a model's Forward).</summary>
    public delegate float[] Runner(float[] input, int batch, VolumeShape patch);

    /// <summary>Compares the optimised runner with the plain one on a fixed pseudo-random window of raw grey values.</summary>
    public static OptimisationVerdict Compare(Runner optimised, Runner plain, int batch, VolumeShape patch)
    {
        var rng = new Random(20250607);
        var input = new float[checked((int)(batch * patch.VoxelCount))];
        for (int i = 0; i < input.Length; i++) input[i] = rng.Next(256);
        var want = plain(input, batch, patch);
        float[] got;
        try
        {
            got = optimised(input, batch, patch);
        }
        catch (OnnxRuntimeException e)
        {
            return new OptimisationVerdict(false, double.PositiveInfinity, $"the optimised graph failed: {e.Message}");
        }
        var where = $"one {batch}x{patch} window";
        if (got.Length != want.Length) return new OptimisationVerdict(false, double.PositiveInfinity, $"{where}: {got.Length} logits against {want.Length}");
        double scale = 1e-12, diff = 0;
        for (int i = 0; i < want.Length; i++)
        {
            // a NaN or infinity the plain graph gives too is the network's own (e.g. a NaN running variance), not the optimisations'
            if (got[i].Equals(want[i])) continue;
            if (float.IsFinite(want[i])) scale = Math.Max(scale, Math.Abs(want[i]));
            double d = Math.Abs(got[i] - want[i]);
            if (!(d <= diff)) diff = double.IsNaN(d) ? double.PositiveInfinity : d;
        }
        double relative = diff / scale;
        return new OptimisationVerdict(relative <= Tolerance, relative,
            $"{where}: largest difference {diff.ToString("g3", CultureInfo.InvariantCulture)}, {relative.ToString("P2", CultureInfo.InvariantCulture)} of the largest logit");
    }

    /// <summary>The cached verdict for this model file on this machine, or the result of <paramref name="check"/>, cached.</summary>
    public static OptimisationVerdict Cached(string modelPath, OnnxOptions options, Func<OptimisationVerdict> check)
    {
        var key = CacheKey(modelPath, options);
        if (UserCache.Read(CacheKind, key) is { } text)
        {
            try
            {
                var cached = JsonSerializer.Deserialize<OptimisationVerdict>(text, Json);
                if (cached is not null) return cached with { FromCache = true };
            }
            catch (JsonException)
            {
                // a damaged cache entry is checked again
            }
        }
        var verdict = check();
        UserCache.Write(CacheKind, key, JsonSerializer.Serialize(verdict with { FromCache = false }, Json));
        return verdict;
    }

    private static string CacheKey(string modelPath, OnnxOptions options)
    {
        using var file = File.OpenRead(modelPath);
        var model = Convert.ToHexStringLower(SHA256.HashData(file))[..24];
        var ort = new string(OrtEnv.Instance().GetVersionString().Where(c => char.IsAsciiLetterOrDigit(c) || c == '.').ToArray());
        var threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        var device = new string(options.Device.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return $"{model}-ort{ort}-{CpuInfo.Here.Fingerprint()}-{device}-t{threads}";
    }
}
