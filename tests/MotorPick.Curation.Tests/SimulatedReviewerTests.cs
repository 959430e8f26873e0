using MotorPick.Curation.Review;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Tests;

public class SimulatedReviewerTests
{
    private static readonly TomoShape Shape = new(100, 100, 100);

    private static (ReviewSet, GtTable) Case()
    {
        ReviewItem fp = new(0, Judgement.FP, "a", Shape, 100, [], [new ReviewCandidate(new Point3(10, 10, 10), 0.9), new ReviewCandidate(new Point3(60, 60, 60), 0.8)], "FP/a.jpg");
        ReviewItem fn = new(1, Judgement.FN, "b", Shape, 100, [new Point3(30, 30, 30)], [], "FN/b.jpg");
        var truth = new GtTable([new GtRow("a", Shape, 100, [new Point3(11, 10, 10)]), new GtRow("b", Shape, 100, [])], GtLayout.Short);
        return (new ReviewSet("l", "", "c", "", 0.1, MatchMode.All, 1000, new JudgeCounts(0, 0, 0, 0), [fp, fn], []), truth);
    }

    [Fact]
    public void A_perfect_reviewer_accepts_true_candidates_and_rejects_false_labels()
    {
        var (review, truth) = Case();
        var d = SimulatedReviewer.Review(review, truth);
        Assert.Equal([1], d.Decisions[0].Tags); // candidate 1 is a true motor; the "no motor" label is wrong
        // b's labelled motor is not real, but the tag language has no "remove" without a replacement candidate:
        // no tag, so the item stays undecided and the label is kept (nothing is dropped without an explicit decision).
        Assert.Empty(d.Decisions[1].Tags);
        Assert.Null(d.Decisions[1].KeepLabels);
    }

    [Fact]
    public void With_error_rate_one_every_item_gets_exactly_one_wrong_choice()
    {
        var (review, truth) = Case();
        var perfect = SimulatedReviewer.Review(review, truth);
        var wrong = SimulatedReviewer.Review(review, truth, errorRate: 1.0, seed: 3);
        for (var i = 0; i < review.Items.Count; i++) Assert.NotEqual(perfect.Decisions[i].Tags, wrong.Decisions[i].Tags);
        Assert.Equal(wrong.Decisions.Select(x => x.Tags), SimulatedReviewer.Review(review, truth, 1.0, 3).Decisions.Select(x => x.Tags));
    }
}
