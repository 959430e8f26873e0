namespace MotorPick.Scheduling.Slurm;

/// <summary>
/// Where an array job keeps its files in its run directory: the script (<c>job.sbatch</c>), the record of every
/// submission (<c>slurm-job.json</c>), one log per task attempt (<c>logs/&lt;job&gt;_&lt;task&gt;.out</c>) and one exit-code
/// file per task (<c>tasks/&lt;task&gt;.exit</c>: "<c>&lt;job&gt; &lt;exit code&gt;</c>"), which lets status work without Slurm accounting.
/// </summary>
public sealed record SlurmRunLayout(string Root)
{
    public string Script => Path.Combine(Root, "job.sbatch");
    public string Record => Path.Combine(Root, "slurm-job.json");
    public string Logs => Path.Combine(Root, "logs");
    public string Tasks => Path.Combine(Root, "tasks");

    /// <summary>The log of task <paramref name="task"/> of job <paramref name="jobId"/>.</summary>
    public string Log(string jobId, int task) => Path.Combine(Logs, $"{jobId}_{task}.out");

    /// <summary>The exit-code file of task <paramref name="task"/>.</summary>
    public string ExitFile(int task) => Path.Combine(Tasks, $"{task}.exit");

    public static SlurmRunLayout For(string root) => new(Path.GetFullPath(root));
}
