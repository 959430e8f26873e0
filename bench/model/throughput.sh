#!/usr/bin/env bash
# Training-step throughput of MotorPick presets: TorchSharp (ModelBench) vs Debian python3-torch (torch_bench.py).
#   bench/model/throughput.sh [patch] [batch] [threads] [iters] [warmup]     (defaults 64,128,128 2 2 20 40)
# Both engines get the same warm-up steps before timing. .NET needs them: its tiered JIT recompiles the hot methods in
# a background thread during the first ~30 steps, which on 2 cores steals time from libtorch's threads (with 3 warm-up
# steps the tiny preset measured 90 ms a step instead of its steady 78 ms).
# MotorPick verifies its fast kernels on this machine first (kernel probe): kernels_fell_back > 0 means some run on the
# plain path here. The table at the end names the CPU: a ratio holds for the machine it was measured on.
set -euo pipefail
cd "$(dirname "$0")/../.."
PATCH=${1:-64,128,128}; BATCH=${2:-2}; THREADS=${3:-2}; ITERS=${4:-20}; WARMUP=${5:-40}
dotnet build -c Release bench/model/ModelBench -v q > /dev/null
B=bench/model/ModelBench/bin/Release/net10.0/linux-x64/ModelBench
log=$(mktemp)
for preset in tiny x3d-m; do
  for round in 1 2; do
    $B --preset "$preset" --patch "$PATCH" --batch "$BATCH" --threads "$THREADS" --iters "$ITERS" --warmup "$WARMUP" | tee -a "$log"
    /usr/bin/python3 bench/model/torch_bench.py --preset "$preset" --patch "$PATCH" --batch "$BATCH" --threads "$THREADS" --iters "$ITERS" --warmup "$WARMUP" | tee -a "$log"
  done
done
cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
isa=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -xE 'avx2|fma|avx512f|avx512bw|avx512vl|avx512_vnni|avx512_bf16|avx512_fp16|amx_tile' | tr '\n' ' ')
echo
echo "CPU: $cpu, $(nproc) cores; ISA: $isa"
echo "patch $PATCH, batch $BATCH, $THREADS threads, $WARMUP warm-up + $ITERS timed steps (mean ms per training step)"
awk '
  function field(name,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } return "" }
  /^engine=torchsharp/ { p = field("preset"); ours[p, ++n[p]] = field("step_ms_mean"); fb[p] = field("kernels_fell_back"); fast[p] = field("kernels_fast"); plain[p] = field("kernels_plain") }
  /^engine=pytorch/    { p = field("preset"); theirs[p, ++m[p]] = field("step_ms_mean") }
  END {
    printf "| preset | round | MotorPick ms | PyTorch ms | ratio (PyTorch / MotorPick) | kernels channels-last / plain / fell back |\n|---|---|---|---|---|---|\n"
    split("tiny x3d-m", presets, " ")
    for (k = 1; k <= 2; k++) { p = presets[k]
      for (r = 1; r <= n[p]; r++) printf "| %s | %d | %.1f | %.1f | %.2f | %s / %s / %s |\n", p, r, ours[p, r], theirs[p, r], theirs[p, r] / ours[p, r], fast[p], plain[p], fb[p] }
  }' "$log"
rm -f "$log"
