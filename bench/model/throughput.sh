#!/usr/bin/env bash
# Training-step throughput of MotorPick presets: TorchSharp (ModelBench) vs Debian python3-torch (torch_bench.py).
#   bench/model/throughput.sh [patch] [batch] [threads] [iters]
set -euo pipefail
cd "$(dirname "$0")/../.."
PATCH=${1:-64,128,128}; BATCH=${2:-2}; THREADS=${3:-2}; ITERS=${4:-10}
dotnet build -c Release bench/model/ModelBench -v q > /dev/null
B=bench/model/ModelBench/bin/Release/net10.0/linux-x64/ModelBench
for preset in tiny x3d-m; do
  for round in 1 2; do
    $B --preset "$preset" --patch "$PATCH" --batch "$BATCH" --threads "$THREADS" --iters "$ITERS" --warmup 2
    /usr/bin/python3 bench/model/torch_bench.py --preset "$preset" --patch "$PATCH" --batch "$BATCH" --threads "$THREADS" --iters "$ITERS" --warmup 2
  done
done
