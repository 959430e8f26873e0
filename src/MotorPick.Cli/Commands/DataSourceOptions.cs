using System.CommandLine;
using MotorPick.Core;
using MotorPick.Volumes.Sources;

namespace MotorPick.Cli.Commands;

/// <summary>The options that name a data set's tomograms (<c>--data</c>, repeatable, and <c>--copick-tomogram</c>), shared by
/// every verb that reads tomograms; what they mean is <see cref="TomogramDirectory"/>'s.</summary>
internal sealed class DataSourceOptions
{
    public const string DataHelp = "Tomograms: a folder of JPEG slice folders (<id>/slice_%04d.jpg), <id>.mrc, <id>.npy and <id>.zarr files (mixed), " +
        "or a folder whose tomogram/ (portal fetch output) or train/ folder holds them, a single volume, or a copick project. Repeat to combine " +
        "(--data train --data external/tomogram); an id found twice is an error.";

    public readonly Option<string[]> Data;
    public readonly Option<string?> CopickTomogram = new("--copick-tomogram") { Description = "copick projects: the tomogram type to read (<type>.zarr, e.g. wbp) when a run holds several." };

    public DataSourceOptions(bool required = true, string? description = null) =>
        Data = new Option<string[]>("--data") { Description = description ?? DataHelp, Required = required };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Data);
        cmd.Options.Add(CopickTomogram);
    }

    /// <summary>The roots given, or null when none.</summary>
    public IReadOnlyList<string>? Roots(ParseResult p) => p.GetValue(Data) is { Length: > 0 } roots ? roots : null;

    /// <summary>Lists the tomograms of the roots given.</summary>
    public TomogramDirectory Open(ParseResult p, bool quantisationFix = true, int readThreads = -1) =>
        TomogramDirectory.Open(Roots(p) ?? throw new MotorPickException("--data is required", field: "--data"),
            new TomogramDirectoryOptions { QuantisationFix = quantisationFix, CopickTomogramType = p.GetValue(CopickTomogram), ReadThreads = readThreads });
}
