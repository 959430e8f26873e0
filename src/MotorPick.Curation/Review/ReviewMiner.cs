using System.Security.Cryptography;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Review;

/// <summary>The <c>review mine</c> service: read labels and candidates, judge, write <c>review.json</c>.</summary>
public static class ReviewMiner
{
    public static ReviewSet Mine(string labelsPath, string candidatesPath, double threshold, MatchMode mode, string reviewDir, double radiusA = Labels.Metrics.KaggleScore.RadiusA)
    {
        var (labels, _) = LabelTables.ReadAsGt(labelsPath);
        var candidates = PredictionsFile.Read(candidatesPath);
        var (counts, items, matches) = Judge.Mine(labels, candidates, threshold, mode, radiusA);
        var set = new ReviewSet(Path.GetFullPath(labelsPath), Sha256(labelsPath), Path.GetFullPath(candidatesPath), Sha256(candidatesPath),
            threshold, mode, radiusA, counts, items, matches);
        Directory.CreateDirectory(reviewDir);
        ReviewFile.Write(reviewDir, set);
        return set;
    }

    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}
