using System.Globalization;
using MotorPick.Core;

namespace MotorPick.Volumes.Histograms;

/// <summary>Progress of a resumable histogram run: tomogram <paramref name="Done"/> of <paramref name="Total"/>, and whether
/// it was taken from an earlier run's part instead of computed.</summary>
public readonly record struct HistogramProgress(int Done, int Total, string TomoId, bool Skipped);

/// <summary>
/// A resumable <see cref="TomogramHistograms.ComputeAll"/>: each finished tomogram is kept as
/// <c>&lt;parts&gt;/&lt;tomo_id&gt;.json</c> (one-entry histogram.json, written atomically), so a killed run's rerun computes only
/// the missing ones. The parts directory records the options it was made with (<c>options.txt</c>); parts made with other
/// options are discarded. The caller writes the final file and then calls <see cref="Finish"/>.
/// </summary>
public static class HistogramParts
{
    private const string OptionsFile = "options.txt";

    public static IReadOnlyList<TomogramHistogram> ComputeAll(IReadOnlyList<HistogramInput> inputs, HistogramOptions options, string partsDir,
        IProgress<HistogramProgress>? progress = null, CancellationToken cancellation = default)
    {
        Prepare(partsDir, Fingerprint(options));
        var result = new List<TomogramHistogram>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var input = inputs[i];
            var part = Identifiers.Child(partsDir, input.TomoId, ".json");
            var done = File.Exists(part) ? HistogramJson.Read(part) : null;
            if (done is [var earlier] && earlier.TomoId == input.TomoId)
            {
                result.Add(earlier);
                progress?.Report(new HistogramProgress(i + 1, inputs.Count, input.TomoId, Skipped: true));
                continue;
            }
            var computed = TomogramHistograms.ComputeAll([input], options, null, cancellation)[0];
            HistogramJson.Write(part, [computed]);
            result.Add(computed);
            progress?.Report(new HistogramProgress(i + 1, inputs.Count, input.TomoId, Skipped: false));
        }
        return result;
    }

    /// <summary>
    /// The whole resumable run behind <c>motorpick histogram</c>: removes the temporary files of a killed run, computes the
    /// histograms through <c>&lt;out&gt;.parts/</c> (<see cref="ComputeAll"/>), writes <paramref name="outputFile"/>
    /// atomically and only then removes the parts. The caller holds the output's lock.
    /// </summary>
    public static IReadOnlyList<TomogramHistogram> Run(IReadOnlyList<HistogramInput> inputs, HistogramOptions options, string outputFile,
        IProgress<HistogramProgress>? progress = null, CancellationToken cancellation = default)
    {
        OutputLock.DeleteLeftoversOf(outputFile);
        var parts = DirectoryFor(outputFile);
        var result = ComputeAll(inputs, options, parts, progress, cancellation);
        HistogramJson.Write(outputFile, result);
        Finish(parts);
        return result;
    }

    /// <summary>Removes the parts once the final file is written.</summary>
    public static void Finish(string partsDir)
    {
        if (Directory.Exists(partsDir)) Directory.Delete(partsDir, recursive: true);
    }

    /// <summary>The parts directory of output <paramref name="outputFile"/>: <c>&lt;out&gt;.parts</c>.</summary>
    public static string DirectoryFor(string outputFile) => Path.GetFullPath(outputFile) + ".parts";

    private static void Prepare(string partsDir, string fingerprint)
    {
        var optionsPath = Path.Combine(partsDir, OptionsFile);
        if (Directory.Exists(partsDir))
        {
            OutputLock.DeleteLeftoversUnder(partsDir);
            if (!File.Exists(optionsPath) || File.ReadAllText(optionsPath) != fingerprint) Directory.Delete(partsDir, recursive: true);
        }
        if (!Directory.Exists(partsDir)) AtomicFile.WriteAllText(optionsPath, fingerprint);
    }

    private static string Fingerprint(HistogramOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"target_spacing={o.TargetSpacing:R} round_to_half={o.RoundToHalf} fix_known={o.FixKnownQuantisation} method={o.Method}\n");
}
