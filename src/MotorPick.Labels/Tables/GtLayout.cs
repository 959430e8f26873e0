namespace MotorPick.Labels.Tables;

/// <summary>The two column layouts of the reference's one-row-per-tomogram tables.</summary>
public enum GtLayout
{
    /// <summary>20 columns, as <c>gt.csv</c> and <c>gt_v2.csv</c>: with physical extents (Å) and volumes.</summary>
    Full,

    /// <summary>10 columns, as <c>gt_v3.csv</c>, <c>external_gt.csv</c> and <c>all_gt*.csv</c>.</summary>
    Short,
}

public static class GtColumns
{
    public static readonly IReadOnlyList<string> Short =
        ["tomo_id", "Z", "Y", "X", "voxel_spacing", "num_motors", "motor_z", "motor_y", "motor_x", "motor_zyx"];

    public static readonly IReadOnlyList<string> Full =
    [
        "tomo_id", "Z", "Y", "X", "voxel_spacing", "ori_num_motors", "num_motors", "ZA", "YA", "XA", "V", "VA",
        "motor_z", "motor_y", "motor_x", "motor_zA", "motor_yA", "motor_xA", "motor_zyx", "motor_zyxA",
    ];

    public static IReadOnlyList<string> For(GtLayout layout) => layout == GtLayout.Full ? Full : Short;
}
