using CsCheck;
using MotorPick.Core;
using MotorPick.Labels.Splits;
using MotorPick.Labels.Tables;
using MotorPick.Tests;
using MotorPick.Tests.Properties;

namespace MotorPick.Labels.Tests.Splits;

/// <summary>
/// Properties of <see cref="SplitBuilder"/> and <see cref="StratifiedKFold"/>: folds partition the tomograms, train is the
/// complement of val, and scikit-learn's allocation puts floor or ceil of n_c/k members of each class c in every fold
/// (round-robin over the label-sorted samples), small classes included (0 or 1 per fold).
/// </summary>
public class SplitBuilderPropertyTests
{
    /// <summary>Motor-count classes as in the competition labels (many 0/1, a few large).</summary>
    private static readonly Gen<int> MotorCount = Gen.Frequency((8, Gen.Int[0, 1]), (2, Gen.Int[2, 4]), (1, Gen.OneOf(6, 10)));

    /// <summary>A gt table of 1..60 tomograms in shuffled row order, each with a motor count and a group (e.g. spacing).</summary>
    private static readonly Gen<(GtTable Table, Dictionary<string, string> Groups)> Table =
        from n in Gen.Int[1, 60]
        from counts in MotorCount.Array[n]
        from groups in Gen.Int[0, 7].Array[n]
        from order in Gen.Shuffle(Enumerable.Range(0, n).ToArray())
        let rows = order.Select(i => new GtRow($"tomo_{i * 7919 % 4096:x3}{i}", new TomoShape(10, 10, 10), 16,
            Enumerable.Repeat(new Point3(1, 1, 1), counts[i]).ToArray())).ToArray()
        select (new GtTable(rows, GtLayout.Short), rows.Select((r, k) => (r.TomoId, $"g{groups[order[k]]}")).ToDictionary(t => t.TomoId, t => t.Item2));

    private static readonly Gen<int> Folds = Gen.Int[2, 6];
    private static readonly Gen<uint> Seed = Gen.UInt[0, 10_000];

    private static string[] AllIds(GtTable t) => t.Rows.Select(r => r.TomoId).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every id of <paramref name="valIds"/> in exactly one val list; each fold's train = all - val, both ascending.</summary>
    private static void AssertPartition(CvSplit split, string[] all, IReadOnlyCollection<string> valIds)
    {
        var val = split.Folds.SelectMany(f => f.Val).ToArray();
        Assert.Equal(valIds.Order(StringComparer.Ordinal), val.Order(StringComparer.Ordinal)); // each exactly once
        foreach (var f in split.Folds)
        {
            Assert.Equal(all.Except(f.Val, StringComparer.Ordinal).Order(StringComparer.Ordinal), f.Train.Order(StringComparer.Ordinal));
            Assert.Equal(f.Val.Order(StringComparer.Ordinal), f.Val);
        }
    }

    private static bool Splittable(GtTable t, int k) => t.Rows.Count >= k && t.Rows.GroupBy(r => r.NumMotors).Any(g => g.Count() >= k);

    [Fact]
    public void Stratified_kfold_partitions_the_tomograms_into_val_folds()
    {
        Gen.Select(Table, Folds, Seed).Check(p =>
        {
            var ((t, _), k, seed) = p;
            if (!Splittable(t, k))
            {
                Assert.Throws<MotorPickException>(() => SplitBuilder.StratifiedKFold(t, k, seed, null));
                return;
            }
            var split = SplitBuilder.StratifiedKFold(t, k, seed, null);
            Assert.Equal(k, split.Folds.Count);
            AssertPartition(split, AllIds(t), AllIds(t));
        }, iter: 100, stream: 401);
    }

    [Fact]
    public void Each_fold_holds_within_one_of_the_ideal_count_of_every_motor_class()
    {
        Gen.Select(Table, Folds, Seed).Check(p =>
        {
            var ((t, _), k, seed) = p;
            if (!Splittable(t, k)) return;
            var split = SplitBuilder.StratifiedKFold(t, k, seed, null);
            var motors = t.Rows.ToDictionary(r => r.TomoId, r => r.NumMotors);
            foreach (var cls in t.Rows.GroupBy(r => r.NumMotors))
            {
                var ideal = (double)cls.Count() / k;
                foreach (var f in split.Folds)
                {
                    var count = f.Val.Count(id => motors[id] == cls.Key);
                    Assert.True(Math.Abs(count - ideal) < 1, $"class {cls.Key}: {count} in a fold, ideal {ideal}");
                }
            }
            foreach (var f in split.Folds) Assert.True(Math.Abs(f.Val.Count - (double)t.Rows.Count / k) < 1);
        }, iter: 100, stream: 402);
    }

    [Fact]
    public void A_val_motor_cap_moves_the_larger_tomograms_to_train_of_every_fold()
    {
        Gen.Select(Table, Folds, Seed, Gen.Int[0, 3]).Check(p =>
        {
            var ((t, _), k, seed, cap) = p;
            if (!Splittable(t, k)) return;
            var capped = SplitBuilder.StratifiedKFold(t, k, seed, cap);
            var free = SplitBuilder.StratifiedKFold(t, k, seed, null);
            var small = t.Rows.Where(r => r.NumMotors <= cap).Select(r => r.TomoId).ToArray();
            AssertPartition(capped, AllIds(t), small);
            for (var f = 0; f < k; f++) Assert.Equal(free.Folds[f].Val.Intersect(small, StringComparer.Ordinal), capped.Folds[f].Val);
        }, iter: 100, stream: 403);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_whatever_the_row_order()
    {
        Gen.Select(Table, Folds, Seed).Check(p =>
        {
            var ((t, _), k, seed) = p;
            if (!Splittable(t, k)) return;
            var reversed = new GtTable(t.Rows.Reverse().ToArray(), GtLayout.Short);
            Assert.Equal(CvSplitFile.Format(SplitBuilder.StratifiedKFold(t, k, seed, 1)), CvSplitFile.Format(SplitBuilder.StratifiedKFold(reversed, k, seed, 1)));
        }, iter: 50, stream: 404);
    }

    [Fact]
    public void Group_kfold_partitions_the_tomograms_and_never_splits_a_group()
    {
        Gen.Select(Table, Folds, Seed).Check(p =>
        {
            var ((t, groups), k, seed) = p;
            if (groups.Values.Distinct().Count() < k)
            {
                Assert.Throws<MotorPickException>(() => SplitBuilder.StratifiedGroupKFold(t, groups, "g", k, seed, null));
                return;
            }
            var split = SplitBuilder.StratifiedGroupKFold(t, groups, "g", k, seed, null);
            AssertPartition(split, AllIds(t), AllIds(t));
            foreach (var g in t.Rows.GroupBy(r => groups[r.TomoId]))
                Assert.Single(split.Folds, f => f.Val.Intersect(g.Select(r => r.TomoId)).Any());
        }, iter: 100, stream: 405);
    }

    [Fact]
    public void Refining_keeps_val_within_the_cap_and_every_tomogram_in_each_fold()
    {
        Gen.Select(Table, Folds, Seed, Gen.Int[0, 3]).Check(p =>
        {
            var ((t, _), k, seed, cap) = p;
            if (!Splittable(t, k)) return;
            var split = SplitBuilder.StratifiedKFold(t, k, seed, null);
            var refined = SplitBuilder.Refine(split, t, cap);
            for (var f = 0; f < k; f++)
            {
                var (before, after) = (split.Folds[f], refined.Folds[f]);
                Assert.Equal(before.Val.Where(id => t[id].NumMotors <= cap), after.Val);
                Assert.Equal(before.Train.Concat(before.Val).Order(StringComparer.Ordinal), after.Train.Concat(after.Val).Order(StringComparer.Ordinal));
                Assert.Equal(before.Train, after.Train.Take(before.Train.Count));
            }
        }, iter: 100, stream: 406);
    }

    [Fact]
    public void Split_files_round_trip_byte_for_byte_whatever_the_ids()
    {
        using var dir = Fixtures.TempDir();
        var split =
            from ids in Tables.LabelGen.TomoIds(2, 12)
            from k in Gen.Int[1, 4]
            from fold in Gen.Int[0, k - 1].Array[ids.Length]
            from rs in Gen.Long[-1, 1000]
            select new CvSplit(CvSplit.SklearnStratifiedKFold, k, rs < 0 ? null : rs,
                Enumerable.Range(0, k).Select(f => new CvFold(ids.Where((_, i) => fold[i] != f).ToArray(), ids.Where((_, i) => fold[i] == f).ToArray())).ToArray());
        split.Check(s =>
        {
            var path = dir.File("split.json");
            CvSplitFile.Write(path, s);
            var back = CvSplitFile.Read(path);
            Assert.Equal((s.Splitter, s.NumFolds, s.RandomState), (back.Splitter, back.NumFolds, back.RandomState));
            Assert.Equal(s.Folds.Select(f => f.Train), back.Folds.Select(f => f.Train));
            Assert.Equal(s.Folds.Select(f => f.Val), back.Folds.Select(f => f.Val));
            Assert.Equal(File.ReadAllText(path), CvSplitFile.Format(back));
        }, iter: 30, stream: 407);
    }
}
