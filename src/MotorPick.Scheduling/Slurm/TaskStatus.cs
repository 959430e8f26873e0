namespace MotorPick.Scheduling.Slurm;

/// <summary>Where an array task stands.</summary>
public enum TaskState
{
    /// <summary>Queued (or held, suspended, requeued).</summary>
    Pending,
    Running,
    Completed,

    /// <summary>Ended with a non-zero exit code, out of time or memory, or its node failed.</summary>
    Failed,
    Cancelled,

    /// <summary>Not in the queue and no exit code recorded: killed without a trace, or forgotten by the controller.</summary>
    Lost,
}

/// <summary>One task's state, with the Slurm state it came from, its exit code where recorded, and its log.</summary>
public sealed record TaskStatus(int Task, string JobId, TaskState State, string Detail, int? ExitCode, string Log)
{
    /// <summary>Still queued or running.</summary>
    public bool IsActive => State is TaskState.Pending or TaskState.Running;

    /// <summary>Finished without success: a candidate for resubmission.</summary>
    public bool IsFailed => State is TaskState.Failed or TaskState.Cancelled or TaskState.Lost;

    /// <summary>Slurm's <c>job_task</c> id.</summary>
    public string SlurmId => $"{JobId}_{Task}";
}

/// <summary>The state of every task of a run.</summary>
public sealed record RunStatus(SlurmRunLayout Layout, SlurmRunRecord Record, IReadOnlyList<TaskStatus> Tasks)
{
    public int Count(TaskState state) => Tasks.Count(t => t.State == state);

    /// <summary>No task is queued or running.</summary>
    public bool Finished => Tasks.All(t => !t.IsActive);

    public bool AllCompleted => Tasks.All(t => t.State == TaskState.Completed);

    public IReadOnlyList<TaskStatus> Failed => Tasks.Where(t => t.IsFailed).ToList();
}
