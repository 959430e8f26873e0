using MotorPick.Core;
using MotorPick.Curation.Cvat;
using MotorPick.Curation.Rendering;
using MotorPick.Curation.Review;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Curation.Tests;

/// <summary>review.json names the slice folders, heatmaps and images that render and export read and write: a tomo_id
/// or image name that could leave its folder is refused (issue 19).</summary>
public class ReviewIdentifierTests
{
    private static readonly TomoShape Shape = new(20, 16, 16);

    private static ReviewSet Set(string tomoId, string? image = null) => new("gt.csv", "0", "c.csv", "0", 0.5, MatchMode.Top1, 1000,
        new JudgeCounts(0, 1, 0, 0),
        [new ReviewItem(0, Judgement.FP, tomoId, Shape, 100, [], [new ReviewCandidate(new Point3(5, 5, 5), 0.9)],
            image ?? ReviewItem.ImageNameFor(Judgement.FP, 0, tomoId, Shape, 100))], []);

    [Theory]
    [InlineData("../evil")]
    [InlineData("..")]
    [InlineData("a/b")]
    public void Reading_a_review_with_a_hostile_tomo_id_is_refused_naming_the_item(string tomoId)
    {
        using var dir = Fixtures.TempDir();
        ReviewFile.Write(dir.Path, Set(tomoId, "FP/x.jpg"));
        var ex = Assert.Throws<MotorPickException>(() => ReviewFile.Read(dir.Path));
        Assert.Equal((ReviewFile.PathIn(dir.Path), "items[0].tomo_id"), (ex.Path, ex.Field));
        Assert.Contains("is not a valid identifier", ex.Message);
    }

    [Fact]
    public void Reading_a_review_with_an_image_name_outside_the_images_folder_is_refused()
    {
        using var dir = Fixtures.TempDir();
        ReviewFile.Write(dir.Path, Set("tomo_1", "../../outside.jpg"));
        var ex = Assert.Throws<MotorPickException>(() => ReviewFile.Read(dir.Path));
        Assert.Equal("items[0].image", ex.Field);
    }

    [Fact]
    public void Render_refuses_a_hostile_tomo_id_and_writes_nothing()
    {
        using var dir = Fixtures.TempDir();
        var review = Directory.CreateDirectory(dir.File("review")).FullName;
        var data = Directory.CreateDirectory(Path.Combine(dir.Path, "data")).FullName;
        // What '../evil' would reach from the data folder: a real stack folder outside it.
        Directory.CreateDirectory(Path.Combine(dir.Path, "evil"));
        var ex = Assert.Throws<MotorPickException>(() => ReviewRenderer.RenderAll(review, Set("../evil", "FP/x.jpg"), data, null));
        Assert.Contains("'../evil' is not a valid identifier", ex.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(review));
    }

    [Fact]
    public void Render_refuses_an_image_name_outside_the_images_folder()
    {
        using var dir = Fixtures.TempDir();
        var review = Directory.CreateDirectory(dir.File("review")).FullName;
        var ex = Assert.Throws<MotorPickException>(() => ReviewFile.ImagePath(review, Set("tomo_1", "../../x.jpg").Items[0]));
        Assert.Contains("'..' segment", ex.Message);
    }

    [Fact]
    public void Cvat_export_refuses_a_review_with_a_hostile_tomo_id()
    {
        using var dir = Fixtures.TempDir();
        var review = Directory.CreateDirectory(dir.File("review")).FullName;
        ReviewFile.Write(review, Set("../evil", "FP/x.jpg"));
        // The image is there: only the id stands in the way.
        Directory.CreateDirectory(Path.Combine(review, CvatTaskExport.ImagesDir, "FP"));
        File.WriteAllBytes(Path.Combine(review, CvatTaskExport.ImagesDir, "FP", "x.jpg"), [0xFF, 0xD8]);
        var zip = dir.File("task.zip");
        Assert.Throws<MotorPickException>(() => CvatTaskExport.Export(review, zip, "round1"));
        Assert.False(File.Exists(zip));
    }
}
