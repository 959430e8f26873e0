using System.CommandLine;
using MotorPick.Core;
using MotorPick.Portal.Api;
using MotorPick.Portal.Selection;

namespace MotorPick.Cli.Commands.Portal;

/// <summary>The options that say which runs to take from the portal, shared by <c>portal list</c> and <c>portal fetch</c>.</summary>
internal sealed class PortalSelectionOptions
{
    public Option<string?> Runs { get; } = new("--runs") { Description = "A label file with a tomo_id column (and optionally dataset_id), e.g. brendanartley_external_labels.csv: fetch those runs. Runs missing on the portal are reported." };
    public Option<bool> MotorRuns { get; } = new("--motor-runs") { Description = "Every run with a flagellar-motor annotation (GO:0120100)." };
    public Option<int[]> Datasets { get; } = new("--datasets") { Description = "Every run of these dataset ids.", AllowMultipleArgumentsPerToken = true };
    public Option<TomogramPolicy> Policy { get; } = new("--policy") { Description = "Which tomogram of a run to take. preferred (the default): same spacing and alignment as the motor points, then raw, visualisation default, portal standard, lowest id; the default because the motor points are then on the tomogram's own grid and no denoised or otherwise processed copy is taken when a raw one exists. first: the reference's run.tomograms[0] (lowest id), to reproduce its downloads.", DefaultValueFactory = _ => TomogramPolicy.Preferred };
    public Option<RawFormat> Format { get; } = new("--format") { Description = "Download the OME-Zarr (chunk by chunk) or the MRC file (resumable by Range).", DefaultValueFactory = _ => RawFormat.Zarr };
    public Option<int> Level { get; } = new("--level") { Description = "OME-Zarr scale level (0 = full resolution, each level halves every axis).", DefaultValueFactory = _ => 0 };
    public Option<string> Endpoint { get; } = new("--endpoint") { Description = "GraphQL endpoint (API v2).", DefaultValueFactory = _ => PortalHttp.DefaultEndpoint };
    public Option<int> Limit { get; } = new("--limit") { Description = "At most this many runs (sorted by name); 0 = all.", DefaultValueFactory = _ => 0 };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { Runs, MotorRuns, Datasets, Policy, Format, Level, Endpoint, Limit }) cmd.Options.Add(o);
    }

    public SelectionRequest Request(ParseResult p)
    {
        var runs = p.GetValue(Runs);
        var datasets = p.GetValue(Datasets) ?? [];
        if (runs is null && !p.GetValue(MotorRuns) && datasets.Length == 0)
            throw new MotorPickException("say which runs to take: --runs <labels.csv>, --motor-runs or --datasets <id...>", field: "--runs");
        if (p.GetValue(Level) < 0) throw new MotorPickException("the level must be 0 or more", field: "--level");
        return new SelectionRequest
        {
            RunNames = runs is null ? null : IngestSelector.ReadRunNames(runs),
            MotorRuns = p.GetValue(MotorRuns),
            DatasetIds = datasets,
            Policy = p.GetValue(Policy),
            Format = p.GetValue(Format),
            Level = p.GetValue(Level),
            Limit = p.GetValue(Limit),
        };
    }

    public PortalClient Client(ParseResult p, HttpClient http) => new(new GraphQlClient(http, p.GetValue(Endpoint)!));
}
