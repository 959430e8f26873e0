#!/usr/bin/env bash
# Confident detections from the border: trains the accuracy recipe briefly on `synth --preset demo` data and reports,
# on held-out demo tomograms, the share of candidates with conf >= 0.5 within 12 slices / 32 px of the volume's edge
# (against the share of the volume in that band), the false positives there, and the review items per true motor found.
#   TRAIN_COUNT=60 HELDOUT_COUNT=20 TIME_BUDGET=4m bench/model/border.sh [out-dir] [extra train options...]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-bench/out/border}; shift || true
MP=${MP:-"dotnet src/MotorPick.Cli/bin/Release/net10.0/motorpick.dll"}
TTA=${TTA:-zyx,zxy}
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/MotorPick.Cli -c Release -v q
mkdir -p "$OUT"
$MP synth --out "$OUT/train" --preset demo --seed 1 --count "${TRAIN_COUNT:-60}"
$MP synth --out "$OUT/heldout" --preset demo --seed 2 --count "${HELDOUT_COUNT:-20}"
$MP labels gt --labels "$OUT/train/train_labels.csv" --out "$OUT/gt.csv"
$MP labels gt --labels "$OUT/heldout/truth.csv" --out "$OUT/heldout_truth.csv"
$MP train --labels "$OUT/gt.csv" --data "$OUT/train" --train-on-all --config bench/model/accuracy.train.json \
  --time-budget "${TIME_BUDGET:-4m}" --out "$OUT/run" --cache "$OUT/cache" "$@"
$MP predict --model "$OUT/run/model.json" --data "$OUT/heldout/train" --labels "$OUT/heldout_truth.csv" --tta "$TTA" --stride 8 \
  --conf 0.05 --out "$OUT/candidates.csv"
echo "== border (machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores)"
awk -F, -v conf=0.5 -v slices=12 -v pixels=32 -f bench/model/border_metrics.awk "$OUT/heldout/truth.csv" "$OUT/candidates.csv"
