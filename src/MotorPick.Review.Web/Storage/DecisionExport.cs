using MotorPick.Core;
using MotorPick.Curation.Review;

namespace MotorPick.Review.Web.Storage;

/// <summary>The result of <see cref="DecisionExport.Run"/>: what was written, and the agreement table.</summary>
public sealed record DecisionExportResult(DecisionSet Decisions, AgreementReport Agreement, int ItemCount);

/// <summary>The <c>review export-decisions</c> service: read the review and its database, write decisions.json (atomically).</summary>
public static class DecisionExport
{
    public static DecisionExportResult Run(string reviewDir, string? databasePath, string? reviewer, string outputPath)
    {
        var review = ReviewFile.Read(reviewDir);
        var db = databasePath ?? new ReviewDirectory(reviewDir).Database;
        if (!File.Exists(db)) throw new MotorPickException("no decisions database here; review in the browser first ('motorpick review serve')", db);
        if (reviewer is not null && !ReviewerName.IsValid(reviewer)) throw new MotorPickException(ReviewerName.Rule, field: "--reviewer");
        using var store = DecisionStore.Open(db, review);
        var set = store.Export(reviewer);
        DecisionFile.Write(outputPath, set);
        return new DecisionExportResult(set, store.Agreement(), review.Items.Count);
    }
}
