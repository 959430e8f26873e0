namespace MotorPick.Labels.Tables;

/// <summary>Summary counts of a ground-truth table.</summary>
public sealed record LabelStats(int Tomograms, int Motors, IReadOnlyList<(int Motors, int Tomograms)> MotorsPerTomogram,
    IReadOnlyList<(double Spacing, int Tomograms)> Spacings)
{
    public static LabelStats Of(GtTable table) => new(
        table.Rows.Count,
        table.MotorCount,
        table.Rows.GroupBy(r => r.NumMotors).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToArray(),
        table.Rows.GroupBy(r => r.VoxelSpacing).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (g.Key, g.Count())).ToArray());
}
