namespace MotorPick.Core.Tests.Architecture;

/// <summary>
/// docs/architecture.md carries the dependency graph generated from the project files, so it cannot go stale: when a
/// reference changes, this test fails and says how to regenerate it (MOTORPICK_UPDATE_DOCS=1).
/// </summary>
public class ArchitectureDocTests
{
    private const string Begin = "<!-- generated from src/*/*.csproj by tests/MotorPick.Core.Tests/Architecture: do not edit by hand -->";
    private const string End = "<!-- end of generated part -->";

    [Fact]
    public void EveryLibraryHasAStageAndAOneSentenceJob()
    {
        foreach (var l in ProjectGraph.Read(ProjectGraph.RepositoryRoot()))
        {
            Assert.True(ProjectGraph.StageOf(l.Name) >= 0, $"MotorPick.{l.Name} has no pipeline stage: add it to ProjectGraph.Stages");
            Assert.False(string.IsNullOrWhiteSpace(l.Description), $"MotorPick.{l.Name}.csproj has no <Description> (its job in a sentence)");
        }
    }

    [Fact]
    public void NoNewDependencyAgainstThePipelineFlow()
    {
        var seams = ProjectGraph.AgainstTheFlow(ProjectGraph.Read(ProjectGraph.RepositoryRoot())).ToList();
        var unknown = seams.Where(s => !ProjectGraph.KnownSeams.Any(k => k.From == s.From && k.To == s.To)).ToList();
        Assert.True(unknown.Count == 0, "references against formats -> volumes -> labels -> {portal, curation, model -> inference} -> rounds -> cli: " +
                                        string.Join(", ", unknown.Select(u => $"{u.From} -> {u.To}")));
        var gone = ProjectGraph.KnownSeams.Where(k => !seams.Contains((k.From, k.To))).ToList();
        Assert.True(gone.Count == 0, "seams removed (good): delete them from ProjectGraph.KnownSeams: " + string.Join(", ", gone.Select(g => $"{g.From} -> {g.To}")));
    }

    [Fact]
    public void ArchitectureDocShowsTheCurrentGraph()
    {
        var root = ProjectGraph.RepositoryRoot();
        var path = Path.Combine(root, "docs", "architecture.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        int b = text.IndexOf(Begin, StringComparison.Ordinal), e = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(b >= 0 && e > b, $"{path} lacks the generated-part markers");
        var current = text[(b + Begin.Length)..e].Trim('\n');
        var generated = ProjectGraph.Render(ProjectGraph.Read(root)).Trim('\n');
        if (current == generated) return;
        if (Environment.GetEnvironmentVariable("MOTORPICK_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(b + Begin.Length)] + "\n" + generated + "\n" + text[e..]);
            return;
        }
        Assert.Fail($"{path} is out of date with the project files: run MOTORPICK_UPDATE_DOCS=1 dotnet test tests/MotorPick.Core.Tests --filter ArchitectureDoc");
    }
}
