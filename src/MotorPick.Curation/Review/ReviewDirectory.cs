using MotorPick.Core;

namespace MotorPick.Curation.Review;

/// <summary>
/// The layout of a review folder, in one place: <c>review.json</c> (what to review, from <c>review mine</c>),
/// <c>images/</c> (the rendered review images), <c>rendered.json</c> (written last by <c>review render</c>: every image of
/// this review is there), <c>decisions.json</c> (the reviewer's answers, from CVAT, the web page or the simulated reviewer),
/// and the web review's <c>review-decisions.sqlite</c> and <c>reviewers.json</c>. Commands, the round planner and the
/// review server take their paths from here.
/// </summary>
public sealed class ReviewDirectory(string path)
{
    public const string ReviewFileName = "review.json";
    public const string DecisionsFileName = "decisions.json";
    public const string ImagesFolderName = "images";
    public const string RenderedFileName = "rendered.json";
    public const string DatabaseFileName = "review-decisions.sqlite";
    public const string ReviewersFileName = "reviewers.json";

    /// <summary>The folder.</summary>
    public string Path => path;

    public string ReviewFile => System.IO.Path.Combine(path, ReviewFileName);
    public string DecisionsFile => System.IO.Path.Combine(path, DecisionsFileName);
    public string ImagesDir => System.IO.Path.Combine(path, ImagesFolderName);

    /// <summary><c>rendered.json</c>: written when <c>review render</c> has rendered every item of the review.</summary>
    public string RenderedMarker => System.IO.Path.Combine(path, RenderedFileName);

    public string Database => System.IO.Path.Combine(path, DatabaseFileName);
    public string Reviewers => System.IO.Path.Combine(path, ReviewersFileName);

    /// <summary>Where the review image of <paramref name="item"/> lives: <c>images/&lt;image&gt;</c>, the image name
    /// checked as a relative path (it comes from review.json, which may have been edited).</summary>
    public string ImagePath(ReviewItem item) =>
        System.IO.Path.Combine(ImagesDir,
            Identifiers.CheckRelativePath(item.ImageName, ReviewFile, "image", "review image name").Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Forgets that the images were rendered: images rendered for an earlier review.json are not this review's,
    /// so a new review renders again.</summary>
    public void ForgetRendered() => File.Delete(RenderedMarker);
}
