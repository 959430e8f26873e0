using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

/// <summary>--shard i/n on predict, histogram and volume convert, and the merges: shards together equal one run.</summary>
public class ShardedCommandTests
{
    private const string Card = """{"name": "tiny_heatmap", "stride": 4, "target_spacing": 16, "patch_size": [16, 32, 32], "input_name": "image", "output_name": "logits"}""";

    private static string Synth(TempDir tmp)
    {
        var data = tmp.File("synth");
        Ok(CliRunner.Run("synth", "--preset", "tiny", "--seed", "9", "--out", data));
        return data;
    }

    [Fact]
    public void Predict_shards_merge_into_the_single_run()
    {
        using var tmp = Fixtures.TempDir();
        var data = Synth(tmp);
        File.WriteAllText(tmp.File("card.json"), Card);
        string[] predict = ["predict", "--model", Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), "--card", tmp.File("card.json"),
            "--data", Path.Combine(data, "train"), "--labels", Path.Combine(data, "train_labels.csv"), "--threads", "1"];
        Ok(CliRunner.Run([.. predict, "--out", tmp.File("single.csv")]));
        for (var i = 0; i < 3; i++) Ok(CliRunner.Run([.. predict, "--shard", $"{i}/3", "--out", tmp.File("cand.csv")]));
        Assert.False(File.Exists(tmp.File("cand.csv")));
        var shards = Enumerable.Range(0, 3).Select(i => tmp.File($"cand.shard-{i}-of-3.csv")).Reverse().ToArray();
        Assert.All(shards, s => Assert.True(File.Exists(s), s));
        Ok(CliRunner.Run(["merge", "candidates", .. shards, "--out", tmp.File("merged.csv")]));
        Assert.Equal(File.ReadAllText(tmp.File("single.csv")), File.ReadAllText(tmp.File("merged.csv")));
    }

    [Fact]
    public void Histogram_shards_merge_into_the_single_run()
    {
        using var tmp = Fixtures.TempDir();
        var data = Synth(tmp);
        string[] histogram = ["histogram", "--data", Path.Combine(data, "train"), "--labels", Path.Combine(data, "train_labels.csv"), "--spacing", "20"];
        Ok(CliRunner.Run([.. histogram, "--out", tmp.File("single.json")]));
        for (var i = 0; i < 3; i++) Ok(CliRunner.Run([.. histogram, "--shard", $"{i}/3", "--out", tmp.File("h.json")]));
        var shards = Enumerable.Range(0, 3).Select(i => tmp.File($"h.shard-{i}-of-3.json")).ToArray();
        Ok(CliRunner.Run(["merge", "histograms", .. shards, "--labels", Path.Combine(data, "train_labels.csv"), "--out", tmp.File("merged.json")]));
        Assert.Equal(File.ReadAllText(tmp.File("single.json")), File.ReadAllText(tmp.File("merged.json")));

        var missing = CliRunner.Run(["merge", "histograms", shards[0], "--labels", Path.Combine(data, "train_labels.csv"), "--out", tmp.File("bad.json")]);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("in no shard", missing.Output);
    }

    [Fact]
    public void Volume_convert_shards_a_directory_of_volumes()
    {
        using var tmp = Fixtures.TempDir();
        var train = Path.Combine(Synth(tmp), "train");
        var ids = Directory.GetDirectories(train).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var refused = CliRunner.Run("volume", "convert", train, tmp.File("out"));
        Assert.Equal(1, refused.Exit);
        Assert.Contains("--to", refused.Output);

        var first = Ok(CliRunner.Run("volume", "convert", train, tmp.File("npy"), "--to", "npy", "--shard", "0/2"));
        Ok(CliRunner.Run("volume", "convert", train, tmp.File("npy"), "--to", "npy", "--shard", "1/2"));
        Assert.Contains("2 volumes in shard 0/2: 2 converted", first);
        Assert.Equal(ids.Select(id => id + ".npy"), Directory.GetFiles(tmp.File("npy")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("0 converted, 2 already there", Ok(CliRunner.Run("volume", "convert", train, tmp.File("npy"), "--to", "npy", "--shard", "0/2")));
    }

    [Fact]
    public void Slurm_submit_dry_run_writes_the_script_and_checks_the_command()
    {
        using var tmp = Fixtures.TempDir();
        var run = tmp.File("run");
        var output = Ok(CliRunner.Run("slurm", "submit", "--dry-run", "--partition", "gpu", "--gpus-per-task", "1", "--launcher", "motorpick", "--run-dir", run,
            "--", "histogram", "--data", "train", "--labels", "gt.csv", "--shard", "%a/8", "--out", "h.json"));
        Assert.Contains("not submitted", output);
        var script = File.ReadAllText(Path.Combine(run, "job.sbatch"));
        Assert.Contains("#SBATCH --array=0-7\n", script);
        Assert.Contains("motorpick histogram --data train --labels gt.csv --shard ${SLURM_ARRAY_TASK_ID}/8 --out h.json\n", script);

        var noShard = CliRunner.Run("slurm", "submit", "--dry-run", "--run-dir", run, "--", "histogram", "--data", "train", "--labels", "gt.csv", "--out", "h.json");
        Assert.Contains("no --shard %a/N", noShard.Output);
        var typo = CliRunner.Run("slurm", "submit", "--dry-run", "--run-dir", run, "--", "histogram", "--dta", "train", "--shard", "%a/8");
        Assert.Equal(1, typo.Exit);
        Assert.Contains("the command does not parse", typo.Output);
    }

    private static string Ok((int Exit, string Output) r)
    {
        Assert.True(r.Exit == 0, r.Output);
        return r.Output;
    }
}
