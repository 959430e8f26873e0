using System.Collections.Concurrent;
using System.Diagnostics;
using MotorPick.Core;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Model.Data;
using MotorPick.Model.Nn;
using MotorPick.Model.Nn.Kernels;
using MotorPick.Volumes.Statistics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MotorPick.Model.Training;

/// <summary>The tomograms of a run: training, validation, and the labels validation is scored against (original voxels).</summary>
public sealed record TrainData(IReadOnlyList<TrainTomogram> Train, IReadOnlyList<TrainTomogram> Val, GtTable? ValLabels);

/// <summary>Where the labels and split came from (recorded in the model card).</summary>
public sealed record TrainProvenance(FileStamp? Labels, FileStamp? Split);

/// <summary>Progress of a run, reported after every optimiser step and validation.</summary>
public sealed record TrainProgress(long Step, long Steps, double Loss, double Lr, double StepsPerSecond, TimeSpan Eta, ValidationMetrics? Validation);

/// <summary>What a finished (or cancelled) run leaves behind.</summary>
public sealed record TrainSummary(long Steps, double LastLoss, ValidationMetrics? LastValidation, ValidationMetrics? Best, string ModelCard, string? BestCard, double Seconds,
    long SkippedSteps = 0, string? OnnxModel = null);

/// <summary>
/// The training loop: BCE-with-logits on the Gaussian targets, AdamW with warm-up + cosine decay, gradient
/// accumulation, EMA weights (validated and exported), periodic top-1 validation, CSV log, resumable checkpoints.
/// Run directory: <c>train.json</c> (options as used), <c>train_log.csv</c>, <c>model.json</c> + <c>model.safetensors</c>
/// (EMA export, written when the run completes) and its ONNX export <c>model.onnx</c> + <c>model.onnx.json</c> (what
/// predict runs on ONNX Runtime), <c>best.json</c> + <c>best.safetensors</c> (best validation), <c>val_predictions.csv</c> (top-1 per
/// validation tomogram of the last validation, original voxels), <c>checkpoint/</c> (raw and EMA weights,
/// optimiser state, <c>state.json</c>) for <see cref="TrainOptions"/> resume.
/// Data items are drawn from a per-epoch shuffle and per-item random streams keyed by the seed, so the same seed, data
/// and options give the same loss curve on CPU, and a resumed run continues exactly where it stopped.
/// </summary>
public sealed class Trainer
{
    private readonly TrainOptions options;
    private readonly TrainData data;
    private readonly string runDir;
    private readonly TrainProvenance provenance;

    public Trainer(TrainOptions options, TrainData data, string runDir, TrainProvenance? provenance = null)
    {
        this.options = options;
        this.data = data;
        this.runDir = runDir;
        this.provenance = provenance ?? new TrainProvenance(null, null);
        var spec = ModelPresets.Get(options.Preset, options.OutputStride);
        options.Validate(spec.MaxStride);
        if (data.Train.Count == 0) throw new MotorPickException("no training tomograms", field: "train");
        if (data.Val.Count > 0 && data.ValLabels is null) throw new MotorPickException("validation tomograms given without their labels", field: "val");
    }

    public string CheckpointDir => Path.Combine(runDir, "checkpoint");

    /// <summary>The checkpoint state of the run in <paramref name="runDir"/> (<c>checkpoint/state.json</c>).</summary>
    public static string StatePath(string runDir) => Path.Combine(runDir, "checkpoint", "state.json");

    private static string OptimizerStatePath(string checkpointDir) => Path.Combine(checkpointDir, "optimizer.safetensors");

    /// <summary>Where a resumed run in <paramref name="runDir"/> would continue from, or null when it has no checkpoint.</summary>
    public static RunState? ResumePoint(string runDir) => File.Exists(StatePath(runDir)) ? RunState.Load(StatePath(runDir)) : null;

    /// <summary>Decides which kernels the networks run on (default: the process-wide probe; tests inject others).</summary>
    public KernelProbe KernelProbe { get; init; } = KernelProbe.Shared;

    /// <summary>Called with the run folder when the run is complete, just before <c>model.json</c> marks it done (the CLI
    /// draws progress.png there, so that a kill between the two cannot leave a finished run without it).</summary>
    public Action<string>? BeforeDone { get; init; }

    /// <summary>What <see cref="TrainOptions.InitWeights"/> loaded, after <see cref="Run"/> started a fresh run with it.</summary>
    public ImportReport? InitReport { get; private set; }

    /// <summary>Runs (or resumes, when <paramref name="resume"/> and a checkpoint exists) up to <see cref="TrainOptions.Steps"/>.</summary>
    public TrainSummary Run(bool resume = false, IProgress<TrainProgress>? progress = null, CancellationToken ct = default)
    {
        Directory.CreateDirectory(runDir);
        TorchRuntime.SetThreads(options.Threads);
        NativeHeap.KeepFreedMemory(); // no page-fault churn from per-step buffers (see NativeHeap)
        var device = TorchRuntime.Device(options.Device);
        torch.manual_seed(options.Seed);
        var spec = ModelPresets.Get(options.Preset, options.OutputStride);
        var patch = options.PatchShape;

        using var model = new HeatmapUNet3d(spec);
        model.to(device);
        model.SetConvolutionType(options.ConvolutionType); // mixed precision in the live model; the EMA copy validates in fp32
        var scaler = options.Precision == "fp16" ? new LossScaler() : null;
        using var ema = new EmaModel(model, options.EmaDecay, device);
        // every fast kernel the two networks use is checked against the plain one on this machine before step 1
        model.UseKernelProbe(KernelProbe);
        ema.Model.UseKernelProbe(KernelProbe);
        model.VerifyKernels(device.type);
        ema.Model.VerifyKernels(device.type);
        using var optimizer = new AdamWOptimizer(model.named_parameters(), options.Beta1, options.Beta2, options.Eps, options.WeightDecay);
        var schedule = LrSchedule.From(options);
        StepBudget? budget = null;

        var state = new RunState(0, 0, null, null, null, 0);
        var statePath = StatePath(runDir);
        // recover first, then sweep: a swap killed between its renames leaves the only checkpoints under temporary names
        RecoverCheckpoint();
        bool resumed = resume && File.Exists(statePath);
        // a killed run leaves temporary files of the checkpoint or the exports it was writing
        Core.OutputLock.DeleteLeftoversUnder(runDir);
        if (resumed)
        {
            state = RunState.Load(statePath);
            if (scaler is not null && state.LossScale is { } scale) scaler.Restore(scale, state.LossScaleGoodSteps);
            // rows logged after the checkpoint are logged again by the resumed run
            TrainLog.KeepUpTo(Path.Combine(runDir, "train_log.csv"), state.Step);
            ModelCheckpoint.LoadWeights(model, Path.Combine(CheckpointDir, "weights.safetensors"));
            ModelCheckpoint.LoadWeights(ema.Model, Path.Combine(CheckpointDir, "ema.safetensors"));
            if (!File.Exists(OptimizerStatePath(CheckpointDir)) && File.Exists(Path.Combine(CheckpointDir, "optimizer.dat")))
                throw new MotorPickException("this checkpoint was written by an earlier MotorPick (optimizer.dat, TorchSharp's AdamW state); " +
                                             "start the run again without --resume", Path.Combine(CheckpointDir, "optimizer.dat"));
            optimizer.Load(OptimizerStatePath(CheckpointDir));
        }
        else if (options.InitWeights is { } init)
        {
            InitReport = ModelCheckpoint.Import(model, init);
            if (InitReport.Loaded == 0) throw new MotorPickException("no tensor of the state dict matches the model's parameter names", init);
            ema.Reset();
        }
        AtomicFile.WriteAllText(Path.Combine(runDir, "train.json"), options.ToJson() + "\n");
        using var log = new TrainLog(Path.Combine(runDir, "train_log.csv"), append: resumed);
        long total = options.Steps;
        if (options.TimeBudget is { } budgetText)
        {
            budget = new StepBudget(Durations.Parse(budgetText, "time_budget"), state.PlannedSteps, state.StepsPerSecond)
                { ValInterval = options.ValInterval, MaxSteps = options.Steps };
            if (budget.Planned is { } kept) (total, schedule) = (kept, PlannedSchedule(kept));
        }

        var sampler = new PrePatchSampler(data.Train, patch, options.BgRatio, options.BgFromPosRatio);
        if (sampler.EpochLength == 0) throw new MotorPickException($"the training tomograms give no {patch} windows", field: "patch");
        var dataset = new PatchDataset(data.Train, patch, spec.OutputStride, options.SigmaVoxels, options.Augment);
        var validator = data.Val.Count > 0 ? new TopOneValidator(data.Val, data.ValLabels!, patch, options.ValThreshold) : null;

        int micro = options.BatchSize * options.GradAccum;
        using var feeder = new BatchFeeder(sampler, dataset, options.Seed, options.BatchSize, state.ItemsConsumed);
        var clock = Stopwatch.StartNew();
        double elapsedBefore = state.ElapsedSeconds, smoothLoss = double.NaN, lastLoss = double.NaN;
        long step = state.Step, items = state.ItemsConsumed, startStep = step;
        ValidationMetrics? lastVal = state.LastValidation;
        ConfidenceProfile? lastProfile = state.LastValidationConfidence;
        ValidationMetrics? best = null;
        double? bestScore = state.BestScore;
        string? bestCard = File.Exists(Path.Combine(runDir, "best.json")) && resumed ? Path.Combine(runDir, "best.json") : null;

        if (step < total)
        {
            // the exported model of an earlier, shorter run is not this run's result
            foreach (var f in new[] { "model.json", "model.safetensors", OnnxFile, Export.OnnxExport.CardPathFor(OnnxFile) }) File.Delete(Path.Combine(runDir, f));
        }
        model.train();
        var trainable = model.parameters().ToArray();
        using var accumScalar = ((double)options.GradAccum).ToScalar(); // held for the loop: see TorchScalars
        while (step < total)
        {
            ct.ThrowIfCancellationRequested();
            double lr = schedule.At(step);
            optimizer.ZeroGrad();
            double stepLoss = 0;
            for (int a = 0; a < options.GradAccum; a++)
            {
                var batch = feeder.Next(ct);
                using var scope = NewDisposeScope();
                var x = tensor(batch.Images, [batch.Count, 1, patch.D, patch.H, patch.W]).to(device);
                var (hd, hh, hw) = (patch.D / spec.OutputStride, patch.H / spec.OutputStride, patch.W / spec.OutputStride);
                var y = tensor(batch.Targets, [batch.Count, 1, hd, hh, hw]).to(device);
                var logits = model.call(x);
                var loss = nn.functional.binary_cross_entropy_with_logits(logits, y).div_(accumScalar);
                if (scaler is null) loss.backward();
                else
                {
                    using var scale = scaler.Scale.ToScalar();
                    loss.mul(scale).backward();
                }
                stepLoss += loss.item<float>();
            }
            items += micro;
            // fp16: a step whose scaled gradients overflowed is skipped (the loss scale backs off); the schedule moves on
            if (scaler?.UnscaleOrSkip(trainable) ?? true)
            {
                if (options.GradClip > 0) nn.utils.clip_grad_norm_(trainable, options.GradClip);
                optimizer.Step(lr);
            }
            ema.Update();
            step++;
            if (step % NativeHeap.TrainingTrimInterval == 0) NativeHeap.Trim();
            lastLoss = stepLoss;
            smoothLoss = double.IsNaN(smoothLoss) ? stepLoss : 0.9 * smoothLoss + 0.1 * stepLoss;

            double seconds = clock.Elapsed.TotalSeconds;
            double rate = (step - startStep) / Math.Max(seconds, 1e-9);
            if (budget is not null && budget.Observe(step, elapsedBefore + seconds))
                (total, schedule) = (budget.Planned!.Value, PlannedSchedule(budget.Planned.Value));
            var eta = TimeSpan.FromSeconds((total - step) / Math.Max(rate, 1e-9));
            if (step % options.LogInterval == 0 || step == total || step == startStep + 1)
                log.Train(step, lr, stepLoss, rate, elapsedBefore + seconds);

            ValidationMetrics? val = null;
            bool last = step == total;
            if (validator is not null && ((options.ValInterval > 0 && step % options.ValInterval == 0) || last))
            {
                double valStart = clock.Elapsed.TotalSeconds;
                var preds = validator.Predict(ema.Model, device, ct);
                PredictionsFile.WriteCandidates(Path.Combine(runDir, "val_predictions.csv"), preds);
                val = validator.Score(step, preds);
                lastVal = val;
                // what the model's confidences look like on data it fits, for predict's fit check
                lastProfile = ConfidenceProfile.Of(ConfidenceProfile.BestPerTomogram(preds).ToList(), options.ValThreshold);
                log.Validation(val, elapsedBefore + clock.Elapsed.TotalSeconds);
                double score = val.BestF2 + 1e-3 * val.PartialAp;
                if (bestScore is null || score > bestScore)
                {
                    bestScore = score;
                    best = val;
                    bestCard = ModelCheckpoint.Save(runDir, "best", ema.Model, Card(step, val));
                }
                model.train();
                // a validation dearer than planned for shortens a time-budgeted run (the schedule moves towards its end)
                if (!last && budget?.AfterValidation(step, elapsedBefore + clock.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds - valStart) is { } p && p < total)
                    (total, schedule) = (p, PlannedSchedule(p));
            }
            progress?.Report(new TrainProgress(step, total, smoothLoss, lr, rate, eta, val));

            if ((options.CheckpointInterval > 0 && step % options.CheckpointInterval == 0) || last)
            {
                state = new RunState(step, items, bestScore, best?.Step ?? state.BestStep, lastVal, elapsedBefore + clock.Elapsed.TotalSeconds,
                    scaler?.Scale, scaler?.GoodSteps ?? 0, budget?.Planned, budget?.StepsPerSecond, lastProfile);
                SaveCheckpoint(model, ema, optimizer, state);
            }
        }
        // model.json appears only when the run is complete: a round takes its existence as "this training is done"
        var modelCard = Path.Combine(runDir, "model.json");
        var onnx = Path.Combine(runDir, OnnxFile);
        bool exported = step > startStep || !File.Exists(modelCard);
        // the export is written before model.json (the "done" mark a round relies on: a kill between the two must not leave a
        // finished run without its export), from the card's content (the weights' hash ties the two)
        if (exported)
            modelCard = ModelCheckpoint.Save(runDir, "model", ema.Model, Card(step, lastVal), card =>
            {
                Export.OnnxExport.Export(ema.Model, card, onnx);
                BeforeDone?.Invoke(runDir);
            });
        // a run finished before exports existed gets one on its rerun
        else if (!File.Exists(Export.OnnxExport.CardPathFor(onnx))) Export.OnnxExport.Export(ema.Model, CheckpointCard.Load(modelCard), onnx);
        return new TrainSummary(step, lastLoss, lastVal, best, modelCard, bestCard, elapsedBefore + clock.Elapsed.TotalSeconds, scaler?.SkippedSteps ?? 0, onnx);

        // the run's schedule over the planned steps, warm-up keeping its share of the configured run
        LrSchedule PlannedSchedule(long planned) => LrSchedule.From(options) with
        {
            TotalSteps = (int)planned,
            WarmupSteps = (int)Math.Min(planned, Math.Round((double)Math.Min(options.WarmupSteps, options.Steps) * planned / options.Steps)),
        };

        CheckpointCard Card(long step, ValidationMetrics? metrics) => BaseCard(step, metrics) with
        {
            TimeBudgetSeconds = budget?.Budget.TotalSeconds,
            StepsPerSecond = budget?.StepsPerSecond ?? (step > startStep ? (step - startStep) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9) : null),
            TrainSeconds = elapsedBefore + clock.Elapsed.TotalSeconds,
            Machine = $"{Core.Machine.CpuInfo.Here.Describe()}; device {options.Device}, {torch.get_num_threads()} threads",
            ValidationConfidence = metrics is null ? null : lastProfile,
        };
    }

    /// <summary>The ONNX export of the finished run's model, beside <c>model.json</c>.</summary>
    public const string OnnxFile = "model.onnx";

    /// <summary>
    /// Writes the whole checkpoint (weights, EMA, optimiser, state) into a staging directory and swaps it in for the
    /// previous one, so that a kill at any point leaves one complete checkpoint: overwriting the files one by one could
    /// leave the weights of step n beside the state of step n - k, and the resumed run would not be the same run.
    /// </summary>
    private void SaveCheckpoint(HeatmapUNet3d model, EmaModel ema, AdamWOptimizer optimizer, RunState state)
    {
        var staging = AtomicFile.TempPathFor(CheckpointDir);
        Directory.CreateDirectory(staging);
        try
        {
            ModelCheckpoint.SaveWeights(model, Path.Combine(staging, "weights.safetensors"));
            ModelCheckpoint.SaveWeights(ema.Model, Path.Combine(staging, "ema.safetensors"));
            optimizer.Save(OptimizerStatePath(staging));
            // the state goes last: a checkpoint counts only once everything it names is on disk
            AtomicFile.WriteAllText(Path.Combine(staging, "state.json"), state.ToJson() + "\n");
            AtomicFile.PublishDirectory(staging, CheckpointDir);
        }
        catch
        {
            try { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>
    /// After a kill between the two renames of <see cref="SaveCheckpoint"/> there is no <c>checkpoint/</c>, but the
    /// previous and the new one are both complete under temporary names: the newer takes the name back.
    /// </summary>
    private void RecoverCheckpoint()
    {
        if (File.Exists(StatePath(runDir)) || !Directory.Exists(runDir)) return;
        var newest = Directory.EnumerateDirectories(runDir, "checkpoint" + AtomicFile.TempMarker + "*")
            .Where(d => File.Exists(Path.Combine(d, "state.json")))
            .OrderByDescending(d => RunState.Load(Path.Combine(d, "state.json")).Step)
            .FirstOrDefault();
        if (newest is null) return;
        if (Directory.Exists(CheckpointDir)) Directory.Delete(CheckpointDir, recursive: true);
        Directory.Move(newest, CheckpointDir);
    }

    private CheckpointCard BaseCard(long step, ValidationMetrics? metrics) => new()
    {
        Model = ModelPresets.Get(options.Preset, options.OutputStride),
        Patch = options.Patch,
        TargetSpacing = options.TargetSpacing,
        SigmaAngstrom = options.SigmaAngstrom,
        SigmaVoxels = options.SigmaVoxels,
        Labels = provenance.Labels,
        Split = provenance.Split,
        Fold = options.Fold,
        TrainOnAll = options.TrainOnAll,
        Seed = options.Seed,
        Steps = step,
        Metrics = metrics,
        TrainingImages = trainingImages ??= ImageProfile.Of(data.Train.Select(t => ImageStatistics.Of(t.Volume)).ToList()),
    };

    /// <summary>The training tomograms' image statistics, measured once per run (every card of the run holds them).</summary>
    private ImageProfile? trainingImages;
}

/// <summary>
/// Prepares micro-batches on a background thread, in item order, so augmentation overlaps the model's work.
/// Item i of the run belongs to epoch i / L (L = epoch length) and uses its own random stream, so the result does
/// not depend on timing.
/// </summary>
internal sealed class BatchFeeder : IDisposable
{
    public sealed record Batch(float[] Images, float[] Targets, int Count);

    private readonly BlockingCollection<Batch> queue = new(boundedCapacity: 2);
    private readonly CancellationTokenSource stop = new();
    private readonly Task worker;

    public BatchFeeder(PrePatchSampler sampler, PatchDataset dataset, int seed, int batchSize, long firstItem)
    {
        worker = Task.Run(() =>
        {
            try
            {
                long item = firstItem;
                long epochIndex = -1;
                List<SampleItem> epoch = [];
                while (!stop.IsCancellationRequested)
                {
                    var chosen = new SampleItem[batchSize];
                    for (int b = 0; b < batchSize; b++, item++)
                    {
                        long e = item / sampler.EpochLength;
                        if (e != epochIndex)
                        {
                            epochIndex = e;
                            epoch = sampler.Epoch(new Random(StableHash.Seed(seed, e, 0x5eed)));
                        }
                        chosen[b] = epoch[(int)(item % sampler.EpochLength)];
                    }
                    long first = item - batchSize;
                    var examples = new TrainingExample[batchSize];
                    Parallel.For(0, batchSize, b => examples[b] = dataset.Build(chosen[b], PatchDataset.ItemRandom(seed, first + b, 0)));
                    int n = examples[0].Image.Data.Length, m = examples[0].Heatmap.Data.Length;
                    var images = new float[batchSize * n];
                    var targets = new float[batchSize * m];
                    for (int b = 0; b < batchSize; b++)
                    {
                        var src = examples[b].Image.Data;
                        for (int i = 0; i < n; i++) images[b * n + i] = src[i];
                        Array.Copy(examples[b].Heatmap.Data, 0, targets, b * m, m);
                    }
                    queue.Add(new Batch(images, targets, batchSize), stop.Token);
                }
            }
            catch (OperationCanceledException) { }
            finally { queue.CompleteAdding(); }
        });
    }

    public Batch Next(CancellationToken ct)
    {
        try
        {
            return queue.Take(ct);
        }
        catch (InvalidOperationException)
        {
            worker.GetAwaiter().GetResult(); // surfaces the worker's exception
            throw new MotorPickException("the batch feeder stopped");
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        try { worker.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
        stop.Dispose();
        queue.Dispose();
    }
}
