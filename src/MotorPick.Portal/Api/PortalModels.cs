using System.Text.Json;
using System.Text.Json.Nodes;
using MotorPick.Core;

namespace MotorPick.Portal.Api;

/// <summary>A run (one tilt series' worth of data; its name is the competition's "tomo_id" of external data).</summary>
public sealed record PortalRun(int Id, string Name, int DatasetId, string? HttpsPrefix);

/// <summary>A tomogram of a run, with the values of the 35 reference attributes (null where the portal has none).</summary>
public sealed record PortalTomogram
{
    public required int Id { get; init; }
    public required int RunId { get; init; }
    public int? TomogramVoxelSpacingId { get; init; }
    public int? AlignmentId { get; init; }
    public required double VoxelSpacing { get; init; }
    public required int SizeX { get; init; }
    public required int SizeY { get; init; }
    public required int SizeZ { get; init; }
    public string? Processing { get; init; }
    public bool? IsVisualizationDefault { get; init; }
    public bool? IsPortalStandard { get; init; }
    public string? HttpsMrcFile { get; init; }
    public string? HttpsOmezarrDir { get; init; }
    public long? FileSizeMrc { get; init; }
    public long? FileSizeOmezarr { get; init; }

    /// <summary>Values of <see cref="PortalAttributes.All"/> by snake_case name: long, double, bool, string or null.</summary>
    public required IReadOnlyDictionary<string, object?> Attributes { get; init; }
}

/// <summary>A motor point annotation file (ndjson) and the voxel spacing / alignment its coordinates belong to.</summary>
public sealed record PortalPointFile(int Id, int RunId, string HttpsPath, long? FileSize, int? TomogramVoxelSpacingId, int? AlignmentId, double VoxelSpacing, int AnnotationId);

/// <summary>Reads the portal's JSON objects into the records above, naming the field that is missing or of the wrong kind.</summary>
internal static class PortalJson
{
    public static PortalRun Run(JsonNode? node, string where) =>
        new(Int(node, "id", where), Str(node, "name", where) ?? throw Missing("name", where), Int(node, "datasetId", where), Str(node, "httpsPrefix", where));

    public static PortalTomogram Tomogram(JsonNode? node, string where)
    {
        var attrs = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var a in PortalAttributes.All)
        {
            attrs[a.SnakeName] = a.Kind switch
            {
                AttributeKind.Int => OptLong(node, a.GraphQlName, where),
                AttributeKind.Float => OptDouble(node, a.GraphQlName, where),
                AttributeKind.Bool => OptBool(node, a.GraphQlName, where),
                _ => Str(node, a.GraphQlName, where),
            };
        }
        return new PortalTomogram
        {
            Id = Int(node, "id", where),
            RunId = Int(node, "runId", where),
            TomogramVoxelSpacingId = (int?)OptLong(node, "tomogramVoxelSpacingId", where),
            AlignmentId = (int?)OptLong(node, "alignmentId", where),
            VoxelSpacing = OptDouble(node, "voxelSpacing", where) ?? throw Missing("voxelSpacing", where),
            SizeX = Int(node, "sizeX", where),
            SizeY = Int(node, "sizeY", where),
            SizeZ = Int(node, "sizeZ", where),
            Processing = Str(node, "processing", where),
            IsVisualizationDefault = OptBool(node, "isVisualizationDefault", where),
            IsPortalStandard = OptBool(node, "isPortalStandard", where),
            HttpsMrcFile = Str(node, "httpsMrcFile", where),
            HttpsOmezarrDir = Str(node, "httpsOmezarrDir", where),
            FileSizeMrc = OptDouble(node, "fileSizeMrc", where) is { } m ? (long)m : null,
            FileSizeOmezarr = OptDouble(node, "fileSizeOmezarr", where) is { } z ? (long)z : null,
            Attributes = attrs,
        };
    }

    public static PortalPointFile PointFile(JsonNode? node, string where)
    {
        var vs = node?["tomogramVoxelSpacing"];
        var annotation = node?["annotationShape"]?["annotation"];
        if (vs is not JsonObject) throw Missing("tomogramVoxelSpacing", where);
        if (annotation is not JsonObject) throw Missing("annotationShape.annotation", where);
        return new PortalPointFile(
            Int(node, "id", where),
            Int(annotation, "runId", where),
            Str(node, "httpsPath", where) ?? throw Missing("httpsPath", where),
            OptDouble(node, "fileSize", where) is { } s ? (long)s : null,
            (int?)OptLong(node, "tomogramVoxelSpacingId", where),
            (int?)OptLong(node, "alignmentId", where),
            OptDouble(vs, "voxelSpacing", where) ?? throw Missing("tomogramVoxelSpacing.voxelSpacing", where),
            Int(annotation, "id", where));
    }

    /// <summary>The list under <paramref name="field"/> of a data object.</summary>
    public static JsonArray List(JsonObject data, string field, string where) =>
        data[field] as JsonArray ?? throw new MotorPickException($"malformed answer: '{field}' is missing or not a list", where, field: field);

    private static MotorPickException Missing(string field, string where) =>
        new($"malformed answer: '{field}' is missing or null", where, field: field);

    private static MotorPickException Wrong(string field, string expected, JsonNode node, string where) =>
        new($"malformed answer: '{field}' should be {expected}, got {node.ToJsonString()}", where, field: field);

    private static int Int(JsonNode? node, string field, string where) =>
        (int)(OptLong(node, field, where) ?? throw Missing(field, where));

    private static long? OptLong(JsonNode? node, string field, string where)
    {
        var v = node?[field];
        if (v is null) return null;
        if (v.GetValueKind() == JsonValueKind.Number && v.AsValue().TryGetValue<long>(out var l)) return l;
        if (v.GetValueKind() == JsonValueKind.Number && double.TryParse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15) return (long)d;
        throw Wrong(field, "an integer", v, where);
    }

    private static double? OptDouble(JsonNode? node, string field, string where)
    {
        var v = node?[field];
        if (v is null) return null;
        if (v.GetValueKind() == JsonValueKind.Number) return v.GetValue<double>();
        throw Wrong(field, "a number", v, where);
    }

    private static bool? OptBool(JsonNode? node, string field, string where)
    {
        var v = node?[field];
        if (v is null) return null;
        return v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong(field, "true or false", v, where),
        };
    }

    private static string? Str(JsonNode? node, string field, string where)
    {
        var v = node?[field];
        if (v is null) return null;
        if (v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw Wrong(field, "a string", v, where);
    }
}
