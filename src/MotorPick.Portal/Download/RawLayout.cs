using MotorPick.Core;

namespace MotorPick.Portal.Download;

/// <summary>Where raw downloads of a run go under the output directory (deleted after processing unless kept). Run names
/// are checked by <see cref="Identifiers.Child"/>: no path is built from a name that could leave the folder.</summary>
public static class RawLayout
{
    public static string RunDirectory(string outDir, string tomoId) => Identifiers.Child(Path.Combine(outDir, "raw"), tomoId);

    public static string Zarr(string outDir, string tomoId) => Identifiers.Child(RunDirectory(outDir, tomoId), tomoId, ".zarr");

    public static string Mrc(string outDir, string tomoId) => Identifiers.Child(RunDirectory(outDir, tomoId), tomoId, ".mrc");

    public static string Points(string outDir, string tomoId) => Identifiers.Child(RunDirectory(outDir, tomoId), tomoId, "_points.ndjson");

    /// <summary>Written (atomically) after the last chunk of a zarr level was saved and verified.</summary>
    public static string ZarrComplete(string zarrDir, int level) => Path.Combine(zarrDir, $".motorpick-level{level}-complete");
}
