using System.CommandLine;
using MotorPick.Core;
using MotorPick.Core.Sharding;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary>
/// Takes the <see cref="OutputLock"/> of a command's output directory, so that a second process writing the same outputs
/// refuses instead of interleaving with the first. The lock records the command line as typed; a stale lock (left by a
/// killed run) is taken over with a printed warning.
/// </summary>
internal static class OutputLocks
{
    /// <summary>The directory-wide lock of <paramref name="directory"/>.</summary>
    public static OutputLock Take(CliContext ctx, ParseResult parse, string directory, string? scope = null) =>
        OutputLock.Acquire(directory, CommandLine(parse), scope,
            ctx.Warn);

    /// <summary>The lock of one output file's writer in <paramref name="outputFile"/>'s directory, scoped to the file
    /// name, so commands writing different files into one directory (shards, several prediction files) do not block
    /// each other while two writers of the same file do.</summary>
    public static OutputLock TakeForFile(CliContext ctx, ParseResult parse, string outputFile) =>
        Take(ctx, parse, Path.GetDirectoryName(Path.GetFullPath(outputFile))!, Path.GetFileName(outputFile));

    /// <summary>The lock of a directory shared by the tasks of an array job: scoped to the shard when there is one.</summary>
    public static OutputLock TakeForShard(CliContext ctx, ParseResult parse, string directory, Shard? shard) =>
        Take(ctx, parse, directory, shard?.FileTag);

    private static string CommandLine(ParseResult parse) =>
        "motorpick " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ', StringComparison.Ordinal) ? $"\"{t.Value}\"" : t.Value));
}
