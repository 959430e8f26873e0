using MotorPick.Labels.Csv;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Labels.Tests.Tables;

/// <summary>external_labels_v1.csv (written by 'labels convert-external') is read wherever a label table is, mapped as the
/// reference's labeling_external.py read it: stored-voxel motors, stored shape Z/Y/X, voxel spacing = target_spacing.</summary>
public class ExternalLabelsTableTests
{
    // A subset of the 58 columns in the converter's order; the first row is the reference's verified example (reference 2.5).
    private const string External =
        "motor_z,motor_y,motor_x,tomo_id,Z,Y,X,ori_spacing,ori_shape,ori_dtype,target_spacing,target_shape,detected_as_uint8_range,dataset_id,old_z,old_y,old_x\n" +
        "153.316,402.1068907222001,326.16937471650124,aba2014-02-21-27,408,757,783,13.48,\"[500, 928, 960]\",float32,16.0,\"[408, 757, 783]\",True,10001,48.0,271.8047926681195,213.1075604787339\n" +
        "20.5,30.25,40.0,mba2011-02-16-1,100,200,200,19.733,\"[100, 200, 200]\",float32,19.733,\"[100, 200, 200]\",True,10002,26.0,51.0,102.0\n" +
        "60.0,70.0,80.0,aba2014-02-21-27,408,757,783,13.48,\"[500, 928, 960]\",float32,16.0,\"[408, 757, 783]\",True,10001,19.0,47.0,52.0\n";

    private static string Write(TempDir tmp, string text)
    {
        var path = tmp.File("external_labels_v1.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_header_tells_external_labels_from_train_labels_and_gt_tables()
    {
        Assert.Equal(LabelFileKind.ExternalLabels, LabelTables.Sniff(CsvDocument.Parse(External, "e.csv")));
        Assert.Equal(LabelFileKind.Gt, LabelTables.Sniff(CsvDocument.Parse(
            "tomo_id,Z,Y,X,voxel_spacing,num_motors,motor_z,motor_y,motor_x,motor_zyx\n", "gt.csv")));
        Assert.Equal(LabelFileKind.TrainLabels, LabelTables.Sniff(CsvDocument.Parse(string.Join(",", TrainLabelsTable.StandardColumns) + "\n", "t.csv")));
        Assert.True(LabelTables.IsLabelTable(CsvDocument.Parse(External, "e.csv")));
        Assert.False(LabelTables.IsLabelTable(CsvDocument.Parse("tomo_id,motor_z,motor_y,motor_x,conf\n", "candidates.csv")));
        Assert.False(LabelTables.IsLabelTable(CsvDocument.Parse("tomo_id,Motor axis 0,Motor axis 1,Motor axis 2\n", "submission.csv")));
    }

    [Fact]
    public void As_gt_motors_are_grouped_per_tomogram_with_the_stored_shape_and_target_spacing()
    {
        using var tmp = Fixtures.TempDir();
        var (gt, warnings) = LabelTables.ReadAsGt(Write(tmp, External));
        Assert.Empty(warnings);
        Assert.Equal(["aba2014-02-21-27", "mba2011-02-16-1"], gt.Rows.Select(r => r.TomoId)); // sorted, as external_gt.csv
        var a = gt["aba2014-02-21-27"];
        Assert.Equal((new TomoShape(408, 757, 783), 16.0), (a.Shape, a.VoxelSpacing));
        Assert.Equal([new Point3(153.316, 402.1068907222001, 326.16937471650124), new Point3(60, 70, 80)], a.Motors);
        Assert.Equal(19.733, gt["mba2011-02-16-1"].VoxelSpacing);
        Assert.Equal(
            "tomo_id,Z,Y,X,voxel_spacing,num_motors,motor_z,motor_y,motor_x,motor_zyx\n" +
            "aba2014-02-21-27,408,757,783,16.0,2,153.316,402.1068907222001,326.16937471650124,\"[[153.316, 402.1068907222001, 326.16937471650124], [60.0, 70.0, 80.0]]\"\n" +
            "mba2011-02-16-1,100,200,200,19.733,1,20.5,30.25,40.0,\"[[20.5, 30.25, 40.0]]\"\n",
            GtTableFile.Format(gt, GtLayout.Short).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Per_motor_rows_keep_file_order_count_the_motors_and_drop_the_portal_columns()
    {
        using var tmp = Fixtures.TempDir();
        var t = LabelTables.ReadPerMotor(Write(tmp, External));
        Assert.Equal(["aba2014-02-21-27", "mba2011-02-16-1", "aba2014-02-21-27"], t.Rows.Select(r => r.TomoId));
        Assert.Equal([2, 1, 2], t.Rows.Select(r => r.NumberOfMotors));
        Assert.Equal([0L, 1, 2], t.Rows.Select(r => r.RowId));
        Assert.Empty(t.ExtraColumns);
        Assert.Empty(t.Warnings);
    }

    [Fact]
    public void Errors_name_the_external_files_own_columns()
    {
        using var tmp = Fixtures.TempDir();
        var outside = External.Replace("20.5,30.25,40.0,", "20.5,230.25,40.0,", StringComparison.Ordinal);
        var ex = Assert.Throws<MotorPick.Core.MotorPickException>(() => LabelTables.ReadAsGt(Write(tmp, outside)));
        Assert.Contains("line 3, field 'motor_y'", ex.Message);
        var noShape = External.Replace("tomo_id,Z,Y,X,", "tomo_id,Z,Yy,X,", StringComparison.Ordinal);
        ex = Assert.Throws<MotorPick.Core.MotorPickException>(() => LabelTables.ReadPerMotor(Write(tmp, noShape)));
        Assert.Contains("missing column 'Y'", ex.Message);
        Assert.Contains("motor_z, motor_y, motor_x", ex.Message);
    }
}
