namespace MotorPick.Portal.Api;

/// <summary>JSON kind of a portal attribute, for writing it the way Python's json.dump wrote the client's value.</summary>
public enum AttributeKind { Int, Float, Bool, String }

/// <summary>One of the reference's 35 <c>SAVE_ATTRS</c>: its snake_case name (as in <c>PORTAL__&lt;name&gt;</c>), the GraphQL
/// field and the schema type.</summary>
public sealed record PortalAttribute(string SnakeName, string GraphQlName, AttributeKind Kind)
{
    public string MetaKey => "PORTAL__" + SnakeName;
}

/// <summary>The tomogram attributes the reference saved in every meta JSON, in its <c>SAVE_ATTRS</c> order (docs/reference.md 2.2).</summary>
public static class PortalAttributes
{
    public static IReadOnlyList<PortalAttribute> All { get; } =
    [
        new("alignment_id", "alignmentId", AttributeKind.Int),
        new("ctf_corrected", "ctfCorrected", AttributeKind.Bool),
        new("deposition_id", "depositionId", AttributeKind.Int),
        new("fiducial_alignment_status", "fiducialAlignmentStatus", AttributeKind.String),
        new("https_mrc_file", "httpsMrcFile", AttributeKind.String),
        new("https_omezarr_dir", "httpsOmezarrDir", AttributeKind.String),
        new("id", "id", AttributeKind.Int),
        new("is_author_submitted", "isAuthorSubmitted", AttributeKind.Bool),
        new("is_portal_standard", "isPortalStandard", AttributeKind.Bool),
        new("is_visualization_default", "isVisualizationDefault", AttributeKind.Bool),
        new("key_photo_thumbnail_url", "keyPhotoThumbnailUrl", AttributeKind.String),
        new("key_photo_url", "keyPhotoUrl", AttributeKind.String),
        new("name", "name", AttributeKind.String),
        new("neuroglancer_config", "neuroglancerConfig", AttributeKind.String),
        new("offset_x", "offsetX", AttributeKind.Int),
        new("offset_y", "offsetY", AttributeKind.Int),
        new("offset_z", "offsetZ", AttributeKind.Int),
        new("processing", "processing", AttributeKind.String),
        new("processing_software", "processingSoftware", AttributeKind.String),
        new("publications", "publications", AttributeKind.String),
        new("reconstruction_method", "reconstructionMethod", AttributeKind.String),
        new("reconstruction_software", "reconstructionSoftware", AttributeKind.String),
        new("related_database_entries", "relatedDatabaseEntries", AttributeKind.String),
        new("run_id", "runId", AttributeKind.Int),
        new("s3_mrc_file", "s3MrcFile", AttributeKind.String),
        new("s3_omezarr_dir", "s3OmezarrDir", AttributeKind.String),
        new("scale_0_dimensions", "scale0Dimensions", AttributeKind.String),
        new("scale_1_dimensions", "scale1Dimensions", AttributeKind.String),
        new("scale_2_dimensions", "scale2Dimensions", AttributeKind.String),
        new("size_x", "sizeX", AttributeKind.Int),
        new("size_y", "sizeY", AttributeKind.Int),
        new("size_z", "sizeZ", AttributeKind.Int),
        new("tomogram_version", "tomogramVersion", AttributeKind.Float),
        new("tomogram_voxel_spacing_id", "tomogramVoxelSpacingId", AttributeKind.Int),
        new("voxel_spacing", "voxelSpacing", AttributeKind.Float),
    ];
}
