using System.CommandLine;
using MotorPick.Core;
using Spectre.Console;

namespace MotorPick.Cli;

/// <summary>What every command handler gets: the console to write to, and one way to report errors.</summary>
public sealed class CliContext(IAnsiConsole console)
{
    /// <summary>Exit codes: 0 success, 1 a MotorPick error (bad input, failed job), 2 a usage error, 130 cancelled.</summary>
    public const int Ok = 0, Failed = 1, Usage = 2, Cancelled = 130;

    public IAnsiConsole Console { get; } = console;

    /// <summary>Runs another motorpick command line in this process (round steps run this way), returning its exit code.</summary>
    public int RunNested(string[] args, CancellationToken ct) => CliApp.BuildRoot(Console).Parse(args).InvokeAsync(cancellationToken: ct).GetAwaiter().GetResult();

    /// <summary>Sets <paramref name="handler"/> as the command's action, turning MotorPick errors into a clear message and exit code 1.</summary>
    public void SetAction(Command command, Func<ParseResult, CancellationToken, int> handler)
    {
        command.SetAction((parse, token) => Task.FromResult(Guard(() => handler(parse, token))));
    }

    /// <summary>Prints label-data quirks (not errors) in yellow.</summary>
    public void PrintWarnings(IEnumerable<MotorPick.Labels.Tables.LabelWarning> warnings)
    {
        const int shown = 5;
        var list = warnings.ToList();
        foreach (var w in list.Take(shown)) Console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w.ToString())}");
        if (list.Count > shown) Console.MarkupLine($"[yellow]warning:[/] ... and {list.Count - shown} more of the same kind");
    }

    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (MotorPickException ex)
        {
            Console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            return Failed;
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions.FirstOrDefault(e => e is MotorPickException or IOException) is { } first)
        {
            // Parallel work: report the first MotorPick error (a full disk first), not the aggregate.
            Console.MarkupLine($"[red]error:[/] {Markup.Escape((DiskSpace.FindDiskFullException(ex) ?? first).Message)}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            Console.MarkupLine("[yellow]cancelled[/]");
            return Cancelled;
        }
        catch (UnauthorizedAccessException ex)
        {
            Console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            return Failed;
        }
        catch (IOException ex)
        {
            Console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            return Failed;
        }
    }
}
