#!/usr/bin/env bash
# Synthetic-data benchmark: generation speed of a competition-size tomogram, then naive-detector and
# matched-filter F2 on the bench preset. Usage: bench/synthetic/run.sh [--count 200] [--seed 1] [--out DIR] [--threads N] [--skip-speed]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project bench/synthetic/MotorPick.Bench.Synthetic.csproj -- "$@"
