#!/usr/bin/env bash
# GPU check of `predict --device cuda` (issue 22 item 2), for a machine with an NVIDIA GPU, its driver, CUDA 13 and
# cuDNN 9 on the library path, the .NET 10 SDK and the NuGet packages reachable. Prepared on a machine WITHOUT a GPU:
# it has not been run yet. Budget: under 10 minutes on a 16-core machine with one GPU.
#   bench/gpu/check.sh            (OUT=bench/out/gpu by default)
# 1. publishes MotorPick with ONNX Runtime's CUDA build (-p:MotorPickGpu=true) and runs `doctor --device cuda`;
# 2. synthesises full-size tomograms with `motorpick synth --preset competition` and keeps one of 300x960x928;
# 3. trains an x3d-m checkpoint for a few steps on tiny synthetic data (the weights only need to be the same for both
#    runs; a trained model is not the point) and exports it to ONNX;
# 4. predicts that tomogram with the ONNX engine on the CPU and on the GPU, prints both times, and compares the
#    candidates: the same peaks (each CPU candidate has a GPU one at the same rounded position, and none is left over)
#    and confidences within 1e-3. The barely trained model's peaks are close in value, so their order is not compared.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-bench/out/gpu}
mkdir -p "$OUT"
nvidia-smi -L

echo "== publish with ONNX Runtime's CUDA build"
dotnet publish src/MotorPick.Cli -c Release -r linux-x64 --self-contained -p:MotorPickGpu=true -o "$OUT/motorpick-gpu" -v q -nologo
M="$OUT/motorpick-gpu/motorpick"
"$M" doctor --preset tiny --device cpu | grep -E "ONNX Runtime|CUDA"
"$M" doctor --preset tiny --device cpu --json | grep -q 'CUDA execution provider present' \
  || { echo "check.sh: this ONNX Runtime build has no CUDA execution provider" >&2; exit 1; }

echo "== one 300x960x928 tomogram (motorpick synth)"
[ -f "$OUT/big/synth.json" ] || "$M" synth --preset competition --count 12 --seed 22 --out "$OUT/big" --quiet
TOMO=$(python3 - "$OUT/big/train_labels.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
shape = lambda r: tuple(int(r[f"Array shape (axis {a})"]) for a in range(3))
hits = [r["tomo_id"] for r in rows if shape(r) == (300, 960, 928)]
print(hits[0] if hits else "")
PY
)
[ -n "$TOMO" ] || { echo "check.sh: no 300x960x928 tomogram among the synthesised ones; raise --count" >&2; exit 1; }
echo "tomogram $TOMO"

echo "== x3d-m checkpoint (a few CPU steps) and its ONNX export"
[ -f "$OUT/tiny/synth.json" ] || "$M" synth --preset tiny --count 4 --seed 3 --out "$OUT/tiny" --quiet
[ -f "$OUT/tiny/gt.csv" ] || "$M" labels gt --labels "$OUT/tiny/train_labels.csv" --out "$OUT/tiny/gt.csv" --quiet
[ -f "$OUT/x3d-m/model.json" ] || "$M" train --labels "$OUT/tiny/gt.csv" --data "$OUT/tiny/train" --train-on-all --preset x3d-m \
  --steps 20 --patch 32,96,96 --device cpu --out "$OUT/x3d-m" --quiet
[ -f "$OUT/x3d-m.onnx" ] || "$M" export --model "$OUT/x3d-m/model.json" --out "$OUT/x3d-m.onnx"

predict() { # device output
  local start end
  start=$(date +%s.%N)
  "$M" predict --model "$OUT/x3d-m.onnx" --data "$OUT/big/train" --labels "$OUT/big/train_labels.csv" --ids "$TOMO" \
    --engine onnx --device "$1" --conf 0.0 --max-dets 20 --out "$2" --quiet
  end=$(date +%s.%N)
  echo "$1: $(python3 -c "print(f'{$end - $start:.1f}')") s (whole command: load, predict, write)"
}
echo "== predict on the CPU and on the GPU"
predict cpu "$OUT/cpu.csv"
predict cuda "$OUT/cuda.csv"

echo "== compare"
python3 - "$OUT/cpu.csv" "$OUT/cuda.csv" <<'PY'
import csv, sys
cpu, gpu = (list(csv.DictReader(open(p))) for p in sys.argv[1:3])
assert cpu, "no CPU candidates"
assert len(cpu) == len(gpu), f"{len(cpu)} CPU candidates, {len(gpu)} GPU candidates"
key = lambda r: tuple(round(float(r[k])) for k in ("motor_z", "motor_y", "motor_x"))
gpu_at = {key(b): float(b["conf"]) for b in gpu}
worst = 0.0
for a in cpu:
    assert key(a) in gpu_at, f"CPU peak {key(a)} (conf {a['conf']}) has no GPU candidate at the same place"
    worst = max(worst, abs(float(a["conf"]) - gpu_at[key(a)]))
assert worst <= 1e-3, f"confidences differ by up to {worst:.2e} (> 1e-3)"
print(f"same {len(cpu)} peaks; confidences differ by at most {worst:.2e}")
PY
