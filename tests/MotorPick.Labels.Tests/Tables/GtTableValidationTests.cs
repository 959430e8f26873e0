using MotorPick.Core;
using MotorPick.Labels.Csv;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Tests.Tables;

public class GtTableValidationTests
{
    private const string Header = "tomo_id,Z,Y,X,voxel_spacing,num_motors,motor_z,motor_y,motor_x,motor_zyx\n";

    private static MotorPickException Fails(string body) =>
        Assert.Throws<MotorPickException>(() => GtTableFile.Parse(CsvDocument.Parse(Header + body, "bad.csv")));

    [Fact]
    public void Duplicated_tomo_id_names_both_lines()
    {
        var ex = Fails("t1,10,10,10,16.0,0,-1.0,-1.0,-1.0,[]\nt1,10,10,10,16.0,0,-1.0,-1.0,-1.0,[]\n");
        Assert.Equal("bad.csv, line 3, field 'tomo_id': t1 appears twice (first on line 2); a gt table has one row per tomogram", ex.Message);
    }

    [Fact]
    public void Non_numeric_value_names_line_and_field()
    {
        var ex = Fails("t1,ten,10,10,16.0,0,-1.0,-1.0,-1.0,[]\n");
        Assert.Equal("bad.csv, line 2, field 'Z': expected an integer, found 'ten'", ex.Message);
    }

    [Fact]
    public void Motor_outside_the_shape_is_refused()
    {
        var ex = Fails("t1,10,10,10,16.0,1,3.0,4.0,12.0,\"[[3.0, 4.0, 12.0]]\"\n");
        Assert.Equal("bad.csv", ex.Path);
        Assert.Equal(2, ex.Line);
        Assert.Contains("outside the array shape 10x10x10", ex.Message);
    }

    [Fact]
    public void Num_motors_must_match_the_list()
    {
        var ex = Fails("t1,10,10,10,16.0,2,3.0,4.0,5.0,\"[[3.0, 4.0, 5.0]]\"\n");
        Assert.Equal("num_motors", ex.Field);
    }

    [Fact]
    public void Broken_motor_list_is_reported()
    {
        var ex = Fails("t1,10,10,10,16.0,1,3.0,4.0,5.0,\"[[3.0, 4.0]]\"\n");
        Assert.Equal("motor_zyx", ex.Field);
        Assert.Contains("[z, y, x] triple", ex.Message);
    }

    [Fact]
    public void Missing_column_lists_the_expected_layout()
    {
        var ex = Assert.Throws<MotorPickException>(() =>
            GtTableFile.Parse(CsvDocument.Parse("tomo_id,Z,Y,X,spacing\n", "bad.csv")));
        Assert.Contains("missing column 'voxel_spacing'", ex.Message);
        Assert.Contains("expected the columns tomo_id, Z, Y, X", ex.Message);
    }

    [Fact]
    public void A_row_with_too_few_fields_is_reported_with_its_line()
    {
        var ex = Fails("t1,10,10\n");
        Assert.Equal(2, ex.Line);
        Assert.Contains("expected 10 fields", ex.Message);
    }
}
