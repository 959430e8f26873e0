using System.IO.Compression;
using System.Text;
using MotorPick.Core;
using MotorPick.Curation.Review;

namespace MotorPick.Curation.Cvat;

/// <summary>
/// Packs a review into a CVAT tagging task: the rendered images (names as in <c>review.json</c>, so frames sort in
/// review order), <c>labels.json</c> with tags "0".."K" for <c>cvat-cli task create --labels</c>, and a README.
/// </summary>
public static class CvatTaskExport
{
    public const string ImagesDir = Review.ReviewDirectory.ImagesFolderName;

    public static int Export(string reviewDir, string zipPath, string taskName)
    {
        var review = ReviewFile.Read(reviewDir);
        var missing = review.Items.Where(i => !File.Exists(ReviewFile.ImagePath(reviewDir, i))).Select(i => i.ImageName).ToArray();
        if (missing.Length > 0)
            throw new MotorPickException($"{missing.Length} review image(s) are missing (first: {missing[0]}); run 'motorpick review render' first", reviewDir);
        var maxTag = review.Items.Count == 0 ? 1 : Math.Max(1, review.Items.Max(i => i.Candidates.Count));
        AtomicFile.Write(zipPath, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var item in review.Items)
                zip.CreateEntryFromFile(ReviewFile.ImagePath(reviewDir, item), item.ImageName, CompressionLevel.NoCompression);
            Text(zip, "labels.json", LabelsJson(maxTag));
            Text(zip, "README.txt",
                $"MotorPick review task '{taskName}': {review.Items.Count} images.\n" +
                "Tags: 0 = the labels of this tomogram are right; k = candidate k (column PRED k-1) is a real motor. Several tags are allowed.\n\n" +
                "Create the task (images in this archive, tags from labels.json):\n" +
                $"  cvat-cli task create \"{taskName}\" local <images...> --labels \"$(cat labels.json)\"\n" +
                "Export when done as 'CVAT for images 1.1' and run:\n" +
                "  motorpick review import-cvat --annotations export.zip --review <review-dir>\n");
        });
        return review.Items.Count;
    }

    /// <summary>CVAT's label definition for a tagging task: tags "0".."maxTag".</summary>
    public static string LabelsJson(int maxTag) =>
        "[" + string.Join(", ", Enumerable.Range(0, maxTag + 1).Select(k => $"{{\"name\": \"{k}\", \"type\": \"tag\", \"attributes\": []}}")) + "]";

    private static void Text(ZipArchive zip, string name, string text)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        w.Write(text);
    }
}
