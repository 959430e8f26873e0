namespace MotorPick.Model.Training;

/// <summary>
/// timm-style cosine schedule with linear warm-up: from <c>lr · warmup_factor</c> to <c>lr</c> over the warm-up
/// steps, then cosine decay to <c>lr · min_lr_factor</c> at the last step.
/// </summary>
public sealed record LrSchedule(double Lr, int WarmupSteps, int TotalSteps, double WarmupFactor, double MinLrFactor)
{
    public static LrSchedule From(TrainOptions o) => new(o.Lr, Math.Min(o.WarmupSteps, o.Steps), o.Steps, o.WarmupFactor, o.MinLrFactor);

    /// <summary>Learning rate for optimiser step <paramref name="step"/> (0-based).</summary>
    public double At(long step)
    {
        if (step < WarmupSteps)
        {
            double start = Lr * WarmupFactor;
            return start + (Lr - start) * step / WarmupSteps;
        }
        double min = Lr * MinLrFactor;
        int span = Math.Max(1, TotalSteps - WarmupSteps);
        double t = Math.Min(1.0, (double)(step - WarmupSteps) / span);
        return min + 0.5 * (Lr - min) * (1 + Math.Cos(Math.PI * t));
    }
}
