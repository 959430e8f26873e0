using CsCheck;
using MotorPick.Labels.Csv;
using MotorPick.Labels.Tables;
using MotorPick.Tests;
using MotorPick.Tests.Properties;

namespace MotorPick.Labels.Tests.Tables;

/// <summary>Properties of <see cref="PredictionsFile"/>: candidate files and submissions survive write/read.</summary>
public class PredictionsFilePropertyTests
{
    /// <summary>Any finite coordinate: voxel positions, tiny and huge magnitudes (scientific notation in Python's repr).</summary>
    private static readonly Gen<double> Coordinate = Gen.OneOf<double>(
        Gen.Int[0, 2000].Select(i => (double)i),
        Gen.Double[-10, 2000],
        Gen.Double.Where(double.IsFinite));

    private static readonly Gen<Point3> Point = Gen.Frequency(
        (1, Gen.Const(Point3.None)),
        (4, Gen.Select(Coordinate, Coordinate, Coordinate, (z, y, x) => new Point3(z, y, x))));

    /// <summary>Candidate rows: several per tomogram allowed, any order, confidences in [0, 1] (and some exactly 0 or 1).</summary>
    private static readonly Gen<Prediction[]> Candidates =
        from ids in LabelGen.TomoIds(1, 5)
        from rows in Gen.Select(Gen.Int[0, ids.Length - 1], Point, Gen.OneOf<double>(Gen.Double.Unit, Gen.OneOf(0.0, 1.0)))
            .Select(t => new Prediction(ids[t.Item1], t.Item2, t.Item3)).Array[0, 15]
        select rows;

    private static IReadOnlyList<Prediction> Parse(string text) => PredictionsFile.Parse(CsvDocument.Parse(text, "pred.csv"));

    private static string Text(Action<string> write, TempDir dir)
    {
        var path = dir.File("p.csv");
        write(path);
        return File.ReadAllText(path);
    }

    [Fact]
    public void Candidate_files_read_back_unchanged_and_rewrite_byte_for_byte()
    {
        using var dir = Fixtures.TempDir();
        Candidates.Check(rows =>
        {
            var text = Text(p => PredictionsFile.WriteCandidates(p, rows), dir);
            var back = Parse(text);
            Assert.Equal(rows, back);
            Assert.Equal(text, Text(p => PredictionsFile.WriteCandidates(p, back), dir));
        }, iter: 40, stream: 301);
    }

    [Fact]
    public void Submissions_read_back_unchanged_without_confidence()
    {
        using var dir = Fixtures.TempDir();
        Candidates.Check(rows =>
        {
            var text = Text(p => PredictionsFile.WriteSubmission(p, rows), dir);
            var back = Parse(text);
            Assert.Equal(rows.Select(r => r with { Conf = null }), back);
            Assert.Equal(text, Text(p => PredictionsFile.WriteSubmission(p, back), dir));
        }, iter: 40, stream: 302);
    }

    [Fact]
    public void Top_per_tomogram_keeps_one_row_per_tomogram_with_the_best_motor()
    {
        Candidates.Check(rows =>
        {
            var top = PredictionsFile.TopPerTomogram(rows);
            Assert.Equal(rows.Select(r => r.TomoId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), top.Select(r => r.TomoId).Order(StringComparer.Ordinal));
            foreach (var t in top)
            {
                var mine = rows.Where(r => r.TomoId == t.TomoId).ToArray();
                Assert.Contains(t, mine);
                if (mine.Any(r => r.HasMotor))
                {
                    Assert.True(t.HasMotor);
                    Assert.Equal(mine.Where(r => r.HasMotor).Max(r => r.Conf), t.Conf);
                }
            }
        }, iter: 150, stream: 303);
    }
}
