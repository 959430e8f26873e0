using MotorPick.Curation.Review;

namespace MotorPick.Review.Web.Storage;

/// <summary>One row of the history: who changed which item's tags, when, from what to what.</summary>
public sealed record DecisionEvent(
    long Id, int Item, string TomoId, string Reviewer, DateTimeOffset Time, string Action, int[] Tags, int[] Previous, long? UndoneBy, long? Undoes);

/// <summary>The answer to a tagging or undo request.</summary>
/// <param name="EventId">The history row written (or found, for a replayed request); 0 when nothing changed.</param>
/// <param name="Changed">False when the tags were already so (nothing is recorded then).</param>
/// <param name="Replayed">True when the request id had been seen: the first answer is returned, nothing is applied twice.</param>
public sealed record TagResult(long EventId, int Item, string Reviewer, int[] Tags, int[] Previous, bool Changed, bool Replayed);

/// <summary>A reviewer's current tags on an item.</summary>
public sealed record CurrentDecision(int Item, string TomoId, string Reviewer, int[] Tags, DateTimeOffset Time);

/// <summary>Done / total items, overall (by anyone) and per reviewer.</summary>
public sealed record ReviewProgress(int Done, int Total, IReadOnlyDictionary<string, int> ByReviewer);

/// <summary>An item tagged by two or more reviewers, with each one's tags.</summary>
public sealed record AgreementItem(int Item, string TomoId, Judgement Judge, IReadOnlyDictionary<string, int[]> Tags, bool Agree);

/// <summary>How often two reviewers gave the same tags on the items both decided.</summary>
public sealed record AgreementPair(string A, string B, int Both, int Agreed)
{
    public double Fraction => Both == 0 ? 0 : (double)Agreed / Both;
}

/// <summary>The agreement table: every item with several reviewers, and pairwise agreement.</summary>
public sealed record AgreementReport(IReadOnlyList<string> Reviewers, IReadOnlyList<AgreementItem> Items, IReadOnlyList<AgreementPair> Pairs);
