#!/usr/bin/env bash
# Training-step throughput of MotorPick presets: TorchSharp (ModelBench) vs Debian python3-torch (torch_bench.py).
#   bench/model/throughput.sh [patch] [batch] [threads] [iters] [warmup]     (defaults 64,128,128 2 2 20 40)
# Both engines get the same warm-up steps before timing. .NET needs them: its tiered JIT recompiles the hot methods in
# a background thread during the first ~30 steps, which on 2 cores steals time from libtorch's threads (with 3 warm-up
# steps the tiny preset measured 90 ms a step instead of its steady 78 ms).
set -euo pipefail
cd "$(dirname "$0")/../.."
PATCH=${1:-64,128,128}; BATCH=${2:-2}; THREADS=${3:-2}; ITERS=${4:-20}; WARMUP=${5:-40}
dotnet build -c Release bench/model/ModelBench -v q > /dev/null
B=bench/model/ModelBench/bin/Release/net10.0/linux-x64/ModelBench
for preset in tiny x3d-m; do
  for round in 1 2; do
    $B --preset "$preset" --patch "$PATCH" --batch "$BATCH" --threads "$THREADS" --iters "$ITERS" --warmup "$WARMUP"
    /usr/bin/python3 bench/model/torch_bench.py --preset "$preset" --patch "$PATCH" --batch "$BATCH" --threads "$THREADS" --iters "$ITERS" --warmup "$WARMUP"
  done
done
