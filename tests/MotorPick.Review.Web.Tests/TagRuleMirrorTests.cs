using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using MotorPick.Curation.Review;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Review.Web.Api;

namespace MotorPick.Review.Web.Tests;

/// <summary>A fact that runs JavaScript with node: skipped without it, unless system tests are required.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public const string Install = "apt-get install -y nodejs";

    public NodeFactAttribute()
    {
        Skip = SystemTests.SkipReason(TagRuleMirrorTests.FindNode() is not null, "node", Install);
    }
}

/// <summary>
/// The review page shows a key's tags before the server answers, with app.js's own copy of the tag rule; the server's
/// answer (TagEdit.Apply in MotorPick.Curation) is the truth. The two must agree, or the page would flicker to other
/// tags on every answer: app.js's <c>applyTag</c>, as the server embeds it, runs under node on every add and remove of
/// every tag from every starting set, on an item with labels and on one labelled "no motor".
/// </summary>
public class TagRuleMirrorTests
{
    public static string? FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);

    [NodeFact]
    public void The_page_and_the_server_apply_the_same_tag_rule()
    {
        ReviewItem[] items = [Item(0, labels: 1, candidates: 3), Item(1, labels: 0, candidates: 3)];
        var cases = new List<(ReviewItem Item, int[] Tags, TagAction Action, int Tag)>();
        foreach (var item in items)
        {
            var k = item.Candidates.Count;
            for (var mask = 0; mask < 1 << (k + 1); mask++)
            {
                var current = Enumerable.Range(0, k + 1).Where(t => (mask & (1 << t)) != 0).ToArray();
                for (var tag = 0; tag <= k; tag++)
                    foreach (var action in new[] { TagAction.Add, TagAction.Remove })
                        cases.Add((item, current, action, tag));
            }
        }

        var page = RunApplyTag(cases.Select(c => new { item = new { labels = c.Item.Labels.Select(_ => 0).ToArray() }, tags = c.Tags, action = c.Action == TagAction.Add ? "add" : "remove", tag = c.Tag }));
        Assert.Equal(cases.Count, page.Count);
        var differ = cases.Select((c, i) => (c, server: TagEdit.Apply(c.Item, c.Tags, c.Action, [c.Tag]), page: page[i]))
            .Where(x => !x.server.SequenceEqual(x.page))
            .Select(x => $"{(x.c.Item.Labels.Count == 0 ? "'no motor' item" : "labelled item")} [{string.Join(",", x.c.Tags)}] {x.c.Action} {x.c.Tag}: server [{string.Join(",", x.server)}], page [{string.Join(",", x.page)}]")
            .ToList();
        Assert.True(differ.Count == 0, $"{differ.Count} of {cases.Count} cases differ:\n" + string.Join("\n", differ.Take(10)));
    }

    private static ReviewItem Item(int index, int labels, int candidates) => new(index, labels == 0 ? Judgement.FP : Judgement.FN, "tomo_aaaaaa",
        new TomoShape(8, 32, 32), 16, Enumerable.Repeat(new Point3(4, 16, 16), labels).ToArray(),
        Enumerable.Range(0, candidates).Select(i => new ReviewCandidate(new Point3(4, 8 + i, 8), 0.9 - 0.1 * i)).ToArray(), "x.jpg");

    /// <summary>Runs app.js's <c>applyTag</c> (cut from the embedded page, as served) on every case under node.</summary>
    private static List<int[]> RunApplyTag(IEnumerable<object> cases)
    {
        using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream("wwwroot/app.js")!;
        var appJs = new StreamReader(stream).ReadToEnd().ReplaceLineEndings("\n");
        var function = Regex.Match(appJs, @"^function applyTag\(.*?^}$", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(function.Success, "app.js has no top-level 'function applyTag(...) { ... }'");
        var script = function.Value + "\nconst cases = " + JsonSerializer.Serialize(cases) + ";\n" +
                     "process.stdout.write(JSON.stringify(cases.map((c) => applyTag(c.item, c.tags, c.action, c.tag))));\n";
        var psi = new ProcessStartInfo(SystemTests.Require(FindNode(), "node", NodeFactAttribute.Install))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var node = Process.Start(psi)!;
        node.StandardInput.Write(script);
        node.StandardInput.Close();
        var stderr = node.StandardError.ReadToEndAsync();
        var stdout = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}: {stderr.Result}");
        return JsonSerializer.Deserialize<List<int[]>>(stdout)!;
    }
}
