namespace MotorPick.Rounds.Demo;

/// <summary>
/// Settings of <c>motorpick demo</c>. <see cref="Quick"/> trades accuracy for time (CI smoke test, at most 3 minutes on
/// 2 cores); the full demo runs the reference's three rounds within about 15 minutes on 2 cores. The round-1 folds train
/// <see cref="TrainSteps"/> steps; the round-2 ensemble members trained here and the final model <see cref="LaterTrainSteps"/>.
/// </summary>
public sealed record DemoOptions
{
    public required string Out { get; init; }
    public bool Quick { get; init; }
    public ulong Seed { get; init; } = 1;

    /// <summary>Fraction of true motors missing from the starting labels, and the error (Å, per axis) of the others.</summary>
    public double LabelDrop { get; init; } = 0.3;
    public double LabelJitterA { get; init; } = 50;

    /// <summary>Probability that one answer of the simulated reviewer is wrong.</summary>
    public double ReviewerErrorRate { get; init; } = 0.02;

    public int TrainTomograms => Quick ? 24 : 60;
    public int HeldOutTomograms => Quick ? 8 : 20;
    public int Folds => Quick ? 2 : 3;
    public int TrainSteps => Quick ? 250 : 2000;

    /// <summary>Steps of the round-2 members and of the final model (fewer: they start from better labels, and the budget is shared).</summary>
    public int LaterTrainSteps => Quick ? 150 : 1500;

    /// <summary>
    /// Members of the reference's round-2 ensemble (docs/rounds/round2.json) the demo keeps: the 3D ResNet and the
    /// 2.5D ConvNeXt trained here in their CPU-sized presets, and round 1's fold-1 model; quick leaves the ConvNeXt out.
    /// </summary>
    public IReadOnlyList<string> Round2Members => Quick ? ["resnet101", "x3d-fold1"] : ["resnet101", "x3d-fold1", "convnext"];

    /// <summary>Synthetic runs the stand-in portal serves for the external round (demo-sized, at 16 Å).</summary>
    public int ExternalRuns => Quick ? 3 : 8;

    /// <summary>Candidates below this confidence are not shown to the reviewer (the reference used 0.05 with far longer-trained models).</summary>
    public double MineThreshold => 0.5;
    public string Preset => "tiny";

    /// <summary>The CPU-sized presets standing in for the reference's round-2 encoders.</summary>
    public static string CpuPreset(string preset) => preset switch
    {
        "resnet101" => "resnet101-mini",
        "convnext-tiny-2.5d" => "convnext-2.5d-mini",
        "x3d-m" => "tiny",
        _ => preset,
    };

    /// <summary>Coarse enough for CPU training: a 1000 Å motor radius is about 31 voxels at 32 Å.</summary>
    public double Spacing => 32;
    public IReadOnlyList<int> Patch => [32, 96, 96];
    public int Stride => 8;

    /// <summary>
    /// Demo-only training settings, written to <c>train-demo.json</c>: the reference's 200 Å Gaussian is under one heatmap
    /// cell on this coarse grid (stride 8 at 32 Å), so the tiny CPU model gets a 400 Å target and a higher learning rate
    /// to learn in minutes instead of hours. Real runs keep the reference's 200 Å and 5e-4.
    /// </summary>
    public double SigmaAngstrom => 400;
    public double LearningRate => 2e-3;
}
