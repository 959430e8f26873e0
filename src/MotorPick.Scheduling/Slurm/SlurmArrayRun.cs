using System.Globalization;
using MotorPick.Core;

namespace MotorPick.Scheduling.Slurm;

/// <summary>
/// An array job and its run directory: submit it, read every task's state (squeue, then sacct where accounting is on,
/// then the exit code the task recorded), and resubmit the tasks that failed. Tasks are independent shards whose
/// reruns are idempotent, so resubmitting a task is always safe.
/// </summary>
public sealed class SlurmArrayRun(SlurmClient client)
{
    /// <summary>Writes the script into <paramref name="runDir"/>, submits it and records the job, under the run
    /// directory's lock: of two concurrent submits into one directory, the second finds the first's record and refuses.</summary>
    public SlurmRunRecord Submit(ArrayJob job, string runDir)
    {
        if (job.Tasks < 1) throw new MotorPickException($"an array job needs at least one task, not {job.Tasks}", field: "--tasks");
        var layout = SlurmRunLayout.For(runDir);
        using var submitLock = OutputLock.Acquire(layout.Root, "motorpick slurm submit", scope: LockScope);
        if (File.Exists(layout.Record))
            throw new MotorPickException("this run directory already holds a submitted job: check it with 'motorpick slurm status' or rerun tasks with 'motorpick slurm resubmit', or choose another --run-dir", layout.Root);
        Directory.CreateDirectory(layout.Logs);
        Directory.CreateDirectory(layout.Tasks);
        AtomicFile.WriteAllText(layout.Script, SbatchScript.Render(job, layout));
        var jobId = client.Submit(layout.Script);
        var record = new SlurmRunRecord(job.Name, job.Tasks, job.Resources.ArrayParallel, job.CommandLine,
            [new SlurmSubmission(jobId, ArrayRange.Format(Enumerable.Range(0, job.Tasks)), DateTimeOffset.UtcNow)]);
        record.Save(layout.Record);
        return record;
    }

    /// <summary>The scope of the lock taken while submitting (task logs are written beside it by the jobs).</summary>
    public const string LockScope = "slurm-submit";

    /// <summary>Every task's state.</summary>
    public RunStatus Status(string runDir)
    {
        var layout = SlurmRunLayout.For(runDir);
        var record = SlurmRunRecord.Load(layout.Record);
        var current = record.CurrentJobs();
        var jobIds = current.Values.Distinct().ToArray();
        var queue = Index(client.Queue(jobIds));
        var accounting = Index(client.Accounting(jobIds));
        var tasks = new List<TaskStatus>();
        for (var t = 0; t < record.Tasks; t++)
        {
            if (!current.TryGetValue(t, out var job))
            {
                tasks.Add(new TaskStatus(t, "-", TaskState.Lost, "never submitted", null, ""));
                continue;
            }
            var exit = RecordedExit(layout, t, job);
            var log = layout.Log(job, t);
            if (queue.TryGetValue((job, t), out var q) || accounting.TryGetValue((job, t), out q))
            {
                var code = exit ?? SacctExit(q.ExitCode);
                tasks.Add(new TaskStatus(t, job, FromSlurm(q.State), q.State, code, log));
            }
            else if (exit is { } code)
                tasks.Add(new TaskStatus(t, job, code == 0 ? TaskState.Completed : TaskState.Failed, $"exit {code}", code, log));
            else
                tasks.Add(new TaskStatus(t, job, TaskState.Lost, "not in the queue and no exit code recorded (killed, out of time, or node lost)", null, log));
        }
        return new RunStatus(layout, record, tasks);
    }

    /// <summary>Polls <see cref="Status"/> until no task is queued or running.</summary>
    public RunStatus Wait(string runDir, TimeSpan poll, Action<RunStatus>? onPoll = null, CancellationToken ct = default)
    {
        while (true)
        {
            var status = Status(runDir);
            onPoll?.Invoke(status);
            if (status.Finished) return status;
            Task.Delay(poll, ct).GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Submits the script again for <paramref name="tasks"/> (default: every failed, cancelled or lost task); tasks still
    /// queued or running are refused. Returns the new submission, or null when there was nothing to resubmit.
    /// </summary>
    public SlurmSubmission? Resubmit(string runDir, IReadOnlyList<int>? tasks = null)
    {
        // two concurrent resubmits would both see the same tasks failed and queue them twice
        using var submitLock = OutputLock.Acquire(SlurmRunLayout.For(runDir).Root, "motorpick slurm resubmit", scope: LockScope);
        var status = Status(runDir);
        var chosen = tasks ?? status.Failed.Select(t => t.Task).ToList();
        foreach (var t in chosen)
        {
            if (t < 0 || t >= status.Record.Tasks) throw new MotorPickException($"task {t} is not in 0..{status.Record.Tasks - 1}", status.Layout.Root, field: "--tasks");
            var s = status.Tasks[t];
            if (s.IsActive) throw new MotorPickException($"task {t} is still {s.State.ToString().ToLowerInvariant()} ({s.SlurmId}); wait for it or scancel it first", status.Layout.Root, field: "--tasks");
        }
        if (chosen.Count == 0) return null;
        var array = ArrayRange.Format(chosen);
        var jobId = client.Submit(status.Layout.Script, ArrayRange.Format(chosen, status.Record.ArrayParallel));
        var submission = new SlurmSubmission(jobId, array, DateTimeOffset.UtcNow);
        (status.Record with { Submissions = [.. status.Record.Submissions, submission] }).Save(status.Layout.Record);
        return submission;
    }

    /// <summary>Slurm's state names, grouped into what a person acts on.</summary>
    public static TaskState FromSlurm(string state) => state switch
    {
        "PENDING" or "CONFIGURING" or "REQUEUED" or "REQUEUE_FED" or "REQUEUE_HOLD" or "RESIZING" or "SUSPENDED" or "STOPPED" => TaskState.Pending,
        "RUNNING" or "COMPLETING" or "SIGNALING" or "STAGE_OUT" => TaskState.Running,
        "COMPLETED" => TaskState.Completed,
        "CANCELLED" => TaskState.Cancelled,
        _ => TaskState.Failed,
    };

    /// <summary>The exit code task <paramref name="task"/> recorded for job <paramref name="jobId"/> (an older attempt's is ignored).</summary>
    private static int? RecordedExit(SlurmRunLayout layout, int task, string jobId)
    {
        var path = layout.ExitFile(task);
        if (!File.Exists(path)) return null;
        var f = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return f.Length == 2 && f[0] == jobId && int.TryParse(f[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    // sacct prints "exit:signal", e.g. 1:0 or 0:15.
    private static int? SacctExit(string? text) =>
        text is not null && int.TryParse(text.Split(':')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;

    private static Dictionary<(string, int), SlurmJobState> Index(IReadOnlyList<SlurmJobState> states)
    {
        var d = new Dictionary<(string, int), SlurmJobState>();
        foreach (var s in states)
            if (s.ArrayTask is { } t) d[(s.JobId, t)] = s;
        return d;
    }
}
