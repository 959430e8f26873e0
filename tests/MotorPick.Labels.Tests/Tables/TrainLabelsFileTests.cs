using MotorPick.Core;
using MotorPick.Labels.Csv;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Labels.Tests.Tables;

public class TrainLabelsFileTests
{
    private const string Header = "row_id,tomo_id,Motor axis 0,Motor axis 1,Motor axis 2,Array shape (axis 0),Array shape (axis 1),Array shape (axis 2),Voxel spacing,Number of motors\n";

    [Fact]
    public void Train_labels_v2_round_trips_byte_identically_with_its_extra_columns() // docs/reference.md 9.4
    {
        var path = Fixtures.Path("reference", "train_labels_v2.csv");
        var table = TrainLabelsFile.Read(path);
        Assert.Equal(754, table.Rows.Count);
        Assert.Equal(["source", "conf"], table.ExtraColumns);
        Assert.Equal(File.ReadAllText(path), TrainLabelsFile.Format(table));
        var r749 = table.Rows.Single(r => r.RowId == 749);
        Assert.Equal(("tomo_fe050c", new Point3(143.125, 93.875, 405.75)), (r749.TomoId, r749.Motor));
        Assert.Equal("round1", table.Extra(r749, "source"));
        Assert.Equal("0.6552734375", table.Extra(r749, "conf"));
        Assert.Equal(605, table.Rows.Count(r => table.Extra(r, "source") == "origin"));
    }

    [Fact]
    public void Stale_number_of_motors_is_a_warning_not_an_error()
    {
        var table = TrainLabelsFile.Parse(CsvDocument.Parse(Header + "0,tomo_2b3cdf,10.0,20.0,30.0,100,100,100,13.1,2\n", "l.csv"));
        var w = Assert.Single(table.Warnings);
        Assert.Equal("Number of motors", w.Field);
        Assert.Contains("says 2 but the file has 1", w.Message);
    }

    [Fact]
    public void A_patched_tables_stale_counts_are_its_format_and_said_once()
    {
        // train_labels_v2 (reference): 'Number of motors' is copied from the original row, never updated by the patch
        var table = TrainLabelsFile.Parse(CsvDocument.Parse(Header.TrimEnd('\n') + ",source,conf\n" +
            "0,tomo_2b3cdf,10.0,20.0,30.0,100,100,100,13.1,0,round1,0.9\n1,tomo_3c4d5e,10.0,20.0,30.0,100,100,100,13.1,0,round1,0.8\n", "l.csv"));
        var w = Assert.Single(table.Warnings);
        Assert.Contains("2 patched tomogram(s) keep the 'Number of motors' of their original rows", w.Message);
        Assert.Contains("tomo_2b3cdf, tomo_3c4d5e", w.Message);
        Assert.Equal(2, table.Rows.Count(r => r.HasMotor));
    }

    [Fact]
    public void Rows_of_one_tomogram_must_agree_on_shape()
    {
        var ex = Assert.Throws<MotorPickException>(() => TrainLabelsFile.Parse(CsvDocument.Parse(Header +
            "0,t,10.0,20.0,30.0,100,100,100,13.1,2\n1,t,11.0,20.0,30.0,100,101,100,13.1,2\n", "l.csv")));
        Assert.Equal(3, ex.Line);
        Assert.Contains("has array shape 100x101x100 here but 100x100x100 on line 2", ex.Message);
    }

    [Fact]
    public void Rows_of_one_tomogram_must_agree_on_spacing()
    {
        var ex = Assert.Throws<MotorPickException>(() => TrainLabelsFile.Parse(CsvDocument.Parse(Header +
            "0,t,10.0,20.0,30.0,100,100,100,13.1,2\n1,t,11.0,20.0,30.0,100,100,100,15.6,2\n", "l.csv")));
        Assert.Equal("Voxel spacing", ex.Field);
    }

    [Fact]
    public void Coordinates_outside_the_array_are_refused_with_the_axis()
    {
        var ex = Assert.Throws<MotorPickException>(() => TrainLabelsFile.Parse(CsvDocument.Parse(Header +
            "0,t,10.0,200.0,30.0,100,100,100,13.1,1\n", "l.csv")));
        Assert.Equal("Motor axis 1", ex.Field);
    }

    [Fact]
    public void Misnamed_column_gets_a_hint()
    {
        var ex = Assert.Throws<MotorPickException>(() => TrainLabelsFile.Parse(CsvDocument.Parse(
            Header.Replace("Voxel spacing", "voxel spacing", StringComparison.Ordinal), "l.csv")));
        Assert.Contains("missing column 'Voxel spacing' (found 'voxel spacing'", ex.Message);
    }

    [Fact]
    public void Unterminated_quote_is_reported()
    {
        var ex = Assert.Throws<MotorPickException>(() => CsvDocument.Parse(Header + "0,\"t,1\n", "l.csv"));
        Assert.Contains("ends inside a quoted field", ex.Message);
    }

    [Fact]
    public void Row_id_is_optional_and_numbered_from_zero()
    {
        var text = Header.Replace("row_id,", "", StringComparison.Ordinal) + "t,-1,-1,-1,10,10,10,16,0\n";
        var table = TrainLabelsFile.Parse(CsvDocument.Parse(text, "l.csv"));
        Assert.Equal(0, table.Rows[0].RowId);
        Assert.False(table.Rows[0].HasMotor);
    }
}
