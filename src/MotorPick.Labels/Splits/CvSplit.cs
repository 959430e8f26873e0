namespace MotorPick.Labels.Splits;

/// <summary>One fold: the tomograms trained on and the ones validated on.</summary>
public sealed record CvFold(IReadOnlyList<string> Train, IReadOnlyList<string> Val);

/// <summary>
/// A cross-validation split in the reference's JSON layout
/// (<c>{"splitter", "num_folds", "random_state", "folds": [{"train", "val"}]}</c>); <see cref="GroupBy"/> is ours.
/// </summary>
public sealed record CvSplit(string Splitter, int NumFolds, long? RandomState, IReadOnlyList<CvFold> Folds, string? GroupBy = null)
{
    public const string SklearnStratifiedKFold = "sklearn.model_selection.StratifiedKFold";
    public const string StratifiedGroupKFold = "motorpick.StratifiedGroupKFold";

    /// <summary>The fold <paramref name="k"/>, with a clear error when it does not exist.</summary>
    public CvFold Fold(int k) =>
        k >= 0 && k < Folds.Count ? Folds[k] : throw new Core.MotorPickException($"fold {k} does not exist; the split has folds 0..{Folds.Count - 1}");
}
