using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MotorPick.Review.Web.Security;

namespace MotorPick.Review.Web.Tests;

/// <summary>Many reviewers at once: every decision is stored exactly once.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Twenty_clients_posting_500_decisions_each_lose_none_and_duplicate_none()
    {
        const int clients = 20, perClient = 500;
        var data = new ReviewData(depth: 4, height: 16, width: 16);
        foreach (var t in ReviewerAccounts.AddAccounts(data.ReviewersPath, Enumerable.Range(0, clients).Select(c => $"client-{c:00}")).Issued)
            data.Tokens[t.Reviewer] = t.Token;
        await using var server = await RunningServer.StartAsync(data);
        var items = server.Data.Review.Items;

        async Task<Dictionary<int, int[]>> Client(int c)
        {
            var reviewer = $"client-{c:00}";
            using var client = await server.SessionClient(reviewer);
            var last = new Dictionary<int, int[]>();
            for (var j = 0; j < perClient; j++)
            {
                // Alternate between two tag sets per item, so that every decision is a change.
                var item = items[(c + j) % items.Count];
                var round = j / items.Count; // how often this client has visited the item before
                int[] tags = item.Candidates.Count == 0 ? (round % 2 == 0 ? [0] : []) : (round % 2 == 0 ? [0] : [1]);
                if (item.Labels.Count > 0 && item.Candidates.Count > 0 && round % 2 == 1) tags = [0, 1];
                var requestId = $"{reviewer}-{j}";
                var response = await client.PostAsJsonAsync($"api/items/{item.Index}/tags", new { reviewer, action = "set", tags, requestId });
                var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
                Assert.True(body!["changed"]!.GetValue<bool>(), $"{reviewer} #{j}: {body.ToJsonString()}");
                // Every tenth request is sent twice, as a client retrying after a lost answer would.
                if (j % 10 == 0)
                {
                    var retry = await (await client.PostAsJsonAsync($"api/items/{item.Index}/tags", new { reviewer, action = "set", tags, requestId })).Content.ReadFromJsonAsync<JsonObject>();
                    Assert.True(retry!["replayed"]!.GetValue<bool>(), retry.ToJsonString());
                    Assert.Equal(body["eventId"]!.GetValue<long>(), retry["eventId"]!.GetValue<long>());
                }
                last[item.Index] = tags;
            }
            return last;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => Client(c))));

        var history = server.Server.Store.History(limit: 1_000_000);
        Assert.Equal(clients * perClient, history.Count);
        Assert.Equal(clients * perClient, history.Select(e => e.Id).Distinct().Count());
        for (var c = 0; c < clients; c++)
        {
            var reviewer = $"client-{c:00}";
            Assert.Equal(perClient, history.Count(e => e.Reviewer == reviewer));
            // Each reviewer's history chains: every change starts from the tags the previous one left.
            var chain = history.Where(e => e.Reviewer == reviewer).OrderBy(e => e.Id).GroupBy(e => e.Item);
            foreach (var g in chain)
            {
                int[] before = [];
                foreach (var e in g)
                {
                    Assert.Equal(before, e.Previous);
                    before = e.Tags;
                }
            }
            var current = server.Server.Store.Current(reviewer).ToDictionary(d => d.Item, d => d.Tags);
            foreach (var (item, tags) in results[c])
                Assert.Equal(tags, current.GetValueOrDefault(item) ?? []);
        }
    }

    [Fact]
    public async Task Under_the_rollback_journal_writers_and_readers_together_lose_nothing()
    {
        // The journal used on NFS and Lustre: readers lock the whole file, so writers wait for them (busy timeout).
        const int writers = 6, perWriter = 60;
        var data = new ReviewData(depth: 4, height: 16, width: 16);
        foreach (var t in ReviewerAccounts.AddAccounts(data.ReviewersPath, Enumerable.Range(0, writers).Select(c => $"w{c}")).Issued)
            data.Tokens[t.Reviewer] = t.Token;
        await using var server = await RunningServer.StartAsync(data, d => d.Options() with { Journal = Storage.JournalMode.Delete });
        Assert.Equal("delete", server.Server.Store.Journal);
        var items = data.Review.Items;
        using var done = new CancellationTokenSource();

        async Task Write(int c)
        {
            using var client = await server.SessionClient($"w{c}");
            for (var j = 0; j < perWriter; j++)
            {
                var item = items[(c + j) % items.Count];
                int[] tags = (j / items.Count) % 2 == 0 ? [0] : (item.Candidates.Count > 0 ? [1] : []);
                var response = await client.PostAsJsonAsync($"api/items/{item.Index}/tags", new { action = "set", tags, requestId = $"w{c}-{j}" });
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
        }

        async Task<int> Read()
        {
            using var client = server.Client("alice");
            var reads = 0;
            while (!done.IsCancellationRequested)
            {
                Assert.True((await client.GetAsync("api/items")).IsSuccessStatusCode);
                Assert.True((await client.GetAsync("api/agreement")).IsSuccessStatusCode);
                reads++;
            }
            return reads;
        }

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(Read)).ToArray();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(c => Task.Run(() => Write(c))));
        await done.CancelAsync();
        Assert.All(await Task.WhenAll(readers), n => Assert.True(n > 0));
        Assert.Equal(writers * perWriter, server.Server.Store.History(limit: 100_000).Count);
        Assert.False(File.Exists(server.Server.Store.Path + "-wal"));
    }
}
