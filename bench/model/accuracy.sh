#!/usr/bin/env bash
# Accuracy benchmark: train a CPU preset on `synth --preset demo` data and score it on held-out synthetic tomograms.
#   bench/model/accuracy.sh [out-dir] [extra motorpick train options...]
#   TRAIN_COUNT=120 TTA=zyx,zxy,zyx_x,zyx_y,zyx_z,zxy_x,zxy_y,zxy_z bench/model/accuracy.sh ...   (variants; defaults 40, zyx)
# Training set: `synth --preset demo` (seed 1, 40 tomograms), all of it (--train-on-all). Held-out set: the same preset
# with another seed (seed 2, 40 tomograms) that training never sees. Budget: at most 20 minutes of training on 2 cores
# (bench/model/accuracy.train.json: tiny, 32 Å, 32x96x96 patches, stride 8, 6000 steps; the step count was chosen on a
# fold of the training set, whose validation F2 peaked near 6000 steps and fell after). The run's top-1 candidate per
# held-out tomogram is scored with `motorpick score` against the held-out truth.csv (every motor, no label defects).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-bench/out/model-accuracy}; shift || true
MP=${MP:-"dotnet src/MotorPick.Cli/bin/Release/net10.0/motorpick.dll"}
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/MotorPick.Cli -c Release -v q
mkdir -p "$OUT"
$MP synth --out "$OUT/train" --preset demo --seed 1 --count "${TRAIN_COUNT:-40}"
$MP synth --out "$OUT/heldout" --preset demo --seed 2
$MP labels gt --labels "$OUT/train/train_labels.csv" --out "$OUT/gt.csv"
$MP labels gt --labels "$OUT/heldout/truth.csv" --out "$OUT/heldout_truth.csv"
start=$(date +%s)
$MP train --labels "$OUT/gt.csv" --data "$OUT/train" --train-on-all \
  --config bench/model/accuracy.train.json --out "$OUT/run" --cache "$OUT/cache" "$@"
echo "train wall time: $(( $(date +%s) - start )) s"
$MP predict --model "$OUT/run/model.json" --data "$OUT/heldout/train" --labels "$OUT/heldout_truth.csv" --tta "${TTA:-zyx}" --stride 8 \
  --out "$OUT/heldout_candidates.csv"
$MP score --labels "$OUT/heldout_truth.csv" --submission "$OUT/heldout_candidates.csv" --top1
