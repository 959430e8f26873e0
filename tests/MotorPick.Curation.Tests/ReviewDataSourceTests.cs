using MotorPick.Curation.Rendering;
using MotorPick.Curation.Review;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Npy;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;
using MotorPick.Volumes.Sources;

namespace MotorPick.Curation.Tests;

/// <summary>Review images read tomograms through the data source (any format, the wrapped fix applied, other types than uint8
/// through the percentile window), and the review
/// folder's layout and render resume live in Curation.</summary>
public class ReviewDataSourceTests
{
    private static readonly TomoShape Shape = new(20, 24, 24);

    private static ReviewSet Set(string tomoId) => new("gt.csv", "0", "c.csv", "0", 0.5, MatchMode.Top1, 1000,
        new JudgeCounts(0, 1, 0, 0),
        [new ReviewItem(0, Judgement.FP, tomoId, Shape, 100, [], [new ReviewCandidate(new Point3(10, 12, 12), 0.9)],
            ReviewItem.ImageNameFor(Judgement.FP, 0, tomoId, Shape, 100))], []);

    private static byte[] Voxels()
    {
        var v = new byte[Shape.Z * Shape.Y * Shape.X];
        new Random(7).NextBytes(v);
        return v;
    }

    [Fact]
    public void Review_slices_of_a_wrapped_competition_tomogram_are_fixed()
    {
        using var dir = Fixtures.TempDir();
        var raw = Voxels();
        Directory.CreateDirectory(dir.File("data"));
        NpyWriter.Write<byte>(dir.File("data/tomo_08bf73.npy"), raw, new VolumeShape(Shape.Z, Shape.Y, Shape.X));
        var item = Set("tomo_08bf73").Items[0];
        using var slices = TomogramSlices.Open(TomogramDirectory.Open(dir.File("data")), item);
        var section = Shape.Y * Shape.X;
        Assert.Equal(raw.Skip(3 * section).Take(section).Select(v => unchecked((byte)(v + 127))), slices.Read(3));
    }

    [Fact]
    public void Review_slices_of_a_float_tomogram_are_the_grey_levels_of_its_percentile_conversion()
    {
        using var dir = Fixtures.TempDir();
        var shape = new VolumeShape(Shape.Z, Shape.Y, Shape.X);
        var rng = new Random(8);
        var values = Enumerable.Range(0, (int)shape.VoxelCount).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray();
        Directory.CreateDirectory(dir.File("data"));
        NpyWriter.Write<float>(dir.File("data/tomo_fl.npy"), values, shape);
        // what 'volume convert --normalize percentile --dtype uint8' (and predict, at the same spacing) makes of it
        var converted = new Volumes.Streaming.VolumePipeline(
            new Volumes.Streaming.InMemoryVolumeReader<float>(new Volumes.Volume<float>(shape, VoxelSize.Isotropic(100), values)),
            new Volumes.Streaming.VolumePipelineOptions { Normalize = Volumes.Streaming.PercentileWindow.Reference }).RunToVolume<byte>();
        using var slices = TomogramSlices.Open(TomogramDirectory.Open(dir.File("data")), Set("tomo_fl").Items[0]);
        var section = Shape.Y * Shape.X;
        for (var z = 0; z < Shape.Z; z += 7)
            Assert.Equal(converted.Data.Skip(z * section).Take(section), slices.Read(z));
    }

    [Fact]
    public void Render_reads_an_npy_copy_of_a_jpeg_stack_and_resumes_by_the_review_directory()
    {
        using var dir = Fixtures.TempDir();
        var shape = new VolumeShape(Shape.Z, Shape.Y, Shape.X);
        using (var w = new JpegSliceStackWriter(dir.File("jpeg/tomo_r1"), shape.Z, shape.Y, shape.X))
        {
            w.WriteSlab<byte>(Voxels());
            w.Complete();
        }
        // the lossless copy of the decoded JPEG stack renders the same image
        byte[] decoded;
        using (var stack = JpegSliceStack.Open(dir.File("jpeg/tomo_r1"))) decoded = stack.ReadAll();
        Directory.CreateDirectory(dir.File("npy"));
        NpyWriter.Write<byte>(dir.File("npy/tomo_r1.npy"), decoded, shape);

        string Render(string review, string data)
        {
            ReviewFile.Write(review, Set("tomo_r1"));
            var run = ReviewRenderRun.Plan(review);
            Assert.Single(run.Todo.Items);
            Assert.Equal(1, run.Render(() => TomogramDirectory.Open(data), null));
            var rd = new ReviewDirectory(review);
            Assert.True(File.Exists(rd.RenderedMarker));
            // a rerun keeps the image and does not even list the data
            var again = ReviewRenderRun.Plan(review);
            Assert.Equal((1, 0), (again.Kept.Count, again.Todo.Items.Count));
            Assert.Equal(0, again.Render(() => throw new InvalidOperationException("listed"), null));
            Assert.Equal("{\"images\": 1, \"rendered\": 0, \"kept\": 1}\n", File.ReadAllText(rd.RenderedMarker));
            return Convert.ToHexString(File.ReadAllBytes(rd.ImagePath(run.Set.Items[0])));
        }
        Assert.Equal(Render(dir.File("r-jpeg"), dir.File("jpeg")), Render(dir.File("r-npy"), dir.File("npy")));
    }

    [Fact]
    public void The_review_directory_names_every_file_of_the_layout()
    {
        var d = new ReviewDirectory("rev");
        Assert.Equal([Path.Combine("rev", "review.json"), Path.Combine("rev", "decisions.json"), Path.Combine("rev", "images"),
                Path.Combine("rev", "rendered.json"), Path.Combine("rev", "review-decisions.sqlite"), Path.Combine("rev", "reviewers.json")],
            [d.ReviewFile, d.DecisionsFile, d.ImagesDir, d.RenderedMarker, d.Database, d.Reviewers]);
        Assert.Equal(d.ReviewFile, ReviewFile.PathIn("rev"));
        Assert.Equal(d.DecisionsFile, DecisionFile.PathIn("rev"));
    }
}
