using MotorPick.Curation.Rendering;
using MotorPick.Curation.Review;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Tests;

public class ReviewRendererTests
{
    private static readonly TomoShape Shape = new(40, 60, 80);

    private static ReviewItem Item(Point3[] labels, params ReviewCandidate[] candidates) =>
        new(0, labels.Length == 0 ? Judgement.FP : Judgement.FN, "t", Shape, 100.0, labels, candidates, "x.jpg");

    private static byte[] Blank(int z) => new byte[Shape.Y * Shape.X];

    private static bool IsRed(RgbCanvas c, int x, int y) => c.Pixels[(y * c.Width + x) * 3] == 255 && c.Pixels[(y * c.Width + x) * 3 + 1] == 0;
    private static bool IsGreen(RgbCanvas c, int x, int y) => c.Pixels[(y * c.Width + x) * 3] == 0 && c.Pixels[(y * c.Width + x) * 3 + 1] == 255;

    [Fact]
    public void Layout_is_one_column_per_candidate_plus_gt_and_four_panels_high()
    {
        var canvas = ReviewRenderer.Render(Item([new Point3(20, 30, 40)], new ReviewCandidate(new Point3(20, 30, 10), 0.5), new ReviewCandidate(new Point3(5, 5, 5), 0.2)), Blank, null);
        Assert.Equal((3 * 80, 4 * 60), (canvas.Width, canvas.Height));
    }

    [Fact]
    public void The_gt_circle_has_the_1000_angstrom_radius_on_the_z_panel()
    {
        // 100 Å voxels: r = round(1000 / 100) = 10 pixels, drawn around (x 40, y 30) on the third panel.
        var canvas = ReviewRenderer.Render(Item([new Point3(20, 30, 40)]), Blank, null);
        var top = 2 * 60;
        Assert.True(IsRed(canvas, 40 + 10, top + 30));
        Assert.True(IsRed(canvas, 40, top + 30 - 10));
        Assert.False(IsRed(canvas, 40, top + 30)); // outline only
        Assert.False(IsRed(canvas, 40 + 10, 30)); // no circles on the neighbour panels
    }

    [Fact]
    public void Other_points_get_the_section_of_their_sphere()
    {
        // Candidate 6 slices away from the GT slice: section radius round(sqrt(10^2 - 6^2)) = 8, drawn in the GT column.
        var canvas = ReviewRenderer.Render(Item([new Point3(20, 30, 40)], new ReviewCandidate(new Point3(26, 30, 20), 0.5)), Blank, null);
        var top = 2 * 60;
        Assert.True(IsGreen(canvas, 20 + 8, top + 30));
        Assert.False(IsGreen(canvas, 20 + 10, top + 30));
    }

    [Fact]
    public void Labels_are_solid_circles_marked_L_and_candidates_dashed_circles_marked_C()
    {
        // GT at (y 30, x 40) and a candidate on the same slice at (y 30, x 15), both r = 10 on the GT column's z panel.
        var canvas = ReviewRenderer.Render(Item([new Point3(20, 30, 40)], new ReviewCandidate(new Point3(20, 30, 15), 0.5)), Blank, null);
        var top = 2 * 60;
        var ring = Enumerable.Range(0, 72).Select(i => i * Math.PI / 36).ToArray();
        (int X, int Y) On(double cx, double cy, double a) => ((int)Math.Round(cx + 10 * Math.Cos(a)), (int)Math.Round(top + cy + 10 * Math.Sin(a)));
        Assert.All(ring, a => { var (x, y) = On(40, 30, a); Assert.True(IsRed(canvas, x, y), $"gap in the label's circle at {a:F2}"); });
        var greenOnRing = ring.Count(a => { var (x, y) = On(15, 30, a); return IsGreen(canvas, x, y); });
        Assert.InRange(greenOnRing, 20, 60); // dashes and gaps
        // The letters at the upper right of each circle, inside the panel.
        Assert.True(CountIn(canvas, 40 + 7, top + 30 - 7 - 3 - 7 - 1, 10, 9, IsRed) >= 8, "no L beside the label");
        Assert.True(CountIn(canvas, 15 + 7, top + 30 - 7 - 3 - 7 - 1, 10, 9, IsGreen) >= 8, "no C beside the candidate");
    }

    private static int CountIn(RgbCanvas c, int x, int y, int w, int h, Func<RgbCanvas, int, int, bool> test) =>
        Enumerable.Range(y, h).Sum(yy => Enumerable.Range(x, w).Count(xx => test(c, xx, yy)));

    [Fact]
    public void Image_names_follow_the_reference()
    {
        Assert.Equal("FN/FN-3-tomo_00e047-300x959x928-spacing15.600000381469727.jpg",
            ReviewItem.ImageNameFor(Judgement.FN, 3, "tomo_00e047", new TomoShape(300, 959, 928), 15.6));
    }
}
