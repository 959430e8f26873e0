using Spectre.Console;

namespace MotorPick.Cli.Commands.Volume;

/// <summary>A Spectre progress bar around one long library call reporting a fraction 0..1.</summary>
internal static class CliProgress
{
    public static T Run<T>(CliContext ctx, string label, Func<IProgress<double>, T> work)
    {
        T result = default!;
        ctx.Info.Progress().AutoClear(true).Start(p =>
        {
            var task = p.AddTask(label, maxValue: 1.0);
            result = work(new Progress(task));
            task.Value = 1.0;
        });
        return result;
    }

    private sealed class Progress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = Math.Clamp(value, 0, 1);
    }
}
