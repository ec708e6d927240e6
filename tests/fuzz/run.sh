#!/usr/bin/env bash
# Fuzzes every target for a bounded time: each starts from its seeds (corpus/<target>/, slices of the
# real files in SHARED_DIR when present) and its kept crash inputs (regressions/<target>/), all run
# first, then mutates them for SECONDS. A crash, leak, sanitizer report, broken property or input
# slower than 10 s fails the run; its input is left in BUILD_DIR/fuzz-artifacts/<target>/ and
# printed in base64 for the log.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET=60] [SHARED_DIR=../shared] [TARGET...]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "$1" && pwd)"
seconds="${2:-60}"
shared="${3:-$here/../../../shared}"
shift $(( $# < 3 ? $# : 3 ))
targets=("$@")
((${#targets[@]})) || targets=(fuzz_csv_rows fuzz_dates fuzz_name_match fuzz_project fuzz_boundaries)

work="$build/fuzz-corpus"  # first corpus folder: libFuzzer adds the inputs it finds there
if [[ -d "$shared" ]]; then
  rm -rf "$work"
  python3 "$here/seed_from_shared.py" "$shared" "$work"
fi
export LSAN_OPTIONS="suppressions=$here/../sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1"

failed=()
for target in "${targets[@]}"; do
  rm -rf "$build/fuzz-artifacts/$target"
  mkdir -p "$work/$target" "$build/fuzz-artifacts/$target"
  inputs=("$work/$target" "$here/corpus/$target")
  [[ -d "$here/regressions/$target" ]] && inputs+=("$here/regressions/$target")
  echo "== $target: ${seconds}s =="
  start=$SECONDS
  if "$build/tests/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
       -dict="$here/dicts/$target.dict" -artifact_prefix="$build/fuzz-artifacts/$target/" "${inputs[@]}" \
       > "$build/fuzz-artifacts/$target.log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$build/fuzz-artifacts/$target.log" | tr '\n' ' '
    echo "($((SECONDS - start)) s)"
  else
    failed+=("$target")
    tail -n 60 "$build/fuzz-artifacts/$target.log"
    for artifact in "$build/fuzz-artifacts/$target"/*; do
      [[ -f "$artifact" ]] || continue
      echo "-- input $(basename "$artifact") (base64; keep it in tests/fuzz/regressions/$target/ once fixed):"
      base64 -w 120 "$artifact" | head -n 40
    done
  fi
done
if ((${#failed[@]})); then
  echo "fuzzing found problems in: ${failed[*]}"
  exit 1
fi
echo "fuzzing: ${#targets[@]} targets, ${seconds} s each, nothing found"
