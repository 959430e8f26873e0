namespace MotorPick.Labels.Tables;

/// <summary>A one-row-per-tomogram ground-truth table, in the layout it was read with.</summary>
public sealed class GtTable
{
    private Dictionary<string, GtRow>? _byId;

    public GtTable(IReadOnlyList<GtRow> rows, GtLayout layout, string? source = null)
    {
        Rows = rows;
        Layout = layout;
        Source = source;
    }

    public IReadOnlyList<GtRow> Rows { get; }

    public GtLayout Layout { get; }

    /// <summary>The file it came from, if any.</summary>
    public string? Source { get; }

    public int MotorCount => Rows.Sum(r => r.NumMotors);

    public bool TryGet(string tomoId, out GtRow row)
    {
        _byId ??= Rows.ToDictionary(r => r.TomoId, StringComparer.Ordinal);
        return _byId.TryGetValue(tomoId, out row!);
    }

    public GtRow this[string tomoId] => TryGet(tomoId, out var r) ? r : throw new KeyNotFoundException($"{tomoId} is not in {Source ?? "the table"}");

    /// <summary>
    /// The reference's recipe (create_train_pseudo_label_round1, cell 36): rows grouped by tomo_id in sorted order,
    /// motors in file order, <c>num_motors</c> = rows x (first row has a motor), <c>ori_num_motors</c> = the first row's count.
    /// </summary>
    public static GtTable FromTrainLabels(TrainLabelsTable labels)
    {
        var rows = labels.ByTomogram()
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.First();
                var motors = first.HasMotor ? g.Select(r => r.Motor).ToArray() : [];
                return new GtRow(g.Key, first.Shape, first.VoxelSpacing, motors, first.NumberOfMotors);
            })
            .ToArray();
        return new GtTable(rows, GtLayout.Full);
    }

    /// <summary>The inverse: one competition row per motor (a -1 row for empty tomograms), table order.</summary>
    public TrainLabelsTable ToTrainLabels() =>
        TrainLabelsTable.FromTomograms(Rows.Select(r => new TomogramLabels(r.TomoId, r.Shape, r.VoxelSpacing, r.Motors)));
}
