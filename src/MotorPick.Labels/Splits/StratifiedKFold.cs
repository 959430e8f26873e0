using MotorPick.Core;

namespace MotorPick.Labels.Splits;

/// <summary>
/// scikit-learn's <c>StratifiedKFold(n_splits, shuffle=True, random_state)</c> test-fold assignment
/// (<c>_make_test_folds</c>, scikit-learn 1.2): classes encoded in order of first appearance, per-class fold
/// allocation round-robin over the sorted labels, and each class's block of fold numbers shuffled with numpy's
/// legacy RandomState.
/// </summary>
public static class StratifiedKFold
{
    /// <summary>The fold (0..k-1) whose validation set each sample falls in.</summary>
    public static int[] TestFolds(IReadOnlyList<int> y, int folds, uint seed, bool shuffle = true)
    {
        if (folds < 2) throw new MotorPickException($"--folds must be at least 2, found {folds}");
        if (y.Count < folds) throw new MotorPickException($"cannot split {y.Count} tomograms into {folds} folds");

        // Encode classes by order of first appearance (what np.unique(return_index) + argsort achieves).
        var sortedClasses = y.Distinct().Order().ToArray();
        var firstIndex = sortedClasses.Select(c => IndexOf(y, c)).ToArray();
        var appearanceRank = firstIndex.Select((fi, k) => (fi, k)).OrderBy(t => t.fi).Select(t => t.k).ToArray();
        var classPerm = new int[sortedClasses.Length];
        for (var rank = 0; rank < appearanceRank.Length; rank++) classPerm[appearanceRank[rank]] = rank;
        var lookup = sortedClasses.Select((c, k) => (c, k)).ToDictionary(t => t.c, t => classPerm[t.k]);
        var encoded = y.Select(v => lookup[v]).ToArray();
        var nClasses = sortedClasses.Length;

        var counts = new int[nClasses];
        foreach (var e in encoded) counts[e]++;
        if (counts.All(c => folds > c))
            throw new MotorPickException($"--folds {folds} is more than the number of members of every class");

        // allocation[i, k] = how many of class k fall in fold i: bincount(y_order[i::folds]).
        var yOrder = encoded.Order().ToArray();
        var allocation = new int[folds, nClasses];
        for (var i = 0; i < folds; i++)
            for (var j = i; j < yOrder.Length; j += folds)
                allocation[i, yOrder[j]]++;

        var rng = new NumpyRandomState(seed);
        var testFolds = new int[y.Count];
        for (var k = 0; k < nClasses; k++)
        {
            var block = new List<int>();
            for (var i = 0; i < folds; i++)
                for (var r = 0; r < allocation[i, k]; r++) block.Add(i);
            if (shuffle) rng.Shuffle(block);
            var pos = 0;
            for (var s = 0; s < encoded.Length; s++)
                if (encoded[s] == k) testFolds[s] = block[pos++];
        }
        return testFolds;
    }

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}
