#!/usr/bin/env bash
# Accuracy benchmark: train a CPU preset on `synth --preset demo` data and score its held-out fold against truth.
#   bench/model/accuracy.sh [out-dir] [extra motorpick train options...]
# Budget: at most 20 minutes of training on 2 cores (bench/model/accuracy.train.json: tiny, 32 Å, patch 64x160x160,
# stride 8). The run's top-1 predictions for the held-out tomograms (val_predictions.csv) are scored with
# `motorpick score` against truth.csv (every motor, no label defects) restricted to those tomograms.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-bench/out/model-accuracy}; shift || true
MP=${MP:-"dotnet src/MotorPick.Cli/bin/Release/net10.0/motorpick.dll"}
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/MotorPick.Cli -c Release -v q
mkdir -p "$OUT"
$MP synth --out "$OUT/demo" --preset demo
$MP labels gt --labels "$OUT/demo/train_labels.csv" --out "$OUT/gt.csv"
$MP labels gt --labels "$OUT/demo/truth.csv" --out "$OUT/truth_gt.csv"
$MP split --labels "$OUT/gt.csv" --folds 4 --seed 42 --out "$OUT/split.json"
start=$(date +%s)
$MP train --labels "$OUT/gt.csv" --data "$OUT/demo" --split "$OUT/split.json" --fold 0 \
  --config bench/model/accuracy.train.json --out "$OUT/run" --cache "$OUT/cache" "$@"
echo "train wall time: $(( $(date +%s) - start )) s"
# truth restricted to the held-out fold
python3 - "$OUT" <<'PY'
import csv, json, sys
out = sys.argv[1]
val = set(json.load(open(f"{out}/split.json"))["folds"][0]["val"])
rows = list(csv.reader(open(f"{out}/truth_gt.csv")))
with open(f"{out}/truth_val.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(rows[0])
    w.writerows(r for r in rows[1:] if r[0] in val)
PY
$MP score --labels "$OUT/truth_val.csv" --submission "$OUT/run/val_predictions.csv" --top1
