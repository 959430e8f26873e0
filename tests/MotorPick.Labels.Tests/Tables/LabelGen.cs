using CsCheck;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Tests.Tables;

/// <summary>CsCheck generators of valid label tables, shared by the label property tests.</summary>
internal static class LabelGen
{
    /// <summary>Characters of a tomo_id: all that the identifier rule allows besides letters and digits. (Commas, quotes,
    /// spaces and non-ASCII text are refused since tomo_ids became file names under one rule, issue 19.)</summary>
    private const string IdChars = "abcdef0123456789_-.tomoTOMO";

    /// <summary>A tomo_id (an identifier: it never starts with '-' or '.').</summary>
    public static readonly Gen<string> TomoId =
        Gen.Char[IdChars].Array[1, 10].Select(c => new string(c)).Where(Core.Identifiers.IsValid);

    /// <summary>Distinct tomo_ids.</summary>
    public static Gen<string[]> TomoIds(int min, int max) =>
        TomoId.Array[min, max].Select(a => a.Distinct(StringComparer.Ordinal).ToArray()).Where(a => a.Length >= min);

    public static readonly Gen<TomoShape> Shape =
        Gen.Select(Gen.Int[1, 600], Gen.Int[1, 2000], Gen.Int[1, 2000], (z, y, x) => new TomoShape(z, y, x));

    /// <summary>Voxel spacings (A): the competition's usual values and arbitrary positive doubles.</summary>
    public static readonly Gen<double> Spacing = Gen.OneOf<double>(
        Gen.OneOf(13.1, 15.6, 16.0, 16.1, 19.7, 6.5),
        Gen.Double[0.5, 40.0],
        Gen.Int[1, 400].Select(i => i / 10.0));

    /// <summary>A coordinate on an axis of <paramref name="n"/> voxels: inside [-0.5, n-0.5), integral, decimal or any double.</summary>
    public static Gen<double> Coordinate(int n) => Gen.OneOf<double>(
        Gen.Int[0, n - 1].Select(i => (double)i),
        Gen.Int[-5, 10 * n - 6].Select(i => i / 10.0),
        Gen.Double[-0.5, n - 0.5].Select(v => v < n - 0.5 ? v : n - 1.0));

    public static Gen<Point3> Motor(TomoShape s) =>
        Gen.Select(Coordinate(s.Z), Coordinate(s.Y), Coordinate(s.X), (z, y, x) => new Point3(z, y, x));

    /// <summary>One tomogram with 0..4 motors (its id is set by the caller).</summary>
    public static readonly Gen<TomogramLabels> Tomogram =
        from shape in Shape
        from spacing in Spacing
        from motors in Gen.Int[0, 4].SelectMany(n => Motor(shape).Array[n])
        select new TomogramLabels("", shape, spacing, motors);

    /// <summary>1..<paramref name="max"/> tomograms with distinct ids.</summary>
    public static Gen<TomogramLabels[]> Tomograms(int max) =>
        from ids in TomoIds(1, max)
        from tomos in Tomogram.Array[ids.Length]
        select tomos.Select((t, i) => t with { TomoId = ids[i] }).ToArray();

    /// <summary>A gt table in <paramref name="layout"/>: 1..12 tomograms, ori_num_motors (full layout) possibly stale.</summary>
    public static Gen<GtTable> GtTable(GtLayout layout) =>
        from tomos in Tomograms(12)
        from stale in Gen.Int[-1, 3].Array[tomos.Length]
        select new GtTable(
            tomos.Select((t, i) => new GtRow(t.TomoId, t.Shape, t.VoxelSpacing, t.Motors,
                layout == GtLayout.Full ? (stale[i] < 0 ? t.Motors.Count : stale[i]) : null)).ToArray(),
            layout);
}
