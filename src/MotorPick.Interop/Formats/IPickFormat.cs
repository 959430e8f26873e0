using MotorPick.Interop.Conventions;
using MotorPick.Interop.Sidecar;
using MotorPick.Labels.Tables;

namespace MotorPick.Interop.Formats;

/// <summary>A pick as a file holds it: native coordinates, score, where it was found (for messages) and RELION origin shifts.</summary>
public sealed record ForeignPick(XyzPoint Native, double? Score, string Where)
{
    /// <summary>RELION <c>rlnOriginX/Y/ZAngst</c> after rotation by the subtomogram matrix (Å).</summary>
    public XyzPoint ShiftAngst { get; init; }

    /// <summary>RELION 3.0 <c>rlnOriginX/Y/Z</c> (tilt-series pixels).</summary>
    public XyzPoint ShiftPixels { get; init; }
}

/// <summary>One tomogram's picks as read, with the geometry the file itself states (if any) and its coordinate convention.</summary>
public sealed record ForeignTomogram(string TomoId, string Source, IReadOnlyList<ForeignPick> Picks, ICoordinateConvention Convention)
{
    public double? FileSpacing { get; init; }

    public TomoShape? FileShape { get; init; }

    /// <summary>Names where the file's geometry came from, for conflict messages (e.g. "tomograms.star").</summary>
    public string FileGeometrySource { get; init; } = "the file";

    /// <summary>A spacing that is only a hint (a rounded folder name such as VoxelSpacing15.600): used when nothing else states it.</summary>
    public double? HintSpacing { get; init; }
}

/// <summary>What a reader found: the tomograms and whether the file carries per-pick scores.</summary>
public sealed record ForeignPicks(IReadOnlyList<ForeignTomogram> Tomograms, bool HasScores, IReadOnlyList<string> Notes);

/// <summary>One foreign format, both directions. Writers get picks already in the grid to write.</summary>
public interface IPickFormat
{
    InteropFormat Format { get; }

    /// <summary>Writes <paramref name="set"/> under <paramref name="outDir"/>; returns each tomogram's files (relative to <paramref name="outDir"/>).</summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> Write(PickSet set, string outDir, ExportOptions options);

    /// <summary>The convention text for the sidecar.</summary>
    string ConventionText(ExportOptions options);

    ForeignPicks Read(string input, ImportOptions options, GeometrySidecar? sidecar);
}
