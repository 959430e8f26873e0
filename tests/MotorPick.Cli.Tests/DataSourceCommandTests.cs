using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

/// <summary>--data is one option with one meaning on every verb that reads tomograms: repeatable, any layout it accepts.</summary>
public class DataSourceCommandTests
{
    private static string Ok((int Exit, string Output) r)
    {
        Assert.True(r.Exit == 0, r.Output);
        return r.Output;
    }

    [Fact]
    public void Histogram_reads_a_data_set_split_over_two_roots_as_one_and_refuses_an_id_found_twice()
    {
        using var tmp = Fixtures.TempDir();
        var data = tmp.File("synth");
        Ok(CliRunner.Run("synth", "--preset", "tiny", "--seed", "9", "--out", data));
        var labels = Path.Combine(data, "train_labels.csv");
        // the synth root itself (its train/ folder is read)
        Ok(CliRunner.Run("histogram", "--data", data, "--labels", labels, "--spacing", "20", "--out", tmp.File("one.json")));
        // the same tomograms split over two roots
        var ids = Directory.GetDirectories(Path.Combine(data, "train")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Directory.CreateDirectory(tmp.File("external"));
        Directory.Move(Path.Combine(data, "train", ids[0]!), tmp.File(Path.Combine("external", ids[0]!)));
        Ok(CliRunner.Run("histogram", "--data", Path.Combine(data, "train"), "--data", tmp.File("external"), "--labels", labels, "--spacing", "20", "--out", tmp.File("two.json")));
        Assert.Equal(File.ReadAllText(tmp.File("one.json")), File.ReadAllText(tmp.File("two.json")));

        Directory.CreateDirectory(Path.Combine(data, "train", ids[0]!));
        foreach (var f in Directory.GetFiles(tmp.File(Path.Combine("external", ids[0]!))))
            File.Copy(f, Path.Combine(data, "train", ids[0]!, Path.GetFileName(f)));
        var twice = CliRunner.Run("histogram", "--data", Path.Combine(data, "train"), "--data", tmp.File("external"), "--labels", labels, "--out", tmp.File("bad.json"));
        Assert.Equal(1, twice.Exit);
        Assert.Contains($"{ids[0]} is found twice", twice.Output);
    }
}
