using MotorPick.Core;
using MotorPick.Scheduling.Slurm;

namespace MotorPick.Scheduling.Tests;

public class SbatchScriptTests
{
    private static readonly SlurmRunLayout Layout = new("/scratch/runs/predict");

    private static ArrayJob Predict(JobResources resources, IReadOnlyList<string>? setup = null) => new()
    {
        Name = "motorpick-predict",
        Command = ["predict", "--model", "/models/x3d.onnx", "--data", "/data/my train", "--labels", "gt.csv", "--shard", "%a/16", "--out", "cand.csv"],
        Launcher = ["/usr/bin/dotnet", "/opt/motorpick/motorpick.dll"],
        Tasks = 16,
        WorkingDirectory = "/scratch/project",
        Resources = resources,
        Setup = setup ?? [],
    };

    [Fact]
    public void ArrayJobWithEveryResource()
    {
        var script = SbatchScript.Render(Predict(new JobResources
        {
            Partition = "gpu", GpusPerTask = 1, CpusPerTask = 8, Memory = "32G", Time = "02:00:00", ArrayParallel = 4, Account = "cryoem",
        }, ["module load dotnet/10"]), Layout);
        Assert.Equal("""
            #!/bin/bash
            # MotorPick array job 'motorpick-predict': 16 task(s), task i runs the command with %a = i.
            # Written by 'motorpick slurm submit'. Each task logs to logs/<job>_<task>.out and records its exit code in tasks/<task>.exit.
            #   status:   motorpick slurm status /scratch/runs/predict
            #   resubmit: motorpick slurm resubmit /scratch/runs/predict --failed
            #SBATCH --job-name=motorpick-predict
            #SBATCH --array=0-15%4
            #SBATCH --ntasks=1
            #SBATCH --partition=gpu
            #SBATCH --account=cryoem
            #SBATCH --gpus-per-task=1
            #SBATCH --cpus-per-task=8
            #SBATCH --mem=32G
            #SBATCH --time=02:00:00
            #SBATCH --chdir=/scratch/project
            #SBATCH --output=/scratch/runs/predict/logs/%A_%a.out
            set -uo pipefail

            echo "motorpick: task ${SLURM_ARRAY_TASK_ID} of job ${SLURM_ARRAY_JOB_ID} on $(hostname) at $(date -Is)"
            module load dotnet/10
            /usr/bin/dotnet /opt/motorpick/motorpick.dll predict --model /models/x3d.onnx --data '/data/my train' --labels gt.csv --shard ${SLURM_ARRAY_TASK_ID}/16 --out cand.csv
            status=$?
            echo "${SLURM_ARRAY_JOB_ID} ${status}" > /scratch/runs/predict/tasks/"${SLURM_ARRAY_TASK_ID}.exit"
            exit "${status}"

            """.ReplaceLineEndings("\n"), script);
    }

    [Fact]
    public void DefaultsLeaveResourcesToTheCluster()
    {
        var script = SbatchScript.Render(Predict(new JobResources()), Layout);
        Assert.DoesNotContain("--partition", script);
        Assert.DoesNotContain("--gpus-per-task", script);
        Assert.DoesNotContain("--mem", script);
        Assert.Contains("#SBATCH --array=0-15\n", script);
    }

    [Fact]
    public void RefusesDirectiveValuesWithSpaces()
    {
        var e = Assert.Throws<MotorPickException>(() => SbatchScript.Render(Predict(new JobResources { Partition = "gpu a100" }), Layout));
        Assert.Equal("--partition", e.Field);
    }

    [Fact]
    public void SingleStepJobOfARound()
    {
        var script = SbatchScript.RenderSingle("motorpick-train-fold0", ["motorpick"], ["train", "--labels", "/r/gt.csv", "--fold", "0"], "/r",
            new JobResources { Partition = "gpu", GpusPerTask = 1, ArrayParallel = 3 }, "/r/round1/slurm/logs/train-fold0_%j.out", []);
        Assert.Equal("""
            #!/bin/bash
            # MotorPick step 'motorpick-train-fold0', written by 'motorpick round run --executor slurm'.
            #SBATCH --job-name=motorpick-train-fold0
            #SBATCH --ntasks=1
            #SBATCH --partition=gpu
            #SBATCH --gpus-per-task=1
            #SBATCH --chdir=/r
            #SBATCH --output=/r/round1/slurm/logs/train-fold0_%j.out
            set -uo pipefail

            motorpick train --labels /r/gt.csv --fold 0

            """.ReplaceLineEndings("\n"), script);
    }
}
