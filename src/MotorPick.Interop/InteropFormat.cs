using MotorPick.Core;

namespace MotorPick.Interop;

/// <summary>The foreign formats MotorPick reads and writes.</summary>
public enum InteropFormat
{
    /// <summary>A copick project: config JSON plus <c>ExperimentRuns/&lt;run&gt;/Picks/&lt;user&gt;_&lt;session&gt;_&lt;object&gt;.json</c> in Å.</summary>
    Copick,

    /// <summary>RELION 5 tomography particles: <c>rlnCenteredCoordinateX/Y/ZAngst</c> from the tomogram centre.</summary>
    Relion5,

    /// <summary>RELION 3/4 particles: <c>rlnCoordinateX/Y/Z</c> in pixels of the stated binning.</summary>
    Relion4,

    /// <summary>CryoET Data Portal point annotations: ndjson, x/y/z voxels of the tomogram's grid.</summary>
    Ndjson,

    /// <summary>napari points CSV: <c>index,axis-0,axis-1,axis-2</c> = z, y, x voxels.</summary>
    Napari,
}

public static class InteropFormats
{
    public static IReadOnlyList<string> Names { get; } = ["copick", "relion5", "relion4", "ndjson", "napari"];

    public static string Name(InteropFormat f) => Names[(int)f];

    public static InteropFormat Parse(string name)
    {
        var i = Names.ToList().IndexOf(name.Trim().ToLowerInvariant());
        return i >= 0 ? (InteropFormat)i : throw new MotorPickException($"unknown format '{name}'; expected one of {string.Join(", ", Names)}", field: "--format");
    }
}
