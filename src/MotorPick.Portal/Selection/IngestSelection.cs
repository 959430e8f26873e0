using MotorPick.Core;
using MotorPick.Labels.Csv;
using MotorPick.Portal.Api;

namespace MotorPick.Portal.Selection;

/// <summary>What to fetch: the file format and, for OME-Zarr, the scale level.</summary>
public enum RawFormat { Zarr, Mrc }

/// <summary>One run to ingest: its tomogram, motor points and the expected download size.</summary>
public sealed record IngestItem(PortalRun Run, PortalTomogram Tomogram, PortalPointFile? Points, long ExpectedBytes, int TomogramCount)
{
    /// <summary>The run name: the tomo_id of the outputs.</summary>
    public string TomoId => Run.Name;
}

/// <summary>The selection and what could not be selected (reported, not fatal).</summary>
public sealed record SelectionResult(IReadOnlyList<IngestItem> Items, IReadOnlyList<string> MissingRuns, IReadOnlyList<string> Warnings)
{
    public long ExpectedBytes => Items.Sum(i => i.ExpectedBytes);
}

/// <summary>How the runs are chosen.</summary>
public sealed record SelectionRequest
{
    /// <summary>Run names with the dataset id each is expected in (null when unknown), e.g. from a label file.</summary>
    public IReadOnlyList<(string Name, int? DatasetId)>? RunNames { get; init; }

    /// <summary>Every run with a motor annotation (GO:0120100).</summary>
    public bool MotorRuns { get; init; }

    public IReadOnlyList<int>? DatasetIds { get; init; }

    public TomogramPolicy Policy { get; init; } = TomogramPolicy.Preferred;

    public RawFormat Format { get; init; } = RawFormat.Zarr;

    /// <summary>OME-Zarr scale level (0 = full resolution).</summary>
    public int Level { get; init; }

    /// <summary>At most this many runs (after sorting by name); 0 = all.</summary>
    public int Limit { get; init; }
}

/// <summary>Turns a <see cref="SelectionRequest"/> into ingest items by asking the portal.</summary>
public static class IngestSelector
{
    /// <summary>Reads run names (column <c>tomo_id</c>, and <c>dataset_id</c> when present) from a label file such as the
    /// reference's brendanartley_external_labels.csv, in first-appearance order without duplicates.</summary>
    public static IReadOnlyList<(string Name, int? DatasetId)> ReadRunNames(string path)
    {
        var doc = CsvDocument.Load(path);
        var id = doc.Column("tomo_id", "tomo_id (and optionally dataset_id)");
        var ds = doc.HasColumn("dataset_id") ? doc.Column("dataset_id") : -1;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<(string, int?)>();
        foreach (var row in doc.Rows)
        {
            var name = Identifiers.Check(row.Fields[id], path, row.Line, "tomo_id");
            if (!seen.Add(name)) continue;
            int? dataset = ds >= 0 ? FieldParser.Int(doc, row, ds) : null;
            list.Add((name, dataset));
        }
        return list;
    }

    public static async Task<SelectionResult> SelectAsync(PortalClient client, SelectionRequest request, CancellationToken ct = default)
    {
        var warnings = new List<string>();
        var missing = new List<string>();
        var runs = new List<PortalRun>();
        if (request.RunNames is { } names)
        {
            var found = await client.RunsByNameAsync(names.Select(n => n.Name).ToList(), ct).ConfigureAwait(false);
            var byName = found.GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Id).ToList(), StringComparer.Ordinal);
            foreach (var (name, dataset) in names)
            {
                if (!byName.TryGetValue(name, out var candidates)) { missing.Add(name); continue; }
                var run = candidates.FirstOrDefault(r => dataset is null || r.DatasetId == dataset) ?? candidates[0];
                if (candidates.Count > 1)
                    warnings.Add($"{name}: {candidates.Count} runs share this name (datasets {string.Join(", ", candidates.Select(c => c.DatasetId))}); using run {run.Id} of dataset {run.DatasetId}");
                else if (dataset is not null && run.DatasetId != dataset)
                    warnings.Add($"{name}: the label file says dataset {dataset}, the portal has it in dataset {run.DatasetId}");
                runs.Add(run);
            }
        }
        if (request.MotorRuns) runs.AddRange(await client.RunsWithObjectAsync(ct: ct).ConfigureAwait(false));
        if (request.DatasetIds is { Count: > 0 } ids) runs.AddRange(await client.RunsByDatasetAsync(ids, ct).ConfigureAwait(false));

        runs = runs.GroupBy(r => r.Id).Select(g => g.First()).OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id).ToList();
        var byRunName = runs.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        foreach (var g in byRunName)
        {
            warnings.Add($"{g.Key}: {g.Count()} selected runs share this name; only run {g.Min(r => r.Id)} is kept (outputs are named by run name)");
        }
        runs = runs.GroupBy(r => r.Name, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.Id).First()).ToList();
        if (request.Limit > 0 && runs.Count > request.Limit) runs = runs.Take(request.Limit).ToList();

        var runIds = runs.Select(r => r.Id).ToList();
        var tomograms = runIds.Count == 0 ? [] : await client.TomogramsAsync(runIds, ct).ConfigureAwait(false);
        var points = runIds.Count == 0 ? [] : await client.PointFilesAsync(runIds, ct: ct).ConfigureAwait(false);
        var tomosByRun = tomograms.ToLookup(t => t.RunId);
        var pointsByRun = points.ToLookup(p => p.RunId);

        var items = new List<IngestItem>();
        foreach (var run in runs)
        {
            var tomos = tomosByRun[run.Id].ToList();
            if (tomos.Count == 0)
            {
                missing.Add(run.Name);
                warnings.Add($"{run.Name}: the run has no tomogram");
                continue;
            }
            var (tomo, pts) = TomogramChooser.Choose(tomos, pointsByRun[run.Id].ToList(), request.Policy);
            var hasFile = request.Format == RawFormat.Mrc ? tomo.HttpsMrcFile is not null : tomo.HttpsOmezarrDir is not null;
            if (!hasFile)
            {
                missing.Add(run.Name);
                warnings.Add($"{run.Name}: tomogram {tomo.Id} has no {(request.Format == RawFormat.Mrc ? "MRC file" : "OME-Zarr")} URL");
                continue;
            }
            items.Add(new IngestItem(run, tomo, pts, ExpectedBytes(tomo, request.Format, request.Level), tomos.Count));
        }
        return new SelectionResult(items, missing, warnings);
    }

    /// <summary>Bytes to download: the MRC's size, or the OME-Zarr's size times the share of its voxels in the chosen level
    /// (the portal gives one size for all levels; each level has 1/8 of the previous one's voxels).</summary>
    public static long ExpectedBytes(PortalTomogram t, RawFormat format, int level)
    {
        long raw = (long)t.SizeX * t.SizeY * t.SizeZ * 4;
        if (format == RawFormat.Mrc) return t.FileSizeMrc ?? raw + 1024;
        var dims = new[] { "scale_0_dimensions", "scale_1_dimensions", "scale_2_dimensions" }
            .Select(k => t.Attributes.TryGetValue(k, out var v) ? v as string : null)
            .Select(Voxels).ToList();
        if (dims.All(d => d is null)) dims = [raw / 4, raw / 32, raw / 256];
        var total = dims.Sum(d => d ?? 0);
        var mine = level < dims.Count ? dims[level] ?? 0 : 0;
        if (t.FileSizeOmezarr is not { } size || total == 0) return (mine > 0 ? mine : raw / 4 >> (3 * level)) * 4;
        return (long)((double)size * mine / total);
    }

    private static long? Voxels(string? dims)
    {
        if (dims is null) return null;
        var parts = dims.Split(',');
        if (parts.Length != 3) return null;
        long n = 1;
        foreach (var p in parts)
        {
            if (!long.TryParse(p.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var v)) return null;
            n *= v;
        }
        return n;
    }
}
