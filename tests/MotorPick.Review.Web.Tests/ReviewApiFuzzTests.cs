using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit.Abstractions;

namespace MotorPick.Review.Web.Tests;

/// <summary>
/// Fuzzing the JSON bodies of the writing endpoints with a logged-in reviewer's session and anti-forgery token: random
/// bytes, truncated and deeply nested JSON, wrong types, huge numbers, odd strings, names of other reviewers. None is a
/// valid decision, so none may be written, and none may make the server fail (500) or stop answering.
/// </summary>
public sealed class ReviewApiFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Keys = ["reviewer", "action", "tags", "requestId", "token", "Action", "TAGS", "", "__proto__", "reviewer\u0000"];
    private static readonly string[] Targets = ["api/items/0/tags", "api/items/2/tags", "api/items/4/tags", "api/items/-1/tags", "api/items/99999999999/tags", "api/undo", "api/login"];

    [Fact]
    public async Task Random_and_malformed_bodies_never_fail_the_server_and_never_write_a_decision()
    {
        await using var server = await RunningServer.StartAsync(new ReviewData(depth: 8, height: 32, width: 32));
        using var client = await server.SessionClient("alice");
        var seed = Environment.GetEnvironmentVariable("MOTORPICK_FUZZ_SEED") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 19;
        var rng = new Random(seed);
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 600; i++)
        {
            var target = Targets[rng.Next(Targets.Length)];
            var body = Body(rng, target.EndsWith("/tags", StringComparison.Ordinal));
            using var content = new ByteArrayContent(body);
            var type = rng.Next(6);
            if (type > 0) content.Headers.ContentType = new MediaTypeHeaderValue(type == 1 ? "text/plain" : "application/json");
            using var response = await client.PostAsync(target, content);
            var text = await response.Content.ReadAsStringAsync();
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"seed {seed}, #{i}: POST {target} {Encoding.UTF8.GetString(body)} -> {(int)response.StatusCode} {text}");
            Assert.DoesNotContain("   at ", text);
            if (target.EndsWith("/tags", StringComparison.Ordinal)) Assert.False(response.IsSuccessStatusCode, $"#{i}: {Encoding.UTF8.GetString(body)} -> {text}");
        }
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}")));
        Assert.Empty(server.Server.Store.History());
        Assert.True(statuses.GetValueOrDefault(400) > 100, "most bodies should reach the endpoints and be refused there");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);
        // The session survived the whole run: a valid request from it is still accepted.
        Assert.Equal(HttpStatusCode.OK, (await client.Tag(0, "add", [1])).StatusCode);
    }

    /// <summary>A body that is never a valid tagging request: no valid action whenever it is a tags request.</summary>
    private static byte[] Body(Random rng, bool tags) => rng.Next(8) switch
    {
        0 => RandomBytes(rng),
        1 => Encoding.UTF8.GetBytes(Truncate(rng, Json(rng, 3, tags))),
        2 => Encoding.UTF8.GetBytes(new string('[', rng.Next(60, 3000)) + (rng.Next(2) == 0 ? "" : new string(']', 10))),
        3 => Encoding.UTF8.GetBytes("{\"action\":" + Json(rng, 2, tags) + ",\"tags\":[" + string.Join(",", Enumerable.Range(0, rng.Next(0, 80)).Select(_ => Number(rng))) + "]}"),
        4 => Encoding.UTF8.GetBytes("{\"reviewer\":\"bob\",\"action\":\"" + (tags ? "jump" : "add") + "\",\"tags\":[1],\"requestId\":\"" + new string('r', rng.Next(1, 200)) + "\"}"),
        _ => Encoding.UTF8.GetBytes(Json(rng, 4, tags)),
    };

    private static byte[] RandomBytes(Random rng)
    {
        var bytes = new byte[rng.Next(0, 400)];
        rng.NextBytes(bytes);
        return bytes;
    }

    private static string Truncate(Random rng, string json) => json.Length == 0 ? json : json[..rng.Next(json.Length)];

    /// <summary>A random JSON value; objects use the request's keys, and an "action" is never add, remove or set in a tags request.</summary>
    private static string Json(Random rng, int depth, bool tags)
    {
        switch (depth <= 0 ? rng.Next(5) : rng.Next(7))
        {
            case 0: return "null";
            case 1: return rng.Next(2) == 0 ? "true" : "false";
            case 2: return Number(rng);
            case 3:
            case 4: return Str(rng, tags);
            case 5: return "[" + string.Join(",", Enumerable.Range(0, rng.Next(0, 6)).Select(_ => Json(rng, depth - 1, tags))) + "]";
            default:
                var members = Enumerable.Range(0, rng.Next(0, 6)).Select(_ =>
                {
                    var key = Keys[rng.Next(Keys.Length)];
                    var value = key.Equals("action", StringComparison.OrdinalIgnoreCase) ? Str(rng, tags) : Json(rng, depth - 1, tags);
                    return $"\"{Escape(key)}\":{value}";
                });
                return "{" + string.Join(",", members) + "}";
        }
    }

    private static string Number(Random rng) => rng.Next(6) switch
    {
        0 => rng.Next(-5, 12).ToString(CultureInfo.InvariantCulture),
        1 => "1e400",
        2 => "-0.5",
        3 => "99999999999999999999999",
        4 => ((long)rng.Next() << 20).ToString(CultureInfo.InvariantCulture),
        _ => "NaN",
    };

    private static readonly string[] Strings = ["add", "remove", "set", "ADD", "Set", "", "alice", "bob", "../../etc", "\u0000", "\ud800", "\u202e", "<script>", "robert'); drop table events;--", "undo", "a b", "é"];

    private static string Str(Random rng, bool tags)
    {
        string s;
        do
        {
            s = rng.Next(3) == 0 ? new string(Enumerable.Range(0, rng.Next(0, 40)).Select(_ => (char)rng.Next(0, 0x3000)).ToArray()) : Strings[rng.Next(Strings.Length)];
        }
        while (tags && s.ToLowerInvariant() is "add" or "remove" or "set");
        return "\"" + Escape(s) + "\"";
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s)
        {
            if (c is '"' or '\\') sb.Append('\\').Append(c);
            else if (c < 0x20 || char.IsSurrogate(c)) sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
