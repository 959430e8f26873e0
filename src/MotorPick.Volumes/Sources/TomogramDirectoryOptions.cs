namespace MotorPick.Volumes.Sources;

/// <summary>How a <see cref="TomogramDirectory"/> finds and opens its tomograms.</summary>
public sealed record TomogramDirectoryOptions
{
    /// <summary>Apply the reference's +127 fix to the 15 wrongly quantised competition tomograms (uint8 volumes with
    /// those ids) when they are opened. The reference fixes them in every loader, so the default is on.</summary>
    public bool QuantisationFix { get; init; } = true;

    /// <summary>copick projects: the tomogram type to read (the <c>&lt;type&gt;.zarr</c> name, e.g. <c>wbp</c>); needed only
    /// when a run holds several.</summary>
    public string? CopickTomogramType { get; init; }

    /// <summary>Parallelism of JPEG decoding (-1: all cores).</summary>
    public int ReadThreads { get; init; } = -1;
}
