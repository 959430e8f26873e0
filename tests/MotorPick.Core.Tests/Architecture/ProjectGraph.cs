using System.Text;
using System.Xml.Linq;

namespace MotorPick.Core.Tests.Architecture;

/// <summary>The libraries of src/ with their job (the csproj's Description) and their project references.</summary>
internal sealed record Library(string Name, string Description, IReadOnlyList<string> References);

/// <summary>
/// The solution's dependency graph, read from the project files, and the stages the pipeline flows through. A library
/// may reference libraries of earlier stages only; an edge to the same or a later stage is against the flow.
/// </summary>
internal static class ProjectGraph
{
    /// <summary>Pipeline stages, in order: formats -> volumes -> labels -> {portal, curation, model -> inference} -> rounds -> cli.</summary>
    public static readonly (string Stage, string[] Libraries)[] Stages =
    [
        ("foundation", ["Core"]),
        ("formats", ["Formats", "Onnx", "Scheduling"]),
        ("volumes", ["Volumes"]),
        ("labels", ["Labels"]),
        ("data and curation", ["Synthetic", "Portal", "Interop", "Curation", "Model"]),
        ("inference", ["Inference"]),
        ("engines and pages", ["Inference.Onnx", "Inference.Torch", "Review.Web", "Portal.StandIn"]),
        ("rounds", ["Rounds"]),
        ("command line", ["Cli"]),
    ];

    /// <summary>Edges against the flow that exist today and are to be removed (issue 20); no new one may appear.</summary>
    public static readonly (string From, string To, string Why)[] KnownSeams =
    [];

    public static int StageOf(string library)
    {
        for (int i = 0; i < Stages.Length; i++)
            if (Stages[i].Libraries.Contains(library)) return i;
        return -1;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MotorPick.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("MotorPick.sln not found above " + AppContext.BaseDirectory);
    }

    public static IReadOnlyList<Library> Read(string root)
    {
        var libraries = new List<Library>();
        foreach (var csproj in Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var doc = XDocument.Load(csproj);
            var refs = doc.Descendants("ProjectReference")
                .Select(r => Short(Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)))
                .Order(StringComparer.Ordinal).ToList();
            var description = doc.Descendants("Description").FirstOrDefault()?.Value.Trim() ?? "";
            libraries.Add(new Library(Short(Path.GetFileNameWithoutExtension(csproj)), description, refs));
        }
        return libraries;
    }

    /// <summary>Edges whose target is not in an earlier stage than their source.</summary>
    public static IEnumerable<(string From, string To)> AgainstTheFlow(IReadOnlyList<Library> libraries) =>
        from l in libraries from r in l.References where StageOf(r) >= StageOf(l.Name) select (l.Name, r);

    /// <summary>The generated part of docs/architecture.md: the graph, the table of libraries, the seams.</summary>
    public static string Render(IReadOnlyList<Library> libraries)
    {
        var sb = new StringBuilder();
        sb.Append("```mermaid\nflowchart LR\n");
        foreach (var (stage, names) in Stages)
        {
            var present = names.Where(n => libraries.Any(l => l.Name == n)).ToList();
            if (present.Count == 0) continue;
            sb.Append($"  subgraph {Id(stage)}[\"{stage}\"]\n");
            foreach (var n in present) sb.Append($"    {Id(n)}[\"{n}\"]\n");
            sb.Append("  end\n");
        }
        // drawn in the direction the data flows (A --> B: B uses A), leaving out references that another one implies
        var refs = libraries.ToDictionary(l => l.Name, l => l.References);
        bool Reaches(string from, string to, HashSet<string> seen) =>
            refs.TryGetValue(from, out var next) && next.Any(n => n == to || (seen.Add(n) && Reaches(n, to, seen)));
        foreach (var l in libraries)
            foreach (var r in l.References.Where(r => !l.References.Any(o => o != r && Reaches(o, r, []))))
                sb.Append($"  {Id(r)} {(StageOf(r) >= StageOf(l.Name) ? "-. against the flow .->" : "-->")} {Id(l.Name)}\n");
        sb.Append("```\n\nThe diagram leaves out references implied by others; the table lists every direct one.\n\n");
        sb.Append("| stage | library | its job | references |\n|---|---|---|---|\n");
        foreach (var l in libraries.OrderBy(l => StageOf(l.Name)).ThenBy(l => l.Name, StringComparer.Ordinal))
            sb.Append($"| {Stages[StageOf(l.Name)].Stage} | `MotorPick.{l.Name}` | {l.Description} | {(l.References.Count == 0 ? "none" : string.Join(", ", l.References))} |\n");
        var seams = AgainstTheFlow(libraries).ToList();
        sb.Append("\nEdges against the flow (to be removed):");
        if (seams.Count == 0) sb.Append(" none.\n");
        else
        {
            sb.Append('\n');
            foreach (var (from, to) in seams)
                sb.Append($"- `{from}` -> `{to}`: {KnownSeams.FirstOrDefault(k => k.From == from && k.To == to).Why ?? "new: remove it"}\n");
        }
        return sb.ToString();
    }

    private static string Short(string project) => project.StartsWith("MotorPick.", StringComparison.Ordinal) ? project["MotorPick.".Length..] : project;

    private static string Id(string name) => new(name.Where(char.IsAsciiLetterOrDigit).ToArray());
}
