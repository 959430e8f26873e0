using System.Text.Json;
using MotorPick.Tests;
using Spectre.Console;

namespace MotorPick.Cli.Tests;

/// <summary>What a script can rely on: results on stdout, warnings and errors on stderr, exit 2 / 1 / 130, --quiet, --json.</summary>
public class StreamsAndExitCodesTests
{
    private static string Ref(params string[] p) => Fixtures.Path(["reference", .. p]);

    [Theory]
    [InlineData("labels", "gt", "--labels", "a.csv", "--out", "b.csv", "--bogus")]      // unknown option
    [InlineData("labels", "gt", "--out", "b.csv")]                                        // missing required option
    [InlineData("labels", "concat", "--out", "b.csv")]                                    // missing argument
    [InlineData("split", "--labels", "a.csv", "--folds", "abc", "--out", "s.json")]      // a value that does not parse
    [InlineData("frobnicate")]                                                            // unknown command
    [InlineData("labels")]                                                                // a group without its subcommand
    public void A_usage_error_exits_2_with_the_problem_on_stderr_and_nothing_on_stdout(params string[] args)
    {
        var run = CliRunner.RunStreams(args);
        Assert.Equal(CliContext.Usage, run.Exit);
        Assert.Empty(run.Out);
        Assert.StartsWith("error: ", run.Err);
        Assert.Contains("--help' for its options and examples.", run.Err);
    }

    [Fact]
    public void A_usage_error_names_the_command_whose_help_to_read()
    {
        var run = CliRunner.RunStreams("labels", "gt", "--bogus");
        Assert.Contains("error: Unrecognized command or argument '--bogus'.", run.Err);
        Assert.Contains("error: Option '--labels' is required.", run.Err);
        Assert.Contains("Run 'motorpick labels gt --help'", run.Err);
    }

    [Fact]
    public void A_data_error_exits_1_with_the_error_on_stderr_and_nothing_on_stdout()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("bad.csv"), "a,b\n1,2\n");
        var run = CliRunner.RunStreams("labels", "gt", "--labels", tmp.File("bad.csv"), "--out", tmp.File("gt.csv"));
        Assert.Equal(CliContext.Failed, run.Exit);
        Assert.Empty(run.Out);
        Assert.StartsWith($"error: {tmp.File("bad.csv")}, line 1: not a label table MotorPick reads", run.Err);
    }

    [Fact]
    public void Warnings_go_to_stderr_and_the_summary_to_stdout()
    {
        using var tmp = Fixtures.TempDir();
        var run = CliRunner.RunStreams("labels", "gt", "--labels", Ref("train_labels_v2.csv"), "--out", tmp.File("gt_v2.csv"));
        Assert.Equal(0, run.Exit);
        Assert.Contains("warning:", run.Err);
        Assert.DoesNotContain("warning:", run.Out);
        Assert.Contains("648 tomograms, 523 motors", run.Out);
    }

    [Fact]
    public void Cancelling_exits_130_with_a_note_on_stderr()
    {
        var err = new StringWriter();
        var ctx = new CliContext(Console(new StringWriter()), Console(err));
        Assert.Equal(130, ctx.Guard(() => throw new OperationCanceledException()));
        Assert.Equal("cancelled", err.ToString().Trim());
    }

    [Fact]
    public void Quiet_drops_notes_and_keeps_the_result()
    {
        using var tmp = Fixtures.TempDir();
        Assert.Equal(0, CliRunner.RunStreams("synth", "--preset", "tiny", "--count", "2", "--out", tmp.File("synth")).Exit);
        string[] convert = ["volume", "convert", Path.Combine(tmp.File("synth"), "train"), tmp.File("npy"), "--to", "npy"];
        Assert.Equal(0, CliRunner.RunStreams(convert).Exit);

        var loud = CliRunner.RunStreams(convert);
        Assert.Contains("converted by an earlier run", loud.Err);

        var quiet = CliRunner.RunStreams([.. convert, "--quiet"]);
        Assert.Equal(0, quiet.Exit);
        Assert.Empty(quiet.Err);
        Assert.Equal(loud.Out, quiet.Out);
        Assert.Contains("0 converted, 2 already there", quiet.Out);
        Assert.Empty(CliRunner.RunStreams(["-q", .. convert]).Err); // a global option, before the command too
    }

    [Fact]
    public void Score_json_is_alone_on_stdout()
    {
        var run = CliRunner.RunStreams("score", "--labels", Ref("gt_v3.csv"), "--submission", Ref("gt_v3.csv"), "--top1", "--json");
        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(1.0, doc.RootElement.GetProperty("f2").GetDouble());
    }

    [Fact]
    public void Volume_info_json_has_shape_dtype_and_statistics()
    {
        using var tmp = Fixtures.TempDir();
        Assert.Equal(0, CliRunner.RunStreams("synth", "--preset", "tiny", "--count", "1", "--out", tmp.File("synth")).Exit);
        var tomo = Directory.GetDirectories(Path.Combine(tmp.File("synth"), "train")).Single();
        var run = CliRunner.RunStreams("volume", "info", tomo, "--json");
        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal([32, 96, 96], doc.RootElement.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("uint8", doc.RootElement.GetProperty("dtype").GetString());
        Assert.True(doc.RootElement.GetProperty("statistics").GetProperty("max").GetDouble() > 0);
    }

    private static IAnsiConsole Console(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(writer), Interactive = InteractionSupport.No,
    });
}
