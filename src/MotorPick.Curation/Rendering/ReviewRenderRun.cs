using System.Globalization;
using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Volumes.Sources;

namespace MotorPick.Curation.Rendering;

/// <summary>
/// The resumable <c>review render</c>: images are written atomically, so one newer than review.json was rendered for this
/// review by an earlier run and is kept; the others are rendered; <c>rendered.json</c> is written last, and its presence
/// says every image of this review is there (a round's render step waits for it).
/// </summary>
public sealed class ReviewRenderRun
{
    private ReviewRenderRun(ReviewDirectory dir, ReviewSet set, IReadOnlyList<ReviewItem> kept, ReviewSet todo)
    {
        Directory = dir;
        Set = set;
        Kept = kept;
        Todo = todo;
    }

    public ReviewDirectory Directory { get; }
    public ReviewSet Set { get; }

    /// <summary>Items whose image an earlier run rendered for this review.</summary>
    public IReadOnlyList<ReviewItem> Kept { get; }

    /// <summary>The review limited to the items still to render.</summary>
    public ReviewSet Todo { get; }

    /// <summary>Reads review.json, removes the temporary files of a killed run and finds what is left to render.</summary>
    public static ReviewRenderRun Plan(string reviewDir)
    {
        var dir = new ReviewDirectory(reviewDir);
        var set = ReviewFile.Read(reviewDir);
        OutputLock.DeleteLeftoversUnder(dir.ImagesDir);
        var mined = File.GetLastWriteTimeUtc(dir.ReviewFile);
        bool Rendered(ReviewItem i) => File.Exists(dir.ImagePath(i)) && File.GetLastWriteTimeUtc(dir.ImagePath(i)) >= mined;
        var kept = set.Items.Where(Rendered).ToList();
        return new ReviewRenderRun(dir, set, kept, set with { Items = set.Items.Where(i => !Rendered(i)).ToList() });
    }

    /// <summary>Renders the items left, then writes rendered.json; returns how many were rendered. The data is listed
    /// only when something is left to render.</summary>
    public int Render(Func<TomogramDirectory> data, string? heatmapsDir, Action? onItem = null, CancellationToken ct = default)
    {
        var count = Todo.Items.Count == 0 ? 0 : ReviewRenderer.RenderAll(Directory.Path, Todo, data(), heatmapsDir, onItem, ct);
        AtomicFile.WriteAllText(Directory.RenderedMarker, string.Create(CultureInfo.InvariantCulture,
            $"{{\"images\": {Set.Items.Count}, \"rendered\": {count}, \"kept\": {Kept.Count}}}\n"));
        return count;
    }
}
