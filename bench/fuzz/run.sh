#!/usr/bin/env bash
# Coverage-guided fuzzing of one MotorPick parser family with AFL++ and SharpFuzz (not part of the test run).
#   bench/fuzz/run.sh <harness> <seconds> [jobs]
# harness: mrc zarr npy jpeg csv split ndjson star cvat. jobs: parallel AFL instances (default 1; one core each).
# Installs afl++ (Debian) and the SharpFuzz.CommandLine dotnet tool if missing, builds the harness, instruments the
# MotorPick assemblies, seeds the corpus (tests/fixtures + generated inputs + earlier findings), fuzzes for <seconds>,
# then prints executions, exec/s, coverage and crashes, and replays every crash to show its exception.
# Work files: ${MOTORPICK_FUZZ_DIR:-/tmp/motorpick-fuzz}/<harness>/ (findings/ holds AFL's output: crashes/, hangs/, queue/).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <harness> <seconds> [jobs]" >&2
  exit 2
fi
HARNESS=$1
SECONDS_TO_RUN=$2
JOBS=${3:-1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${MOTORPICK_FUZZ_DIR:-/tmp/motorpick-fuzz}
SHARPFUZZ_VERSION=2.3.0
export PATH="$PATH:$HOME/.dotnet/tools"

# --- tools -------------------------------------------------------------------------------------------------
if ! command -v afl-fuzz >/dev/null; then
  echo "== installing afl++ (apt)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
if ! command -v sharpfuzz >/dev/null; then
  echo "== installing SharpFuzz.CommandLine $SHARPFUZZ_VERSION (dotnet tool)"
  dotnet tool install --global SharpFuzz.CommandLine --version "$SHARPFUZZ_VERSION" >/dev/null
fi

# --- build once (shared by concurrent runs: serialised by a lock), then an instrumented copy per harness --------
mkdir -p "$WORK"
PLAIN=$WORK/build/plain
(
  flock 9
  echo "== building bench/fuzz/MotorPick.Fuzz (Release)"
  dotnet build "$ROOT/bench/fuzz/MotorPick.Fuzz" -c Release -o "$PLAIN" -nologo -v q -clp:ErrorsOnly
) 9>"$WORK/build.lock"
dotnet "$PLAIN/MotorPick.Fuzz.dll" list | grep -qx "$HARNESS" || { echo "unknown harness '$HARNESS'" >&2; exit 2; }

H=$WORK/$HARNESS
BIN=$H/bin
rm -rf "$BIN" && mkdir -p "$H" && cp -r "$PLAIN" "$BIN"
echo "== instrumenting MotorPick assemblies"
for a in Core Formats Labels Interop Curation; do
  sharpfuzz "$BIN/MotorPick.$a.dll" >/dev/null
done

# --- corpus: fixtures + generated inputs + what earlier runs found ----------------------------------------------
SEEDS=$H/seeds
rm -rf "$SEEDS"
dotnet "$PLAIN/MotorPick.Fuzz.dll" seeds "$HARNESS" "$SEEDS" "$ROOT/tests/fixtures"
# Committed regression inputs are the parser's own files for these harnesses (zarr and cvat pack theirs in 'seeds').
if [[ -d "$ROOT/tests/fixtures/fuzz/$HARNESS" && ! "$HARNESS" =~ ^(zarr|cvat)$ ]]; then
  find "$ROOT/tests/fixtures/fuzz/$HARNESS" -maxdepth 1 -type f ! -name 'README*' -exec cp {} "$SEEDS/" \;
fi
if [[ -d "$H/findings" ]]; then
  for q in "$H"/findings/*/queue; do
    find "$q" -maxdepth 1 -type f -size -64k -exec cp {} "$SEEDS/" \; 2>/dev/null || true
  done
  rm -rf "$H/findings.prev" && mv "$H/findings" "$H/findings.prev"
fi
echo "== $(ls "$SEEDS" | wc -l) seed inputs"

# --- fuzz ----------------------------------------------------------------------------------------------------
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
OUT=$H/findings
CMD=(dotnet "$BIN/MotorPick.Fuzz.dll" "$HARNESS")
# A dictionary of the format's tokens (field names, magic words): most parsing happens in uninstrumented framework code
# (System.Text.Json, XmlReader), so AFL cannot discover these words by coverage alone.
case $HARNESS in
  split | ndjson | zarr) DICT=json ;; cvat) DICT=xml ;; jpeg) DICT= ;; *) DICT=$HARNESS ;;
esac
DICT_ARGS=()
[[ -n "$DICT" && -f "$ROOT/bench/fuzz/dict/$DICT.dict" ]] && DICT_ARGS=(-x "$ROOT/bench/fuzz/dict/$DICT.dict")
echo "== fuzzing '$HARNESS' for ${SECONDS_TO_RUN}s with $JOBS job(s); logs in $H/afl-*.log"
pids=()
for ((j = 0; j < JOBS; j++)); do
  role=(-S "s$j"); [[ $j -eq 0 ]] && role=(-M main)
  afl-fuzz "${role[@]}" "${DICT_ARGS[@]}" -V "$SECONDS_TO_RUN" -i "$SEEDS" -o "$OUT" -t 10000 -m none -- "${CMD[@]}" >"$H/afl-$j.log" 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || echo "afl-fuzz $p exited with $?" >&2; done

# --- report --------------------------------------------------------------------------------------------------
stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$2"; }
total_execs=0; total_crashes=0; total_hangs=0
for s in "$OUT"/*/fuzzer_stats; do
  inst=$(basename "$(dirname "$s")")
  e=$(stat execs_done "$s"); c=$(stat saved_crashes "$s"); hg=$(stat saved_hangs "$s")
  printf '%-6s run_time=%ss execs=%s exec/s=%s corpus(paths)=%s edges=%s/%s crashes=%s hangs=%s\n' "$inst" \
    "$(stat run_time "$s")" "$e" "$(stat execs_per_sec "$s")" "$(stat corpus_count "$s")" \
    "$(stat edges_found "$s")" "$(stat total_edges "$s")" "$c" "$hg"
  total_execs=$((total_execs + e)); total_crashes=$((total_crashes + c)); total_hangs=$((total_hangs + hg))
done
echo "TOTAL $HARNESS: seconds=$SECONDS_TO_RUN jobs=$JOBS execs=$total_execs crashes=$total_crashes hangs=$total_hangs"
crash_files=$(find "$OUT" -path '*/crashes/id:*' -type f 2>/dev/null | sort)
if [[ -n "$crash_files" ]]; then
  echo "== replaying crashes (uninstrumented build)"
  # shellcheck disable=SC2086
  dotnet "$PLAIN/MotorPick.Fuzz.dll" replay "$HARNESS" $crash_files | cut -c1-600 || true
fi
