using System.Text.Json;
using System.Text.Json.Serialization;
using MotorPick.Core;

namespace MotorPick.Scheduling.Slurm;

/// <summary>One <c>sbatch</c> of the run's script: the job id and the array tasks it covered (<c>0-15</c>, then e.g. <c>3,9</c>).</summary>
public sealed record SlurmSubmission(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("array")] string Array,
    [property: JsonPropertyName("submitted")] DateTimeOffset Submitted);

/// <summary>
/// <c>slurm-job.json</c>: what was submitted from a run directory, so that status and resubmission need nothing but the
/// directory. Every submission is kept; a task's current attempt is the latest submission that covers it.
/// </summary>
public sealed record SlurmRunRecord(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("tasks")] int Tasks,
    [property: JsonPropertyName("array_parallel")] int? ArrayParallel,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("submissions")] IReadOnlyList<SlurmSubmission> Submissions)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The job id of each task's latest attempt.</summary>
    public IReadOnlyDictionary<int, string> CurrentJobs()
    {
        var map = new Dictionary<int, string>();
        foreach (var s in Submissions)
            foreach (var t in ArrayRange.Parse(s.Array))
                if (t >= 0 && t < Tasks) map[t] = s.JobId;
        return map;
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    public static SlurmRunRecord Load(string path)
    {
        if (!File.Exists(path)) throw new MotorPickException("not a run directory of 'motorpick slurm submit' (no slurm-job.json)", Path.GetDirectoryName(path));
        try
        {
            var r = JsonSerializer.Deserialize<SlurmRunRecord>(File.ReadAllText(path), Json);
            if (r is null || r.Submissions is null || r.Tasks < 1) throw new MotorPickException("incomplete record: expected name, tasks and submissions", path);
            return r;
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"invalid JSON ({ex.Message})", path, inner: ex);
        }
    }
}
