using System.CommandLine;
using System.Globalization;
using MotorPick.Cli.Commands.Slurm;
using MotorPick.Core;
using MotorPick.Scheduling;
using MotorPick.Scheduling.Slurm;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick slurm submit|status|resubmit</c>: run a sharded command as a Slurm array job and look after it.</summary>
public static class SlurmCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("slurm",
            "Run a sharded motorpick command (--shard %a/N) as a Slurm array job, follow its tasks and resubmit the failed ones. " +
            "See docs/cluster.md.\n\n" +
            "Examples:\n  motorpick slurm submit --partition gpu --gpus-per-task 1 --cpus-per-task 8 --mem 32G --time 02:00:00 --run-dir runs/predict -- " +
            "predict --model x3d.onnx --data train --labels gt.csv --shard %a/16 --out cand.csv\n" +
            "  motorpick slurm status runs/predict\n  motorpick slurm resubmit runs/predict --failed");
        cmd.Subcommands.Add(Submit(ctx));
        cmd.Subcommands.Add(Status(ctx));
        cmd.Subcommands.Add(Resubmit(ctx));
        return cmd;
    }

    private static Command Submit(CliContext ctx)
    {
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (default: the cluster's default)." };
        var gpus = new Option<int?>("--gpus-per-task") { Description = "GPUs per task." };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "CPU cores per task." };
        var mem = new Option<string?>("--mem") { Description = "Memory per task, e.g. 32G." };
        var time = new Option<string?>("--time") { Description = "Wall-time limit per task, e.g. 02:00:00 or 1-00:00:00." };
        var account = new Option<string?>("--account") { Description = "Account to charge." };
        var parallel = new Option<int?>("--array-parallel") { Description = "Run at most N tasks at once (sbatch --array=...%N)." };
        var tasks = new Option<int?>("--tasks") { Description = "Number of array tasks (default: N of --shard %a/N in the command)." };
        var runDir = new Option<string?>("--run-dir") { Description = "Directory for the script, logs, exit codes and the job record (default: slurm-runs/<verb>-<time>)." };
        var name = new Option<string?>("--job-name") { Description = "Job name (default: motorpick-<verb>)." };
        var setup = new Option<string[]>("--setup") { Description = "Shell line to run before the command on the node (repeatable), e.g. 'module load dotnet'." };
        var launcher = new Option<string?>("--launcher") { Description = "How nodes start motorpick (default: this build, e.g. 'dotnet /opt/motorpick/motorpick.dll')." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Write and print the script, do not submit." };
        var command = new Argument<string[]>("command") { Description = "The motorpick command after --, with --shard %a/N.", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("submit",
            "Write a readable sbatch script for an array job (task i runs the command with %a = i; one log per task in logs/<job>_<task>.out) " +
            "into the run directory and submit it with sbatch. Relative paths in the command are relative to the current directory.\n\n" +
            "Examples:\n  motorpick slurm submit --partition gpu --gpus-per-task 1 --cpus-per-task 8 --mem 32G --time 02:00:00 --array-parallel 8 " +
            "--run-dir runs/predict -- predict --model x3d.onnx --data train --labels gt.csv --shard %a/16 --out cand.csv\n" +
            "  motorpick slurm submit --cpus-per-task 4 --mem 8G --time 01:00:00 --run-dir runs/hist -- histogram --data train --labels gt.csv --shard %a/8 --out histogram.json\n" +
            "  motorpick slurm submit --dry-run --run-dir runs/convert -- volume convert portal/tomograms jpeg --to jpeg --spacing 16 --shard %a/32")
        { partition, gpus, cpus, mem, time, account, parallel, tasks, runDir, name, setup, launcher, dryRun, command };
        ctx.SetAction(cmd, (p, _) =>
        {
            var args = p.GetValue(command)!.ToList();
            if (args.Count > 0 && args[0] == "motorpick") args.RemoveAt(0);
            if (args.Count == 0) throw new MotorPickException("give the motorpick command to run after --", field: "command");
            if (args[0] == "slurm") throw new MotorPickException("the command of an array job cannot be another 'slurm' command", field: "command");
            var fromShard = ArrayJob.TasksFromShardOption(args);
            var n = p.GetValue(tasks) ?? fromShard
                ?? throw new MotorPickException("the command has no --shard %a/N: add it (each task then runs one shard) or give --tasks", field: "--tasks");
            if (fromShard is { } f && f != n) throw new MotorPickException($"--tasks {n} but the command says --shard %a/{f}", field: "--tasks");
            var verb = args[0];
            var job = new ArrayJob
            {
                Name = p.GetValue(name) ?? $"motorpick-{verb}",
                Command = args,
                Launcher = MotorPickLauncher.Parse(p.GetValue(launcher)),
                Tasks = n,
                WorkingDirectory = Directory.GetCurrentDirectory(),
                Setup = p.GetValue(setup) ?? [],
                Resources = new JobResources
                {
                    Partition = p.GetValue(partition), GpusPerTask = p.GetValue(gpus), CpusPerTask = p.GetValue(cpus), Memory = p.GetValue(mem),
                    Time = p.GetValue(time), Account = p.GetValue(account), ArrayParallel = p.GetValue(parallel),
                },
            };
            CheckParses(ctx, job);
            var dir = p.GetValue(runDir) ?? Path.Combine("slurm-runs", $"{verb}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            if (p.GetValue(dryRun))
            {
                var layout = SlurmRunLayout.For(dir);
                Directory.CreateDirectory(layout.Root);
                AtomicFile.WriteAllText(layout.Script, SbatchScript.Render(job, layout));
                ctx.Console.WriteLine(File.ReadAllText(layout.Script));
                ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(layout.Script)}[/] (not submitted).");
                return CliContext.Ok;
            }
            var record = new SlurmArrayRun(new SlurmClient()).Submit(job, dir);
            ctx.Console.MarkupLine($"Submitted array job [bold]{record.Submissions[0].JobId}[/] ({n} tasks): {Markup.Escape(job.CommandLine)}");
            ctx.Console.MarkupLine($"Run directory: [bold]{Markup.Escape(SlurmRunLayout.For(dir).Root)}[/]; follow it with: motorpick slurm status {Markup.Escape(ShellWords.Quote(dir))}");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command Status(CliContext ctx)
    {
        var runDir = new Argument<string>("run-dir") { Description = "Run directory of 'motorpick slurm submit'." };
        var wait = new Option<bool>("--wait") { Description = "Poll until no task is queued or running; exit code 1 when a task did not complete." };
        var poll = new Option<double>("--poll") { Description = "Seconds between polls with --wait.", DefaultValueFactory = _ => 10 };
        var all = new Option<bool>("--all") { Description = "List every task, not only those that are not completed." };
        var tail = new Option<int>("--tail") { Description = "Log lines shown per failed task.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print every task's state as one JSON object for machines (no log tails)." };
        var cmd = new Command("status",
            "Show every task's state (squeue, sacct where accounting is on, and the exit code each task records), the last lines of the " +
            "failed tasks' logs and the command that resubmits only them.\n\n" +
            "Examples:\n  motorpick slurm status runs/predict\n  motorpick slurm status runs/predict --wait --poll 30 && motorpick merge candidates cand.shard-*-of-16.csv --out cand.csv\n" +
            "  motorpick slurm status runs/predict --json | jq '.counts'")
        { runDir, wait, poll, all, tail, json };
        ctx.SetAction(cmd, (p, ct) =>
        {
            var run = new SlurmArrayRun(new SlurmClient());
            var status = p.GetValue(wait)
                ? run.Wait(p.GetValue(runDir)!, TimeSpan.FromSeconds(Math.Max(0.1, p.GetValue(poll))), ct: ct)
                : run.Status(p.GetValue(runDir)!);
            if (p.GetValue(json)) ctx.WriteJson(SlurmStatusView.Json(status));
            else SlurmStatusView.Write(ctx, status, p.GetValue(all), p.GetValue(tail));
            return p.GetValue(wait) && !status.AllCompleted ? CliContext.Failed : CliContext.Ok;
        });
        return cmd;
    }

    private static Command Resubmit(CliContext ctx)
    {
        var runDir = new Argument<string>("run-dir") { Description = "Run directory of 'motorpick slurm submit'." };
        var failed = new Option<bool>("--failed") { Description = "Resubmit the failed, cancelled and lost tasks (the default)." };
        var tasks = new Option<string?>("--tasks") { Description = "Resubmit these tasks instead, e.g. 3,7-9 (none may be queued or running)." };
        var cmd = new Command("resubmit",
            "Submit the run's script again for the tasks that did not complete (or the tasks given), as a new array job over just those " +
            "indices. Shards are idempotent: a resubmitted task resumes from what its earlier attempt finished.\n\n" +
            "Examples:\n  motorpick slurm resubmit runs/predict --failed\n  motorpick slurm resubmit runs/predict --tasks 3,7-9")
        { runDir, failed, tasks };
        ctx.SetAction(cmd, (p, _) =>
        {
            if (p.GetValue(failed) && p.GetValue(tasks) is not null) throw new MotorPickException("give --failed or --tasks, not both", field: "--tasks");
            var chosen = p.GetValue(tasks) is { } t ? ArrayRange.Parse(t) : null;
            var submission = new SlurmArrayRun(new SlurmClient()).Resubmit(p.GetValue(runDir)!, chosen);
            ctx.Console.MarkupLine(submission is null
                ? "No failed tasks: nothing to resubmit."
                : $"Resubmitted task(s) {Markup.Escape(submission.Array)} as job [bold]{submission.JobId}[/].");
            return CliContext.Ok;
        });
        return cmd;
    }

    /// <summary>Refuses a command that would not parse, here rather than in every task on the cluster.</summary>
    private static void CheckParses(CliContext ctx, ArrayJob job)
    {
        var parse = CliApp.BuildRoot(ctx.Console).Parse(job.CommandFor(0).ToArray());
        if (parse.Errors.Count > 0)
            throw new MotorPickException($"the command does not parse: {string.Join("; ", parse.Errors.Select(e => e.Message))}", field: "command");
    }
}
