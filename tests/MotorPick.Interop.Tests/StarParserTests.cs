using MotorPick.Core;
using MotorPick.Interop.Star;

namespace MotorPick.Interop.Tests;

public class StarParserTests
{
    [Fact]
    public void Reads_loops_key_value_blocks_comments_and_quoted_values()
    {
        const string text = """
            # RELION version 50001
            data_general

            _rlnTomoSubTomosAre2DStacks    1   # a trailing comment

            data_particles

            loop_
            _rlnTomoName #1
            _rlnCenteredCoordinateXAngst #2
            _rlnMicrographName #3
            # a comment between rows
            tomo_a 1.5 "Tomograms/with space.mrc"

            'tomo b' -2e+01 plain.mrc
            data_
            _rlnKey "#not a comment"
            """;
        var doc = StarParser.Parse(text, "x.star");
        Assert.Equal(["general", "particles", ""], doc.Blocks.Select(b => b.Name));
        var general = doc.Find("general")!;
        Assert.False(general.IsLoop);
        Assert.Equal("1", general.Value("rlnTomoSubTomosAre2DStacks"));
        var particles = doc.Find("particles")!;
        Assert.True(particles.IsLoop);
        Assert.Equal(["rlnTomoName", "rlnCenteredCoordinateXAngst", "rlnMicrographName"], particles.Columns);
        Assert.Equal(2, particles.Rows.Count);
        Assert.Equal("Tomograms/with space.mrc", particles.Rows[0][2]);
        Assert.Equal("tomo b", particles.Rows[1][0]);
        Assert.Equal("-2e+01", particles.Rows[1][1]);
        Assert.Equal(15, particles.Rows[1].Line);
        Assert.Equal("#not a comment", doc.Blocks[2].Value("rlnKey"));
    }

    [Fact]
    public void Reads_windows_line_ends_and_a_loop_followed_by_pairs()
    {
        var doc = StarParser.Parse("data_a\r\nloop_\r\n_x\r\n_y\r\n1 2\r\n3 4\r\n_after 5\r\n", "w.star");
        Assert.Equal(2, doc.Blocks.Count);
        Assert.Equal(["1", "2"], doc.Blocks[0].Rows[0].Values);
        Assert.Equal("4", doc.Blocks[0].Rows[1][1]);
        Assert.False(doc.Blocks[1].IsLoop);
        Assert.Equal("5", doc.Blocks[1].Value("after"));
    }

    [Theory]
    [InlineData("data_a\nloop_\n_x\n_y\n1 2\n3\n", "line 6", "2 labels but this row has 1 values")]
    [InlineData("data_a\nloop_\n_x\n1 'open\n", "line 4", "unterminated")]
    [InlineData("_x 1\n", "line 1", "before the first data_ block")]
    [InlineData("data_a\n_x 1 2\n", "line 2", "needs exactly one value")]
    [InlineData("data_a\n_x 1\n_x 2\n", "line 3", "appears twice")]
    [InlineData("data_a\n;\ntext\n;\n", "line 2", "multi-line")]
    [InlineData("data_a\nloop_\n1 2\n", "line 3", "no labels")]
    public void Refuses_broken_files_naming_the_line(string text, string where, string what)
    {
        var ex = Assert.Throws<MotorPickException>(() => StarParser.Parse(text, "bad.star"));
        Assert.Contains("bad.star", ex.Message);
        Assert.Contains(where, ex.Message);
        Assert.Contains(what, ex.Message);
    }

    [Fact]
    public void Writer_output_reads_back_including_values_that_need_quotes()
    {
        var block = new StarBlock("particles", true, ["rlnTomoName", "rlnValue"],
            [new StarRow(0, ["with space", "_underscore"]), new StarRow(0, ["#hash", "1.25"]), new StarRow(0, ["", "data_x"])]);
        var pairs = new StarBlock("set", false, ["rlnA", "rlnLonger"], [new StarRow(0, ["a b", "2"])]);
        var text = StarWriter.Format([block, pairs], "header");
        var back = StarParser.Parse(text, "w.star");
        Assert.Equal(block.Rows.Select(r => r.Values), back.Find("particles")!.Rows.Select(r => r.Values));
        Assert.Equal("a b", back.Find("set")!.Value("rlnA"));
        Assert.StartsWith("# header\n", text);
        Assert.Contains("_rlnTomoName #1\n_rlnValue #2\n", text);
    }
}
