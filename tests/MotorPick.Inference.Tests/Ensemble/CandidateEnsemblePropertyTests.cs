using CsCheck;
using MotorPick.Inference.Ensemble;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests.Properties;

namespace MotorPick.Inference.Tests.Ensemble;

/// <summary>Properties of <see cref="CandidateEnsemble"/>: one row per tomogram in ordinal order, and (with distinct
/// confidences) the order of the candidate files and of their rows does not matter.</summary>
public class CandidateEnsemblePropertyTests
{
    private static readonly string[] Ids = ["tomo_a", "tomo_b", "tomo_c", "tomo_d"];

    private static readonly Gen<Prediction> Row =
        from id in Gen.OneOf(Ids)
        from none in Gen.Frequency((1, Gen.Const(true)), (5, Gen.Const(false)))
        from p in Gen.Select(Gen.Double[0, 200], Gen.Double[0, 200], Gen.Double[0, 200], (z, y, x) => new Point3(z, y, x))
        from conf in Gen.Double[0, 1]
        select new Prediction(id, none ? Point3.None : p, none ? 0.0 : conf);

    [Fact]
    public void File_and_row_order_do_not_change_the_fused_table()
    {
        var gen =
            from files in Row.Array[0, 10].Array[1, 4]
            from fileOrder in Gen.Shuffle(Enumerable.Range(0, files.Length).ToArray())
            from rowOrder in Gen.Shuffle(Enumerable.Range(0, files.Sum(f => f.Length)).ToArray())
            from topOnly in Gen.Bool
            select (files, fileOrder, rowOrder, topOnly);
        gen.Check(t =>
        {
            var (files, fileOrder, rowOrder, topOnly) = t;
            var confs = files.SelectMany(f => f.Where(r => r.HasMotor).Select(r => r.Conf)).ToArray();
            if (confs.Distinct().Count() != confs.Length) return;
            var options = new WbfOptions();
            var expected = CandidateEnsemble.Fuse(files, _ => 16.0, options, topOnly: topOnly);
            var flat = files.SelectMany((f, i) => f.Select(r => (File: i, Row: r))).ToArray();
            var shuffled = rowOrder.Select(k => flat[k]).ToArray();
            var permuted = fileOrder.Select(i => (IReadOnlyList<Prediction>)shuffled.Where(f => f.File == i).Select(f => f.Row).ToArray()).ToArray();
            Assert.Equal(expected, CandidateEnsemble.Fuse(permuted, _ => 16.0, options, topOnly: topOnly));
            var ids = files.SelectMany(f => f).Select(r => r.TomoId).Distinct().Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(ids, expected.Select(r => r.TomoId).Distinct());
            if (topOnly) Assert.Equal(ids.Length, expected.Count);
        }, iter: 150, stream: 1101);
    }
}
