using CsCheck;
using MotorPick.Labels.Csv;
using MotorPick.Labels.Tables;
using MotorPick.Tests;
using MotorPick.Tests.Properties;

namespace MotorPick.Labels.Tests.Tables;

/// <summary>Properties of <see cref="GtTableFile"/>: any valid gt table, full or short layout, survives write/read.</summary>
public class GtTableFilePropertyTests
{
    private static GtTable Parse(string text) => GtTableFile.Parse(CsvDocument.Parse(text, "gt.csv"));

    private static void AssertSameRows(GtTable expected, GtTable actual, bool withOri)
    {
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (var i = 0; i < expected.Rows.Count; i++)
        {
            var (e, a) = (expected.Rows[i], actual.Rows[i]);
            Assert.Equal((e.TomoId, e.Shape, e.VoxelSpacing), (a.TomoId, a.Shape, a.VoxelSpacing));
            Assert.Equal(e.Motors, a.Motors);
            Assert.Equal(withOri ? e.OriNumMotors : null, a.OriNumMotors);
        }
    }

    [Theory]
    [InlineData(GtLayout.Full, 201u)]
    [InlineData(GtLayout.Short, 202u)]
    public void Reading_a_written_table_gives_the_same_rows_and_rewriting_it_the_same_text(GtLayout layout, uint stream)
    {
        LabelGen.GtTable(layout).Check(t =>
        {
            var text = GtTableFile.Format(t, layout);
            var back = Parse(text);
            Assert.Equal(layout, back.Layout);
            AssertSameRows(t, back, withOri: layout == GtLayout.Full);
            Assert.Equal(text, GtTableFile.Format(back, layout));
        }, iter: 100, stream: stream, print: t => GtTableFile.Format(t, layout));
    }

    [Fact]
    public void A_full_table_written_short_reads_back_as_the_same_table_without_ori_num_motors()
    {
        LabelGen.GtTable(GtLayout.Full).Check(t =>
        {
            var back = Parse(GtTableFile.Format(t, GtLayout.Short));
            Assert.Equal(GtLayout.Short, back.Layout);
            AssertSameRows(t, back, withOri: false);
            Assert.Equal(t.MotorCount, back.MotorCount);
        }, iter: 100, stream: 203, print: t => GtTableFile.Format(t, GtLayout.Full));
    }

    [Fact]
    public void Concatenating_short_tables_keeps_every_row_in_input_order()
    {
        Gen.Select(LabelGen.GtTable(GtLayout.Short), LabelGen.GtTable(GtLayout.Full)).Check(p =>
        {
            var (a, b) = p;
            if (a.Rows.Select(r => r.TomoId).Intersect(b.Rows.Select(r => r.TomoId), StringComparer.Ordinal).Any())
            {
                Assert.Throws<Core.MotorPickException>(() => GtConcat.Concat([a, b]));
                return;
            }
            var all = GtConcat.Concat([a, b]);
            AssertSameRows(new GtTable([.. a.Rows, .. b.Rows], GtLayout.Short), all, withOri: false);
            AssertSameRows(all, Parse(GtTableFile.Format(all, GtLayout.Short)), withOri: false);
        }, iter: 100, stream: 204);
    }

    [Fact]
    public void A_file_written_and_read_back_is_rewritten_byte_for_byte()
    {
        using var dir = Fixtures.TempDir();
        Gen.Select(LabelGen.GtTable(GtLayout.Full), Gen.Bool).Check(p =>
        {
            var (t, full) = p;
            var layout = full ? GtLayout.Full : GtLayout.Short;
            string a = dir.File("a.csv"), b = dir.File("b.csv");
            GtTableFile.Write(a, t, layout);
            var back = GtTableFile.Read(a);
            AssertSameRows(t, back, withOri: full);
            GtTableFile.Write(b, back, layout);
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        }, iter: 20, stream: 205);
    }
}
