using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Mrc;

/// <summary>
/// mrcfile-style validation of MRC2014 files. <see cref="CheckHeader"/> runs checks 1-9 and 11 on the header alone
/// (cheap, done on every open); <see cref="ValidateFile"/> adds check 10 (header statistics against the data).
/// </summary>
public static class MrcValidator
{
    private static readonly string[] KnownExtTypes = ["CCP4", "MRCO", "SERI", "AGAR", "FEI1", "FEI2", "HDF5"];

    /// <summary>Checks the header against itself and the file length. Fatal issues come first.</summary>
    public static List<MrcIssue> CheckHeader(MrcHeader h, long fileLength, MrcMode0Interpretation mode0 = MrcMode0Interpretation.Auto)
    {
        var issues = new List<MrcIssue>();
        void Add(int check, string field, string message, bool fatal = false) => issues.Add(new MrcIssue(check, field, message, fatal));

        if (h.Map != "MAP ")
            Add(1, "MAP", $"map ID is '{h.Map}', expected 'MAP '");
        if (h.MachineStampGuessed)
            Add(2, "MACHST", $"machine stamp {Convert.ToHexString(h.MachineStamp)} is not 44440000, 44410000 or 11110000; byte order guessed as {(h.IsBigEndian ? "big" : "little")}-endian");

        var type = h.VoxelTypeFor(mode0);
        if (type is null)
            Add(3, "MODE", h.Mode switch
            {
                3 or 4 => $"mode {h.Mode} (complex) is not a tomogram mode; supported modes are 0, 1, 2, 6, 12",
                16 or 101 => $"mode {h.Mode} (IMOD RGB / 4-bit) is not supported; supported modes are 0, 1, 2, 6, 12",
                _ => $"mode {h.Mode} is not an MRC2014 mode; supported modes are 0, 1, 2, 6, 12",
            }, fatal: true);

        bool dimsOk = true;
        foreach (var (name, v) in new[] { ("NX", h.NX), ("NY", h.NY), ("NZ", h.NZ) })
        {
            if (v <= 0)
            {
                Add(4, name, $"{name} is {v}, expected a positive number of voxels", fatal: true);
                dimsOk = false;
            }
        }
        foreach (var (name, v) in new[] { ("MX", h.MX), ("MY", h.MY), ("MZ", h.MZ) })
            if (v <= 0) Add(4, name, $"{name} is {v}, expected a positive sampling (voxel size unknown on this axis)");
        foreach (var (name, v) in new[] { ("CELLA.x", h.CellX), ("CELLA.y", h.CellY), ("CELLA.z", h.CellZ) })
            if (!(v > 0) || float.IsInfinity(v)) Add(4, name, $"{name} is {v}, expected a positive cell size in Angstrom (voxel size unknown on this axis)");
        if (dimsOk && (long)h.NY * h.NX > Array.MaxLength)
        {
            Add(4, "NX", $"a section of {h.NY}x{h.NX} voxels is larger than MotorPick supports ({Array.MaxLength} voxels)", fatal: true);
            dimsOk = false;
        }

        int[] axes = [h.MapC, h.MapR, h.MapS];
        bool isPermutation = axes.Order().SequenceEqual([1, 2, 3]);
        if (!isPermutation)
            Add(5, "MAPC", $"MAPC/MAPR/MAPS are {h.MapC}/{h.MapR}/{h.MapS}, expected a permutation of 1, 2, 3", fatal: true);
        else if (axes is not [1, 2, 3])
            Add(5, "MAPC", $"MAPC/MAPR/MAPS are {h.MapC}/{h.MapR}/{h.MapS}; MotorPick reads only the standard 1/2/3 axis order (columns = x, rows = y, sections = z). Reorder the file, e.g. with IMOD 'clip rotx' or mrcfile + numpy transpose", fatal: true);

        if (h.Ispg is >= 401 and <= 630 && h.MZ > 0 && h.NZ % h.MZ != 0)
            Add(6, "NZ", $"space group {h.Ispg} marks a volume stack but NZ ({h.NZ}) is not a multiple of MZ ({h.MZ})");

        if (h.NLabl is < 0 or > 10)
            Add(7, "NLABL", $"NLABL is {h.NLabl}, expected 0-10");
        else
        {
            for (int i = 0; i < 10; i++)
            {
                bool used = !string.IsNullOrWhiteSpace(h.Labels[i]);
                if (i < h.NLabl && !used) { Add(7, "LABEL", $"NLABL is {h.NLabl} but label {i} is empty"); break; }
                if (i >= h.NLabl && used) { Add(7, "LABEL", $"NLABL is {h.NLabl} but label {i} is in use"); break; }
            }
        }

        if (h.NVersion is not (20140 or 20141))
            Add(8, "NVERSION", $"NVERSION is {h.NVersion}, expected 20140 or 20141 (MRC2014)");

        if (h.NSymbt < 0)
            Add(9, "NSYMBT", $"NSYMBT is {h.NSymbt}, expected the extended-header length in bytes (>= 0)", fatal: true);
        else if (h.NSymbt > 0 && !KnownExtTypes.Contains(h.ExtType))
            Add(9, "EXTTYP", $"an extended header of {h.NSymbt} bytes is present but EXTTYP is '{h.ExtType}', expected one of {string.Join(", ", KnownExtTypes)}");

        if (type is { } t && dimsOk && h.NSymbt >= 0)
        {
            // Int128: NX*NY*NZ*itemsize of an absurd header overflows long.
            Int128 expected = MrcHeader.Size + (Int128)h.NSymbt + (Int128)h.NX * h.NY * h.NZ * t.Size();
            if (fileLength < expected)
                Add(11, "NZ", $"the header describes {h.NZ}x{h.NY}x{h.NX} {t.NumpyName()} voxels after {h.DataOffset} header bytes ({expected} bytes in all) but the file has only {fileLength} bytes (truncated file or wrong header)", fatal: true);
            else if (fileLength > expected)
                Add(11, "NZ", $"the file has {fileLength} bytes, {fileLength - expected} more than the header describes ({expected})");
        }
        else if (fileLength < MrcHeader.Size)
        {
            Add(11, "file", $"the file has {fileLength} bytes, fewer than the 1024-byte header", fatal: true);
        }

        issues.Sort((a, b) => a.Fatal == b.Fatal ? a.Check.CompareTo(b.Check) : a.Fatal ? -1 : 1);
        return issues;
    }

    /// <summary>
    /// Full mrcfile-style validation: header checks plus check 10, that DMIN/DMAX/DMEAN/RMS match the data or are marked
    /// undetermined (DMAX &lt; DMIN, DMEAN &lt; min(DMIN, DMAX), RMS &lt; 0). Returns every failed check (empty = valid).
    /// Streams the data, so any file size works.
    /// </summary>
    public static List<MrcIssue> ValidateFile(string path)
    {
        MrcHeader header;
        List<MrcIssue> issues;
        long length;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            length = fs.Length;
            if (length < MrcHeader.Size)
                return [new MrcIssue(11, "file", $"the file has {length} bytes, fewer than the 1024-byte header", true)];
            var buf = new byte[MrcHeader.Size];
            fs.ReadExactly(buf);
            header = MrcHeader.Parse(buf);
            issues = CheckHeader(header, length);
        }
        if (issues.Any(i => i.Fatal)) return issues;

        var stats = new VoxelStatistics();
        using (var reader = MrcReader.Open(path, new MrcReadOptions { Validation = MrcValidationMode.Permissive }))
        {
            int slab = (int)Math.Max(1, Math.Min(reader.Shape.Z, (1 << 24) / Math.Max(1, reader.Shape.SectionVoxels)));
            var buffer = new float[slab * reader.Shape.SectionVoxels];
            for (int z = 0; z < reader.Shape.Z; z += slab)
            {
                int n = Math.Min(slab, reader.Shape.Z - z);
                var span = buffer.AsSpan(0, (int)(n * reader.Shape.SectionVoxels));
                reader.ReadSlab<float>(z, n, span);
                stats.Add((ReadOnlySpan<float>)span);
            }
        }
        issues.AddRange(CheckStatistics(header, stats));
        return issues;
    }

    /// <summary>Check 10 against already computed statistics.</summary>
    public static IEnumerable<MrcIssue> CheckStatistics(MrcHeader h, VoxelStatistics stats)
    {
        bool minMaxUndetermined = h.DMax < h.DMin;
        if (!minMaxUndetermined)
        {
            if (h.DMin != (float)stats.Min)
                yield return new MrcIssue(10, "DMIN", $"DMIN is {h.DMin} but the data minimum is {(float)stats.Min}", false);
            if (h.DMax != (float)stats.Max)
                yield return new MrcIssue(10, "DMAX", $"DMAX is {h.DMax} but the data maximum is {(float)stats.Max}", false);
        }
        bool meanUndetermined = h.DMean < Math.Min(h.DMin, h.DMax);
        if (!meanUndetermined && !Close(h.DMean, stats.Mean))
            yield return new MrcIssue(10, "DMEAN", $"DMEAN is {h.DMean} but the data mean is {stats.Mean}", false);
        if (h.Rms >= 0 && !Close(h.Rms, stats.Std))
            yield return new MrcIssue(10, "RMS", $"RMS is {h.Rms} but the data standard deviation is {stats.Std}", false);
    }

    // numpy.isclose defaults (rtol 1e-5, atol 1e-8), as mrcfile uses.
    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-8 + 1e-5 * Math.Abs(b);

    /// <summary>Throws a <see cref="MotorPickException"/> for the first fatal issue, or for any issue in strict mode.</summary>
    internal static void ThrowIfInvalid(IReadOnlyList<MrcIssue> issues, MrcValidationMode mode, string path)
    {
        var bad = issues.FirstOrDefault(i => i.Fatal) ?? (mode == MrcValidationMode.Strict ? issues.FirstOrDefault() : null);
        if (bad is null) return;
        string more = issues.Count > 1 ? $" ({issues.Count - 1} more: {string.Join("; ", issues.Where(i => i != bad).Select(i => i.ToString()))})" : "";
        throw new MotorPickException($"invalid MRC file: check {bad.Check}: {bad.Message}{more}", path, field: bad.Field);
    }
}
