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
}
