using MotorPick.Core;

namespace MotorPick.Portal.Download;

/// <summary>Where raw downloads of a run go: <c>&lt;raw root&gt;/&lt;run&gt;/</c>, the raw root being <c>&lt;out&gt;/raw</c> unless
/// given (the reference's <c>--tmp-download-dir</c>); deleted after processing unless kept. Run names are checked by
/// <see cref="Identifiers.Child"/>: no path is built from a name that could leave the folder.</summary>
public static class RawLayout
{
    /// <summary>The raw root when none is given: <c>&lt;out&gt;/raw</c>.</summary>
    public static string DefaultRoot(string outDir) => Path.Combine(outDir, "raw");

    public static string RunDirectory(string rawRoot, string tomoId) => Identifiers.Child(rawRoot, tomoId);

    public static string Zarr(string rawRoot, string tomoId) => Identifiers.Child(RunDirectory(rawRoot, tomoId), tomoId, ".zarr");

    public static string Mrc(string rawRoot, string tomoId) => Identifiers.Child(RunDirectory(rawRoot, tomoId), tomoId, ".mrc");

    public static string Points(string rawRoot, string tomoId) => Identifiers.Child(RunDirectory(rawRoot, tomoId), tomoId, "_points.ndjson");

    /// <summary>Written (atomically) after the last chunk of a zarr level was saved and verified.</summary>
    public static string ZarrComplete(string zarrDir, int level) => Path.Combine(zarrDir, $".motorpick-level{level}-complete");
}
