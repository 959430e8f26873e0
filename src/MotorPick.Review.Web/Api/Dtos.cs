using MotorPick.Curation.Review;

namespace MotorPick.Review.Web.Api;

/// <summary>A model candidate as the page sees it: tag <see cref="Tag"/> = k, column "PRED k-1" of the reference image.</summary>
public sealed record CandidateDto(int Tag, double[] Zyx, double Conf);

/// <summary>One review item with the asking reviewer's tags.</summary>
public sealed record ItemDto(
    int Index, Judgement Judge, string TomoId, int[] Shape, double VoxelSpacing, double RadiusVoxels,
    double[][] Labels, CandidateDto[] Candidates, double TopConf, int[] Tags, int Reviewers, string Image, bool Rendered);

/// <summary>The item list: the filtered items, and progress over all of them.</summary>
public sealed record ItemListDto(int Total, int Done, int Matching, ItemDto[] Items);

/// <summary>What the page needs first: the anti-forgery token for writes, who is logged in, and the review's facts.</summary>
/// <param name="Login">False with --no-auth (nobody logs in or out).</param>
public sealed record SessionDto(
    string CsrfToken, string CsrfHeader, string Reviewer, bool Login, string ReviewDir, int ItemCount, JudgeCounts Counts,
    double Threshold, string Match, double RadiusA, bool Heatmaps, int MaxSliceSize);

/// <summary>A tagging request: add, remove or set <see cref="Tags"/> on the item for the logged-in reviewer (a
/// <see cref="Reviewer"/> is optional, and refused when it names someone else).
/// <see cref="RequestId"/> (any unique string per user action) makes retries harmless.</summary>
public sealed record TagRequest(string? Reviewer, string? Action, int[]? Tags, string? RequestId);

/// <summary>An undo request: the logged-in reviewer's latest change not undone yet.</summary>
public sealed record UndoRequest(string? Reviewer, string? RequestId);

/// <summary>An error answer: a message for the person, never a stack trace.</summary>
public sealed record ErrorDto(string Error);

/// <summary>A login: a reviewer's token (from the reviewers file, or the shared token).</summary>
public sealed record LoginRequest(string? Token);

/// <summary>Who is logged in after a login or logout (null: nobody).</summary>
public sealed record LoginDto(string? Reviewer);
