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

/// <summary>Done / total items, overall (by anyone) and per reviewer.</summary>
public sealed record ReviewProgress(int Done, int Total, IReadOnlyDictionary<string, int> ByReviewer);
