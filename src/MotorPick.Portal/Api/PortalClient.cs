using MotorPick.Core;
using System.Text.Json.Nodes;

namespace MotorPick.Portal.Api;

/// <summary>
/// The portal queries MotorPick needs, paged with <c>limitOffset</c> (the server has no default limit, but pages keep
/// answers small and retries cheap) and batched by run ids.
/// </summary>
public sealed class PortalClient(GraphQlClient graphQl)
{
    /// <summary>Rows per page.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Names or ids per <c>_in</c> filter.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Pages one query may take before paging is refused (a server whose pages never end).</summary>
    public int MaxPages { get; init; } = PortalLimits.MaxPagesPerQuery;

    /// <summary>Rows one query may return in all.</summary>
    public int MaxItems { get; init; } = PortalLimits.MaxItemsPerQuery;

    public GraphQlClient GraphQl { get; } = graphQl;

    /// <summary>Runs whose name is one of <paramref name="names"/> (several runs may share a name across datasets).</summary>
    public async Task<IReadOnlyList<PortalRun>> RunsByNameAsync(IReadOnlyCollection<string> names, CancellationToken ct = default)
    {
        var runs = new List<PortalRun>();
        foreach (var batch in names.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
            runs.AddRange(await PagesAsync(PortalQueries.RunsByName, new() { ["names"] = batch }, "runs", PortalJson.Run, ct).ConfigureAwait(false));
        return runs;
    }

    /// <summary>Runs with at least one annotation of <paramref name="objectId"/> (default: the flagellar motor).</summary>
    public Task<List<PortalRun>> RunsWithObjectAsync(string objectId = PortalQueries.MotorObjectId, CancellationToken ct = default) =>
        PagesAsync(PortalQueries.RunsWithObject, new() { ["objectId"] = objectId }, "runs", PortalJson.Run, ct);

    /// <summary>All runs of the given datasets.</summary>
    public async Task<IReadOnlyList<PortalRun>> RunsByDatasetAsync(IReadOnlyCollection<int> datasetIds, CancellationToken ct = default)
    {
        var runs = new List<PortalRun>();
        foreach (var batch in datasetIds.Distinct().Chunk(BatchSize))
            runs.AddRange(await PagesAsync(PortalQueries.RunsByDataset, new() { ["datasetIds"] = batch }, "runs", PortalJson.Run, ct).ConfigureAwait(false));
        return runs;
    }

    /// <summary>Every tomogram of the given runs, by id.</summary>
    public async Task<IReadOnlyList<PortalTomogram>> TomogramsAsync(IReadOnlyCollection<int> runIds, CancellationToken ct = default)
    {
        var list = new List<PortalTomogram>();
        foreach (var batch in runIds.Distinct().Chunk(BatchSize))
            list.AddRange(await PagesAsync(PortalQueries.TomogramsOfRuns, new() { ["runIds"] = batch }, "tomograms", PortalJson.Tomogram, ct).ConfigureAwait(false));
        return list;
    }

    /// <summary>Motor point files (ndjson) of the given runs.</summary>
    public async Task<IReadOnlyList<PortalPointFile>> PointFilesAsync(IReadOnlyCollection<int> runIds, string objectId = PortalQueries.MotorObjectId, CancellationToken ct = default)
    {
        var list = new List<PortalPointFile>();
        foreach (var batch in runIds.Distinct().Chunk(BatchSize))
            list.AddRange(await PagesAsync(PortalQueries.PointFilesOfRuns, new() { ["runIds"] = batch, ["objectId"] = objectId }, "annotationFiles", PortalJson.PointFile, ct).ConfigureAwait(false));
        return list;
    }

    private async Task<List<T>> PagesAsync<T>(GraphQlQuery query, Dictionary<string, object?> variables, string field, Func<JsonNode?, string, T> read, CancellationToken ct)
    {
        var all = new List<T>();
        for (var pages = 0; ; pages++)
        {
            var offset = (long)pages * PageSize;
            var where = $"{GraphQl.Endpoint} ({query.OperationName}, offset {offset})";
            // A server whose pages are always full would be paged forever: the bounds end it with an error instead.
            if (pages >= MaxPages)
                throw new MotorPickException($"the portal's answer did not end after {MaxPages} pages of {PageSize} rows (the limit of pages per query); " +
                    "refusing to page further (is the endpoint a CryoET Data Portal?)", where, field: field);
            variables["limit"] = PageSize;
            variables["offset"] = offset;
            var data = await GraphQl.QueryAsync(query, variables, ct).ConfigureAwait(false);
            var page = PortalJson.List(data, field, where);
            if (page.Count > PageSize)
                throw new MotorPickException($"malformed answer: {page.Count} rows on a page of at most {PageSize} (the server ignored the limit)", where, field: field);
            if (all.Count + page.Count > MaxItems)
                throw new MotorPickException($"the portal's answer has more than {MaxItems} rows (the limit of rows per query); refusing to page further", where, field: field);
            foreach (var node in page) all.Add(read(node, where));
            if (page.Count < PageSize) return all;
        }
    }
}
