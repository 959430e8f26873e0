using System.CommandLine;
using System.Text.Json;
using MotorPick.Cli.Streams;
using MotorPick.Core;
using Spectre.Console;

namespace MotorPick.Cli;

/// <summary>
/// What every command handler gets: where to write, and one way to report errors.
/// <list type="bullet">
/// <item><see cref="Console"/> (stdout): what the command produced: tables, JSON, metrics, the one-line summary of what it wrote.</item>
/// <item><see cref="Info"/> (stderr): how it is going: progress bars, "skipped ...", step announcements; silenced by --quiet.</item>
/// <item><see cref="Error"/> (stderr): warnings and errors, always.</item>
/// </list>
/// So <c>motorpick score --json | jq</c> and <c>2&gt;log</c> both see whole, unmixed lines.
/// </summary>
public sealed class CliContext
{
    /// <summary>
    /// Exit codes: 0 success, 1 a MotorPick error (bad input, failed job), 2 a usage error, 130 cancelled by Ctrl+C or
    /// SIGTERM (scancel, systemd), with nothing half-written; a server (review serve, portal serve-local) ends with 0 on
    /// either signal, its normal way to stop.
    /// </summary>
    public const int Ok = 0, Failed = 1, Usage = 2, Cancelled = 130;

    private readonly bool _inheritedQuiet;

    /// <summary>One console for everything (tests that read one transcript).</summary>
    public CliContext(IAnsiConsole console) : this(console, console) { }

    public CliContext(IAnsiConsole output, IAnsiConsole error, bool quiet = false)
    {
        Console = output;
        Error = error;
        _inheritedQuiet = quiet;
        Quiet = quiet;
    }

    /// <summary>stdout: results.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>stderr: warnings and errors.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>stderr unless --quiet: progress and informational notes.</summary>
    public IAnsiConsole Info => Quiet ? Quietened : Error;

    /// <summary>Set from --quiet when a command starts (nested commands inherit it).</summary>
    public bool Quiet { get; private set; }

    /// <summary>The global <c>--quiet</c> option (added to the root, recursive).</summary>
    public Option<bool> QuietOption { get; } = new("--quiet", "-q")
    {
        Description = "No progress bars or notes; results, warnings and errors are still printed.",
        Recursive = true,
    };

    private static IAnsiConsole Quietened { get; } = CliConsoles.Null();

    /// <summary>Runs another motorpick command line in this process (round steps run this way), returning its exit code.</summary>
    public int RunNested(string[] args, CancellationToken ct) =>
        CliApp.InvokeAsync(CliApp.BuildRoot(new CliContext(Console, Error, Quiet) { TrainingObserver = TrainingObserver }), args, NestedConfig, ct).GetAwaiter().GetResult();

    /// <summary>Hears every progress report of a training run by this context or its nested commands (the demo's time estimate).</summary>
    public Action<MotorPick.Model.Training.TrainProgress>? TrainingObserver { get; init; }

    // The outer command already listens for Ctrl+C and passes its token on.
    private static readonly InvocationConfiguration NestedConfig = new() { ProcessTerminationTimeout = null };

    /// <summary>Sets <paramref name="handler"/> as the command's action, turning MotorPick errors into a clear message and exit code 1.</summary>
    public void SetAction(Command command, Func<ParseResult, CancellationToken, int> handler)
    {
        command.SetAction(async (parse, token) =>
        {
            // System.CommandLine hooks Ctrl+C and SIGTERM (cancelling token) only once the action has returned its task; a handler
            // that ran to the end first was never cancelled (the process died, or hung where a web host had taken the signal).
            await Task.Yield();
            Quiet = _inheritedQuiet || parse.GetValue(QuietOption);
            return Guard(() => handler(parse, token));
        });
    }

    /// <summary>Prints <paramref name="value"/> as one line of JSON on stdout, past Spectre (no markup, no wrapping).</summary>
    public void WriteJson(object value, JsonSerializerOptions? options = null) => Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, options ?? JsonOptions));

    // NaN (a volume with NaN voxels, a metric of nothing) is written as "NaN" rather than refused.
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Prints a warning (not an error) to stderr.</summary>
    public void Warn(string message) => Error.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");

    /// <summary>Prints label-data quirks (not errors) as warnings.</summary>
    public void PrintWarnings(IEnumerable<MotorPick.Labels.Tables.LabelWarning> warnings)
    {
        const int shown = 5;
        var list = warnings.ToList();
        foreach (var w in list.Take(shown)) Warn(w.ToString());
        if (list.Count > shown) Warn($"... and {list.Count - shown} more of the same kind");
    }

    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (MotorPickException ex)
        {
            return Fail(ex.Message);
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions.FirstOrDefault(e => e is MotorPickException or IOException) is { } first)
        {
            // Parallel work: report the first MotorPick error (a full disk first), not the aggregate.
            return Fail((DiskSpace.FindDiskFullException(ex) ?? first).Message);
        }
        catch (OperationCanceledException)
        {
            Error.MarkupLine("[yellow]cancelled[/]");
            return Cancelled;
        }
        catch (UnauthorizedAccessException ex)
        {
            return Fail(ex.Message);
        }
        catch (IOException ex)
        {
            return Fail(ex.Message);
        }
    }

    private int Fail(string message)
    {
        Error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return Failed;
    }
}
