using System.Collections.Concurrent;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.Selection;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Portal;

/// <summary>Spectre progress for an ingest: one bar for all bytes (rate, ETA) and one per tomogram in flight.</summary>
internal sealed class IngestProgressView(ProgressContext progress, long totalBytes) : IIngestObserver
{
    private readonly ProgressTask _overall = progress.AddTask("[bold]all tomograms[/]", maxValue: Math.Max(1, totalBytes));
    private readonly ConcurrentDictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

    public void Stage(IngestItem item, IngestStage stage)
    {
        var task = _tasks.GetOrAdd(item.TomoId, _ => progress.AddTask(Markup.Escape(item.TomoId), maxValue: Math.Max(1, item.ExpectedBytes)));
        task.Description = $"{Markup.Escape(item.TomoId)} [grey]{stage.ToString().ToLowerInvariant()}[/]";
        if (stage is IngestStage.Done or IngestStage.Failed)
        {
            if (task.Value < task.MaxValue)
            {
                var rest = task.MaxValue - task.Value;
                task.Value = task.MaxValue;
                _overall.Increment(rest);
            }
            task.StopTask();
        }
    }

    public void Bytes(string tomoId, long bytes)
    {
        if (_tasks.TryGetValue(tomoId, out var t) && t.Value + bytes <= t.MaxValue)
        {
            t.Increment(bytes);
            _overall.Increment(bytes);
        }
    }
}
