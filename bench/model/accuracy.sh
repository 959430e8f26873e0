#!/usr/bin/env bash
# Accuracy benchmark: train a CPU preset on `synth --preset demo` data and score it on held-out synthetic tomograms.
#   bench/model/accuracy.sh [out-dir] [extra motorpick train options...]
#   TRAIN_COUNT=40 TTA=zyx QUANTILE=0.5 bench/model/accuracy.sh ...   (variants; defaults below)
# Training set: TRAIN_COUNT (default 400) tomograms of `synth --preset demo` (seed 1), all of it (--train-on-all).
# Held-out set: 40 tomograms of the same preset with another seed (seed 2) that training never sees.
# Budget: at most 20 minutes of training on 2 cores (bench/model/accuracy.train.json): the loop runs under
# time_budget 17m (steps planned from the step rate measured on this machine, at most 24000, the count the recipe was
# tuned with on a machine doing ~28 steps/s), leaving ~3 minutes for the first load of the 400 JPEG stacks.
# The decision rule is fixed in advance, as the reference's: each held-out tomogram's best candidate (TTA-averaged
# heatmap) is declared a motor when its confidence is above the QUANTILE of all 40 confidences; QUANTILE defaults to
# 0.44, the generator's share of motor-free tomograms (the reference used 0.55 on the competition's test set).
# The submission is scored with `motorpick score` against the held-out truth (every motor, no label defects), matched
# to the nearest labelled motor (a top-1 hit on the second motor of a two-motor tomogram is a hit) and, for comparison,
# to the first one (the competition's rule for its one-motor test set). The threshold-free local metrics (best F2 over
# thresholds, AP) of the candidates are printed as well.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-bench/out/model-accuracy}; shift || true
MP=${MP:-"dotnet src/MotorPick.Cli/bin/Release/net10.0/motorpick.dll"}
TTA=${TTA:-zyx,zxy,zyx_x,zyx_y,zyx_z,zxy_x,zxy_y,zxy_z}
QUANTILE=${QUANTILE:-0.44}
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/MotorPick.Cli -c Release -v q
mkdir -p "$OUT"
$MP synth --out "$OUT/train" --preset demo --seed 1 --count "${TRAIN_COUNT:-400}"
$MP synth --out "$OUT/heldout" --preset demo --seed 2
$MP labels gt --labels "$OUT/train/train_labels.csv" --out "$OUT/gt.csv"
$MP labels gt --labels "$OUT/heldout/truth.csv" --out "$OUT/heldout_truth.csv"
start=$(date +%s)
$MP train --labels "$OUT/gt.csv" --data "$OUT/train" --train-on-all \
  --config bench/model/accuracy.train.json --out "$OUT/run" --cache "$OUT/cache" "$@"
echo "train wall time (loading, training, export): $(( $(date +%s) - start )) s"
$MP predict --model "$OUT/run/model.json" --data "$OUT/heldout/train" --labels "$OUT/heldout_truth.csv" --tta "$TTA" --stride 8 \
  --out "$OUT/heldout_candidates.csv"
$MP submit --candidates "$OUT/heldout_candidates.csv" --quantile "$QUANTILE" --out "$OUT/heldout_submission.csv"
echo "== submission (quantile $QUANTILE), nearest labelled motor"
$MP score --labels "$OUT/heldout_truth.csv" --submission "$OUT/heldout_submission.csv" --match nearest --details "$OUT/heldout_details.csv"
echo "== submission (quantile $QUANTILE), first labelled motor (competition)"
$MP score --labels "$OUT/heldout_truth.csv" --submission "$OUT/heldout_submission.csv" --match first
echo "== candidates, top-1 per tomogram, threshold-free metrics (nearest labelled motor)"
$MP score --labels "$OUT/heldout_truth.csv" --submission "$OUT/heldout_candidates.csv" --top1 --match nearest
