using MotorPick.Scheduling.Slurm;

namespace MotorPick.Scheduling.Tests;

/// <summary>Stands in for the Slurm client tools: records every call and answers from settable replies.</summary>
internal sealed class FakeSlurm : IProcessRunner
{
    private int _nextJob = 100;

    public List<(string Program, string[] Args)> Calls { get; } = [];

    /// <summary>squeue's answer ("id|STATE" lines).</summary>
    public string Squeue { get; set; } = "";

    /// <summary>sacct's answer; by default accounting is disabled (exit 1), as on the CI cluster.</summary>
    public ProcessResult Sacct { get; set; } = new(1, "", "Slurm accounting storage is disabled");

    /// <summary>The sbatch call (1 for the first) that fails, as when the controller refuses a job; null: none.</summary>
    public int? FailSbatchAt { get; set; }

    public ProcessResult Run(string program, IReadOnlyList<string> args)
    {
        Calls.Add((program, args.ToArray()));
        if (program == "sbatch" && Calls.Count(c => c.Program == "sbatch") == FailSbatchAt)
            return new ProcessResult(1, "", "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation");
        return program switch
        {
            "sbatch" => new ProcessResult(0, $"{_nextJob++}\n", ""),
            "squeue" => new ProcessResult(0, Squeue, ""),
            "sacct" => Sacct,
            "scancel" => new ProcessResult(0, "", ""),
            _ => throw new InvalidOperationException(program),
        };
    }

    public string[] LastSbatch => Calls.Last(c => c.Program == "sbatch").Args;
}
