namespace MotorPick.Portal.Api;

/// <summary>
/// Every GraphQL document MotorPick sends to the portal (API v2). Flat root queries with nested <c>where</c>,
/// <c>orderBy: [{id: asc}]</c> for stable pages and <c>limitOffset</c> paging (interfaces.md 1.3). A test validates
/// each against the portal's schema file, so a field renamed on the portal breaks the tests, not the users.
/// </summary>
public static class PortalQueries
{
    /// <summary>Gene Ontology id of "bacterial-type flagellum motor", the annotation object of the BYU depositions.</summary>
    public const string MotorObjectId = "GO:0120100";

    private const string RunFields = "id name datasetId httpsPrefix";

    public static GraphQlQuery RunsByName { get; } = new("RunsByName", $$"""
        query RunsByName($names: [String!], $limit: Int!, $offset: Int!) {
          runs(where: { name: { _in: $names } }, orderBy: [{ id: asc }], limitOffset: { limit: $limit, offset: $offset }) { {{RunFields}} }
        }
        """);

    public static GraphQlQuery RunsWithObject { get; } = new("RunsWithObject", $$"""
        query RunsWithObject($objectId: String!, $limit: Int!, $offset: Int!) {
          runs(where: { annotations: { objectId: { _eq: $objectId } } }, orderBy: [{ id: asc }], limitOffset: { limit: $limit, offset: $offset }) { {{RunFields}} }
        }
        """);

    public static GraphQlQuery RunsByDataset { get; } = new("RunsByDataset", $$"""
        query RunsByDataset($datasetIds: [Int!], $limit: Int!, $offset: Int!) {
          runs(where: { datasetId: { _in: $datasetIds } }, orderBy: [{ id: asc }], limitOffset: { limit: $limit, offset: $offset }) { {{RunFields}} }
        }
        """);

    /// <summary>The tomogram fields MotorPick reads: the reference's 35 <c>SAVE_ATTRS</c> plus the file sizes.</summary>
    public static string TomogramFields { get; } = string.Join(" ", PortalAttributes.All.Select(a => a.GraphQlName).Concat(["fileSizeMrc", "fileSizeOmezarr"]));

    public static GraphQlQuery TomogramsOfRuns { get; } = new("TomogramsOfRuns", $$"""
        query TomogramsOfRuns($runIds: [Int!], $limit: Int!, $offset: Int!) {
          tomograms(where: { runId: { _in: $runIds } }, orderBy: [{ id: asc }], limitOffset: { limit: $limit, offset: $offset }) { {{TomogramFields}} }
        }
        """);

    public static GraphQlQuery PointFilesOfRuns { get; } = new("PointFilesOfRuns", """
        query PointFilesOfRuns($runIds: [Int!], $objectId: String!, $limit: Int!, $offset: Int!) {
          annotationFiles(
            where: { format: { _eq: "ndjson" },
                     annotationShape: { shapeType: { _eq: Point }, annotation: { objectId: { _eq: $objectId }, runId: { _in: $runIds } } } },
            orderBy: [{ id: asc }], limitOffset: { limit: $limit, offset: $offset }) {
            id httpsPath fileSize tomogramVoxelSpacingId alignmentId isVisualizationDefault
            tomogramVoxelSpacing { voxelSpacing runId }
            annotationShape { annotation { id runId objectName groundTruthStatus } }
          }
        }
        """);

    /// <summary>All documents, for validation.</summary>
    public static IReadOnlyList<GraphQlQuery> All { get; } = [RunsByName, RunsWithObject, RunsByDataset, TomogramsOfRuns, PointFilesOfRuns];
}
