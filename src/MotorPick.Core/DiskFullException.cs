namespace MotorPick.Core;

/// <summary>
/// An output could not be written because its filesystem is full (or a quota is exceeded), or a pre-flight check found
/// too little space. The message names the file, the space needed and the space free, and says what to do, e.g.
/// <c>No space left on device writing /out/tomo_a/slice_0003.jpg: needed about 1.2 MB more (1.5 MB to write, 300.0 KB
/// free on /out); free space and rerun (completed outputs are kept)</c>.
/// </summary>
public sealed class DiskFullException : MotorPickException
{
    public DiskFullException(string path, long? bytesNeeded, long? bytesFree, string? mountPoint, string? what = null, bool preflight = false, Exception? inner = null,
        bool atLeast = false)
        : base(Describe(path, bytesNeeded, bytesFree, mountPoint, what, preflight, atLeast), path, inner: inner)
    {
        BytesNeeded = bytesNeeded;
        BytesFree = bytesFree;
        MountPoint = mountPoint;
        Preflight = preflight;
    }

    /// <summary>The size of what was being written (or was still to write), if known.</summary>
    public long? BytesNeeded { get; }

    /// <summary>Bytes available on the filesystem when the error was raised, if known.</summary>
    public long? BytesFree { get; }

    /// <summary>Mount point of the full filesystem, if known.</summary>
    public string? MountPoint { get; }

    /// <summary>True when raised by a check before writing (nothing was written).</summary>
    public bool Preflight { get; }

    /// <summary>The whole message; unlike other MotorPick errors it starts with what happened, then the path.</summary>
    public override string Message => Detail;

    private static string Describe(string path, long? needed, long? free, string? mount, string? what, bool preflight, bool atLeast)
    {
        var about = atLeast ? "at least" : "about";
        var on = mount is null ? "" : $" on {mount}";
        var subject = what is null ? path : $"{what} in {path}";
        const string advice = "free space and rerun (completed outputs are kept)";
        if (preflight && needed is { } n && free is { } f)
            return $"Not enough space for {subject}: needs about {DiskSpace.Format(n)}, {DiskSpace.Format(f)} free{on}; free at least {DiskSpace.Format(n - f)} and rerun (completed outputs are kept)";
        var head = $"No space left on device writing {subject}";
        if (needed is { } need && free is { } fr)
            return need > fr
                ? $"{head}: needed {about} {DiskSpace.Format(need - fr)} more ({DiskSpace.Format(need)} to write{(atLeast ? " or more" : "")}, {DiskSpace.Format(fr)} free{on}); {advice}"
                : $"{head}: needed {about} {DiskSpace.Format(need)}, {DiskSpace.Format(fr)} free{on} now; {advice}";
        if (needed is { } only) return $"{head}: needed {about} {DiskSpace.Format(only)} (free space{on} unknown); {advice}";
        if (free is { } fo) return $"{head}: {DiskSpace.Format(fo)} free{on}; {advice}";
        return $"{head}; {advice}";
    }
}
