using MotorPick.Interop.Conventions;
using MotorPick.Labels.Tables;

namespace MotorPick.Interop;

/// <summary>Settings of an export; the defaults give a copick pick set <c>motorpick_0_flagellar-motor</c> and RELION's own centre.</summary>
public sealed record ExportOptions
{
    /// <summary>copick user id (no underscores).</summary>
    public string User { get; init; } = "motorpick";

    /// <summary>copick session id (no underscores).</summary>
    public string Session { get; init; } = "0";

    /// <summary>copick pickable object / portal annotation object name (no underscores).</summary>
    public string ObjectName { get; init; } = CopickNames.MotorObject;

    /// <summary>RELION: tilt-series pixels per tomogram voxel.</summary>
    public double Binning { get; init; } = 1.0;

    public CentreConvention Centre { get; init; } = CentreConvention.Relion;

    /// <summary>RELION optics group: acceleration voltage (kV). RELION's readers refuse an optics table without it;
    /// the label tables do not record the microscope, so the default is the common 300 kV.</summary>
    public double Voltage { get; init; } = 300;

    /// <summary>RELION optics group: spherical aberration (mm), required like the voltage; default 2.7 (a Krios).</summary>
    public double SphericalAberration { get; init; } = 2.7;

    /// <summary>RELION optics group: amplitude contrast; default 0.1, RELION's own default.</summary>
    public double AmplitudeContrast { get; init; } = 0.1;

    /// <summary>Folder of the reference's <c>meta/&lt;tomo_id&gt;.json</c>: write re-spaced tomograms in their original (portal) grid.</summary>
    public string? OriginalGridMeta { get; init; }
}

/// <summary>Settings of an import. Unset values fall back to the export's sidecar, then to the defaults.</summary>
public sealed record ImportOptions
{
    /// <summary>Each tomogram's stored geometry from a label table (<c>--labels</c>).</summary>
    public GtTable? Tomograms { get; init; }

    public double? VoxelSize { get; init; }

    public TomoShape? Shape { get; init; }

    /// <summary>Force labels or candidates; null decides from the sidecar, else from whether the file carries scores.</summary>
    public PickKind? Kind { get; init; }

    public string? User { get; init; }

    public string? Session { get; init; }

    public string ObjectName { get; init; } = CopickNames.MotorObject;

    public double? Binning { get; init; }

    public CentreConvention? Centre { get; init; }

    public string? OriginalGridMeta { get; init; }

    /// <summary>The tomogram of a single ndjson or napari file (default: its folder or file name).</summary>
    public string? TomoId { get; init; }
}
