using System.CommandLine;
using MotorPick.Rounds.Execution;
using MotorPick.Scheduling;

namespace MotorPick.Cli.Commands.Slurm;

/// <summary>The Slurm options of <c>motorpick round run --executor slurm</c>.</summary>
internal sealed class SlurmResourceOptions
{
    private readonly Option<string?> _partition = new("--partition") { Description = "Slurm: partition." };
    private readonly Option<int?> _gpus = new("--gpus-per-task") { Description = "Slurm: GPUs of each training and prediction job." };
    private readonly Option<int?> _cpus = new("--cpus-per-task") { Description = "Slurm: CPU cores per job." };
    private readonly Option<string?> _mem = new("--mem") { Description = "Slurm: memory per job, e.g. 64G." };
    private readonly Option<string?> _time = new("--time") { Description = "Slurm: wall-time limit per job, e.g. 12:00:00." };
    private readonly Option<string?> _account = new("--account") { Description = "Slurm: account to charge." };
    private readonly Option<string[]> _setup = new("--setup") { Description = "Slurm: shell line run before each step (repeatable), e.g. 'module load dotnet'." };
    private readonly Option<string?> _launcher = new("--launcher") { Description = "Slurm: how nodes start motorpick (default: this build)." };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { _partition, _gpus, _cpus, _mem, _time, _account, _setup, _launcher }) cmd.Options.Add(o);
    }

    public SlurmExecutorOptions ExecutorOptions(ParseResult p, string roundRoot) => new()
    {
        Directory = Path.Combine(roundRoot, "slurm"),
        Launcher = MotorPickLauncher.Parse(p.GetValue(_launcher)),
        Setup = p.GetValue(_setup) ?? [],
        Resources = new JobResources
        {
            Partition = p.GetValue(_partition), GpusPerTask = p.GetValue(_gpus), CpusPerTask = p.GetValue(_cpus),
            Memory = p.GetValue(_mem), Time = p.GetValue(_time), Account = p.GetValue(_account),
        },
    };
}
