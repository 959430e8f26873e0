#!/usr/bin/env bash
# Issue 7 engine and overhead benchmark for one preset, every engine in the same run on the same machine:
#   bench/inference/engines.sh [preset=tiny] [iters=2] [rounds=2]
# 1. forward time of one 224x448x448 window: TorchSharp, ONNX Runtime (MotorPick's own export, as `train` writes it)
#    and PyTorch (Debian python3-torch), alternating for `rounds` rounds, outputs compared with PyTorch's;
# 2. the whole pipeline on a 300x960x928 tomogram at 15.6 A with the ONNX engine: overhead vs model compute.
set -euo pipefail
cd "$(dirname "$0")/../.."
PRESET=${1:-tiny}; ITERS=${2:-2}; ROUNDS=${3:-2}
OUT=bench/out/inference/$PRESET
dotnet build -c Release bench/inference/InferenceBench -v q > /dev/null
B=bench/inference/InferenceBench/bin/Release/net10.0/linux-x64/InferenceBench
[ -f "$OUT/$PRESET.json" ] || $B checkpoint --preset "$PRESET" --out "$OUT"
[ -f "$OUT/$PRESET.onnx" ] || $B export --model "$OUT/$PRESET.json" --out "$OUT/$PRESET.onnx"
for round in $(seq "$ROUNDS"); do
  echo "== round $round"
  $B forward --engine torch --model "$OUT/$PRESET.json" --iters "$ITERS" --dump "$OUT/torch.bin"
  $B forward --engine onnx --model "$OUT/$PRESET.onnx" --iters "$ITERS"
  /usr/bin/python3 bench/inference/torch_forward.py --preset "$PRESET" --weights "$OUT/$PRESET.pt" --iters "$ITERS" --compare "$OUT/torch.bin"
done
echo "== pipeline"
$B pipeline --engine onnx --model "$OUT/$PRESET.onnx" --shape 300,960,928 --spacing 15.6
