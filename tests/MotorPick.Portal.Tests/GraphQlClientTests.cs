using MotorPick.Core;
using MotorPick.Portal.Api;
using MotorPick.Portal.StandIn;

namespace MotorPick.Portal.Tests;

[Collection(StandInCollection.Name)]
public class GraphQlClientTests(StandInData data)
{
    private static async Task<MotorPickException> Fails(LocalPortalServer server, string answer)
    {
        server.GraphQlOverride = _ => answer;
        using var http = PortalHttp.CreateClient();
        var client = new PortalClient(new GraphQlClient(http, server.Endpoint, RetryPolicy.Fast));
        return await Assert.ThrowsAsync<MotorPickException>(() => client.RunsWithObjectAsync());
    }

    [Fact]
    public async Task GraphQL_errors_are_reported_with_their_message()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        var ex = await Fails(server, "{\"errors\": [{\"message\": \"Max filter depth exceeded\"}], \"data\": null}");
        Assert.Contains("Max filter depth exceeded", ex.Message);
        Assert.Contains("RunsWithObject", ex.Message);
        Assert.Equal(1, server.GraphQlRequests); // not retried
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>", "not JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"data\": {\"runs\": 5}}", "'runs' is missing or not a list")]
    [InlineData("{\"data\": {\"runs\": [{\"id\": 1, \"datasetId\": 2}]}}", "'name' is missing")]
    [InlineData("{\"data\": {\"runs\": [{\"id\": \"x\", \"name\": \"a\", \"datasetId\": 2}]}}", "'id' should be an integer")]
    [InlineData("{}", "no 'data' object")]
    public async Task Malformed_answers_give_clear_errors(string answer, string expected)
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        var ex = await Fails(server, answer);
        Assert.Contains(expected, ex.Message);
        Assert.Contains(server.Endpoint, ex.Message);
    }

    [Fact]
    public async Task Server_errors_and_dropped_answers_are_retried()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        server.Faults = new FaultInjector { Rate = 1.0, MaxPerKey = 3, Kinds = [FaultKind.Status503, FaultKind.DropMidBody, FaultKind.Truncate] };
        using var http = PortalHttp.CreateClient();
        var client = new PortalClient(new GraphQlClient(http, server.Endpoint, RetryPolicy.Fast));
        var runs = await client.RunsWithObjectAsync();
        Assert.Equal(6, runs.Count);
        Assert.Equal(4, server.GraphQlRequests);
    }

    [Fact]
    public async Task Stalled_answers_time_out_and_are_retried()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        server.Faults = new FaultInjector { Rate = 1.0, MaxPerKey = 1, Kinds = [FaultKind.Stall], StallDelay = TimeSpan.FromSeconds(3) };
        using var http = PortalHttp.CreateClient();
        var policy = RetryPolicy.Fast with { RequestTimeout = TimeSpan.FromMilliseconds(300) };
        var runs = await new PortalClient(new GraphQlClient(http, server.Endpoint, policy)).RunsWithObjectAsync();
        Assert.Equal(6, runs.Count);
        Assert.Equal(2, server.GraphQlRequests);
    }

    [Fact]
    public async Task A_dead_endpoint_gives_up_with_the_reason()
    {
        using var http = PortalHttp.CreateClient();
        var client = new PortalClient(new GraphQlClient(http, "http://127.0.0.1:1/graphql", RetryPolicy.Fast with { MaxAttempts = 2 }));
        var ex = await Assert.ThrowsAsync<MotorPickException>(() => client.RunsWithObjectAsync());
        Assert.Contains("gave up after 2 tries", ex.Message);
    }
}
