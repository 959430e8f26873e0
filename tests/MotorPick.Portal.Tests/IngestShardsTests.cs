using MotorPick.Core;
using MotorPick.Core.Sharding;
using MotorPick.Labels.Tables;
using MotorPick.Portal.Api;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.Selection;
using MotorPick.Portal.StandIn;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

[Collection(StandInCollection.Name)]
public class IngestShardsTests(StandInData data)
{
    [Fact]
    public async Task Shards_running_at_once_into_one_directory_give_the_unsharded_outputs()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        using var whole = Fixtures.TempDir();
        await StandInData.IngestAsync(server, whole.Path);

        using var sharded = Fixtures.TempDir();
        using var http = PortalHttp.CreateClient();
        var client = new PortalClient(new GraphQlClient(http, server.Endpoint, RetryPolicy.Fast));
        var selection = await IngestSelector.SelectAsync(client, new SelectionRequest { MotorRuns = true });
        var shards = Enumerable.Range(0, 3).Select(i => new Shard(i, 3)).ToArray();
        var parts = shards.Select(s => IngestShards.Select(selection, s)).ToArray();
        Assert.Equal(selection.Items.Select(i => i.TomoId).Order(StringComparer.Ordinal), parts.SelectMany(p => p.Items.Select(i => i.TomoId)).Order(StringComparer.Ordinal));
        await Task.WhenAll(shards.Select((s, k) => Task.Run(() => new IngestPipeline(http,
            new IngestOptions { OutDir = sharded.Path, Shard = s, Process = new Processing.ProcessOptions { Threads = 1 } }, RetryPolicy.Fast).RunAsync(parts[k]))));

        var labelFiles = shards.Select(s => IngestShards.LabelsFile(sharded.Path, s)).Where(File.Exists).ToList();
        Assert.NotEmpty(labelFiles);
        TrainLabelsFile.Write(Path.Combine(sharded.Path, "portal_labels.csv"), IngestShards.MergeLabels(labelFiles));
        StandInData.AssertSameOutputs(StandInData.Outputs(whole.Path), StandInData.Outputs(sharded.Path));
    }

    [Fact]
    public void Merging_labels_orders_by_tomogram_and_renumbers_rows()
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllText(dir.File("b.csv"), "row_id,tomo_id,Motor axis 0,Motor axis 1,Motor axis 2,Array shape (axis 0),Array shape (axis 1),Array shape (axis 2),Voxel spacing,Number of motors\n" +
            "0,run_c,1.0,2.0,3.0,10,20,20,16.0,1\n1,run_a,-1.0,-1.0,-1.0,10,20,20,16.0,0\n");
        File.WriteAllText(dir.File("a.csv"), "row_id,tomo_id,Motor axis 0,Motor axis 1,Motor axis 2,Array shape (axis 0),Array shape (axis 1),Array shape (axis 2),Voxel spacing,Number of motors\n" +
            "0,run_b,4.0,5.0,6.0,10,20,20,16.0,2\n1,run_b,7.0,8.0,9.0,10,20,20,16.0,2\n");
        var merged = IngestShards.MergeLabels([dir.File("b.csv"), dir.File("a.csv")]);
        Assert.Equal(["run_a", "run_b", "run_b", "run_c"], merged.Rows.Select(r => r.TomoId));
        Assert.Equal([0, 1, 2, 3], merged.Rows.Select(r => (int)r.RowId));
        Assert.Equal(7.0, merged.Rows[2].Motor.Z);

        File.Copy(dir.File("a.csv"), dir.File("a2.csv"));
        var e = Assert.Throws<MotorPickException>(() => IngestShards.MergeLabels([dir.File("a.csv"), dir.File("a2.csv")]));
        Assert.Contains("run_b is in both", e.Message);
    }

    [Fact]
    public void A_shard_cleans_up_only_the_leftovers_of_its_own_runs()
    {
        var mine = new HashSet<string>(StringComparer.Ordinal) { "run_1" };
        var root = Path.Combine(Path.GetTempPath(), "ingest");
        Assert.True(IngestShards.BelongsTo(root, Path.Combine(root, "tomogram", "run_1" + AtomicFile.TempMarker + "x"), mine));
        Assert.True(IngestShards.BelongsTo(root, Path.Combine(root, "meta", "run_1.json" + AtomicFile.TempMarker + "x"), mine));
        Assert.True(IngestShards.BelongsTo(root, Path.Combine(root, "raw", "run_1", "a.zarr" + AtomicFile.TempMarker), mine));
        Assert.False(IngestShards.BelongsTo(root, Path.Combine(root, "meta", "run_10.json" + AtomicFile.TempMarker + "x"), mine));
        Assert.False(IngestShards.BelongsTo(root, Path.Combine(root, "portal_labels.csv" + AtomicFile.TempMarker), mine));
    }
}
