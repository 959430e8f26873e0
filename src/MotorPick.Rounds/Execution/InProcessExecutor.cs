using System.Diagnostics;
using MotorPick.Core;

namespace MotorPick.Rounds.Execution;

/// <summary>
/// Runs each step's command line in this process through <paramref name="runCommand"/> (the CLI's command tree),
/// in plan order after checking that the plan is ordered. A step whose outputs all exist is skipped, so a killed
/// round resumes where it stopped; every output is written atomically by the commands themselves.
/// </summary>
public sealed class InProcessExecutor(Func<string[], CancellationToken, int> runCommand) : IStepExecutor
{
    public void Run(IReadOnlyList<RoundStep> steps, IProgress<StepEvent>? progress, CancellationToken ct)
    {
        PlanOrder.Check(steps);
        for (var i = 0; i < steps.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var step = steps[i];
            if (step.Outputs.Count > 0 && step.Outputs.All(o => File.Exists(o) || Directory.Exists(o)))
            {
                progress?.Report(new StepEvent(step, StepState.Skipped, TimeSpan.Zero, i, steps.Count));
                continue;
            }
            progress?.Report(new StepEvent(step, StepState.Started, TimeSpan.Zero, i, steps.Count));
            var sw = Stopwatch.StartNew();
            var exit = runCommand([.. step.Args], ct);
            // a step cut short by Ctrl+C or SIGTERM cancels the round (exit 130, as the step itself) rather than failing it
            if (exit != 0) ct.ThrowIfCancellationRequested();
            if (exit != 0)
            {
                progress?.Report(new StepEvent(step, StepState.Failed, sw.Elapsed, i, steps.Count));
                throw new MotorPickException($"step '{step.Name}' failed with exit code {exit}: {step.CommandLine}");
            }
            progress?.Report(new StepEvent(step, StepState.Succeeded, sw.Elapsed, i, steps.Count));
        }
    }
}

/// <summary>Checks that every step comes after the steps it depends on, and that names are unique.</summary>
public static class PlanOrder
{
    public static void Check(IReadOnlyList<RoundStep> steps)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in steps)
        {
            foreach (var d in s.DependsOn)
                if (!seen.Contains(d)) throw new MotorPickException($"step '{s.Name}' depends on '{d}', which does not come before it in the plan");
            if (!seen.Add(s.Name)) throw new MotorPickException($"two steps are named '{s.Name}'");
        }
    }
}
