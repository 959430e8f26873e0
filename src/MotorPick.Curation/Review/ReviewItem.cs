using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Review;

/// <summary>What the judge found for a tomogram.</summary>
public enum Judgement
{
    TP,
    FP,
    FN,
    TN,
}

/// <summary>A model candidate shown to the reviewer: column k (1-based) of the review image, tag "k".</summary>
public sealed record ReviewCandidate(Point3 Point, double Conf);

/// <summary>
/// One disagreement between labels and predictions for a person to decide: the tomogram, its labelled motors,
/// the candidates (conf-descending; tag k = candidate k), and the name of its review image.
/// </summary>
public sealed record ReviewItem(
    int Index,
    Judgement Judge,
    string TomoId,
    TomoShape Shape,
    double VoxelSpacing,
    IReadOnlyList<Point3> Labels,
    IReadOnlyList<ReviewCandidate> Candidates,
    string ImageName)
{
    /// <summary>The reference's image name, e.g. <c>FP/FP-1-tomo_0333fa-300x960x928-spacing16.799999237060547.jpg</c>
    /// (the spacing printed from a float32, as the reference's tensor was).</summary>
    public static string ImageNameFor(Judgement judge, int index, string tomoId, TomoShape shape, double spacing) =>
        $"{judge}/{judge}-{index}-{tomoId}-{shape.Z}x{shape.Y}x{shape.X}-spacing{Core.PyFormat.Float((double)(float)spacing)}.jpg";
}

/// <summary>A label confirmed by a confident candidate (used by the external patch semantics: the label is replaced by it).</summary>
public sealed record ReviewMatch(string TomoId, int LabelIndex, Point3 Label, ReviewCandidate Candidate, double DistanceVoxels);
