using System.CommandLine;

namespace MotorPick.Cli.Help;

/// <summary>One verb of <c>motorpick</c>: its stage, its one-line summary for the first screen, and how to build it.</summary>
public sealed record Verb(Stage Stage, string Summary, Func<CliContext, Command> Create);
