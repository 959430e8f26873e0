using System.Net;
using System.Text.RegularExpressions;
using MotorPick.Cli.Tests.Chaos;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

/// <summary>
/// <c>review serve</c> as a real process (issue 19): the token comes from a file, so it is not in the process's
/// arguments that every user of the machine can read (<c>/proc/PID/cmdline</c>, <c>ps</c>); <c>--token</c> still works
/// and warns; accounts made with <c>--reviewer</c> get their token once.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ReviewServeCommandTests
{
    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex Address();

    [Fact]
    public async Task The_token_file_keeps_the_token_out_of_the_process_list()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("labels.csv"), ReviewLoopCommandTests.LabelsCsv);
        File.WriteAllText(tmp.File("cands.csv"), ReviewLoopCommandTests.CandidatesCsv);
        var data = Path.Combine(tmp.Path, "data");
        foreach (var id in new[] { "tomo_aaaaaa", "tomo_bbbbbb", "tomo_cccccc" }) ReviewLoopCommandTests.WriteStack(Path.Combine(data, id), 24, 48, 64);
        var review = tmp.File("review");
        var (exit, output) = CliRunner.Run("review", "mine", "--labels", tmp.File("labels.csv"), "--candidates", tmp.File("cands.csv"), "--out", review);
        Assert.True(exit == 0, output);

        const string token = "cli-shared-token-0123456789abcdef";
        var tokenFile = tmp.File("token");
        File.WriteAllText(tokenFile, token + "\n");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        using (var server = ChildCli.Start(["review", "serve", "--review", review, "--data", data, "--port", "0", "--token-file", tokenFile, "--as", "alice", "--reviewer", "bob"]))
        {
            var port = await WaitForAddress(server);
            var argv = File.ReadAllText($"/proc/{server.Process.Id}/cmdline").Split('\0');
            Assert.Contains("--token-file", argv);
            Assert.DoesNotContain(argv, a => a.Contains(token, StringComparison.Ordinal));
            Assert.Contains("New account bob", Normalise(server.OutputSoFar));
            Assert.DoesNotContain(token, server.OutputSoFar);
            Assert.DoesNotContain("warning", server.OutputSoFar);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/items")).StatusCode);
            http.DefaultRequestHeaders.Add("X-MotorPick-Token", token);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/items")).StatusCode);
        }
        Assert.DoesNotContain(token, File.ReadAllText(Path.Combine(review, "reviewers.json")));

        // The old --token still works, with a warning; bob's account exists, so no token is printed for him again.
        using (var server = ChildCli.Start(["review", "serve", "--review", review, "--data", data, "--port", "0", "--token", token, "--reviewer", "bob"]))
        {
            await WaitForAddress(server);
            var text = Normalise(server.OutputSoFar);
            Assert.Contains("warning: --token puts the token on the command line", text);
            Assert.Contains("bob already has an account", text);
            Assert.DoesNotContain("New account", text);
        }
    }

    private static async Task<int> WaitForAddress(RunningChild server)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!Normalise(server.OutputSoFar).Contains("Press Ctrl+C", StringComparison.Ordinal))
        {
            Assert.False(server.Process.HasExited, "review serve exited: " + server.OutputSoFar);
            Assert.True(DateTime.UtcNow < deadline, "review serve did not start: " + server.OutputSoFar);
            await Task.Delay(100);
        }
        return int.Parse(Address().Match(server.OutputSoFar).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The output with Spectre's line wrapping undone.</summary>
    private static string Normalise(string output) => string.Join(' ', output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
