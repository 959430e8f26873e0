using System.Text.RegularExpressions;

namespace MotorPick.Core.Tests.Architecture;

/// <summary>
/// Comments cite the reference's facts as "docs/reference.md 5.6" (also "5.2-5.8", "5.2, 8.2", "4 and 9.14"): every cited
/// section must exist in docs/reference.md, so a citation always resolves inside the repository.
/// </summary>
public partial class ReferenceCitationTests
{
    [GeneratedRegex(@"docs/reference\.md (\d+(?:\.\d+)?(?:(?:, | and |-)\d+(?:\.\d+)?)*)")]
    private static partial Regex Citation();

    [GeneratedRegex(@"^#{2,3} (\d+(?:\.\d+)?)[. ]", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\d+(?:\.\d+)?")]
    private static partial Regex Number();

    [Fact]
    public void Every_citation_of_docs_reference_md_names_a_section_that_exists()
    {
        var root = ProjectGraph.RepositoryRoot();
        var sections = Heading().Matches(File.ReadAllText(Path.Combine(root, "docs", "reference.md"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var citations = SourceFiles(root)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .SelectMany(l => Citation().Matches(l.Text).SelectMany(m => Number().Matches(m.Groups[1].Value)).Select(n => (l.File, l.Line, Section: n.Value)))
            .ToList();
        Assert.True(citations.Count > 30, $"only {citations.Count} citations found: is the pattern still the one the comments use?");
        var broken = citations.Where(c => !sections.Contains(c.Section)).Select(c => $"{Path.GetRelativePath(root, c.File)}:{c.Line} cites {c.Section}").ToList();
        Assert.True(broken.Count == 0, "docs/reference.md has no such section: " + string.Join("; ", broken));
    }

    [Fact]
    public void No_comment_points_at_a_document_outside_the_repository()
    {
        var root = ProjectGraph.RepositoryRoot();
        var outside = SourceFiles(root)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains(OutsideName, StringComparison.Ordinal) && !l.File.EndsWith(nameof(ReferenceCitationTests) + ".cs", StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(root, l.File)}:{l.Line}").ToList();
        Assert.True(outside.Count == 0, "cite docs/reference.md instead of reference-pipeline.md: " + string.Join(", ", outside));
    }

    /// <summary>The study the comments used to cite, which lives outside the repository.</summary>
    private const string OutsideName = "reference-pipeline";

    /// <summary>The C# files of src/ and tests/, without build outputs.</summary>
    private static IEnumerable<string> SourceFiles(string root) =>
        new[] { "src", "tests" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .Order(StringComparer.Ordinal);
}
