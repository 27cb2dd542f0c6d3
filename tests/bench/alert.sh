#!/bin/sh
# Benchmark of pm-alert: N records (default 1M, and 5M for the memory bound) through the 100
# rules of gen_alert.py, state written at the end, beside jq doing a single threshold filter
# on the same file. Prints records/s, peak memory and ratios.
# Usage: tests/bench/alert.sh [BUILD_DIR]   (default: build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-$here/../../build}/bin" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# measure LABEL N RUNS COMMAND...: runs COMMAND RUNS times, each from no state file (a run on a
# shared machine can be off by half), and prints the median run's seconds, rate and peak
# memory, with the range of wall times.
measure() {
  label=$1 n=$2 runs=$3
  shift 3
  : > "$work/times"
  i=0
  while [ "$i" -lt "$runs" ]; do
    rm -f "$work/state.json"
    status=0
    /usr/bin/time -f '%e %U %M' -o "$work/time" "$@" > /dev/null 2> "$work/err" || status=$?
    if [ "$status" -gt "$max_status" ]; then
      echo "$label: $1 failed with status $status:" >&2
      cat "$work/err" >&2
      exit 1
    fi
    tail -n 1 "$work/time" >> "$work/times"
    i=$((i + 1))
  done
  sort -n "$work/times" > "$work/sorted"
  read -r wall user kb <<EOF_TIME
$(sed -n "$(((runs + 1) / 2))p" "$work/sorted")
EOF_TIME
  # records per second of wall time: pm reads and parses on a second thread, so its CPU time
  # (user, both threads) exceeds the wall time
  rate=$(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.0f", n / (w > 0 ? w : 0.01) }')
  printf '%-34s %9s %8s s wall %7s s cpu %12s rec/s %8s KB  (median of %s, %s-%s s)\n' "$label" "$n" "$wall" "$user" \
    "$rate" "$kb" "$runs" "$(head -n 1 "$work/sorted" | cut -d' ' -f1)" "$(tail -n 1 "$work/sorted" | cut -d' ' -f1)"
  echo "$rate" > "$work/rate.$label"
}

for n in 1000000 5000000; do
  python3 "$here/gen_alert.py" "$n" --rules-out "$work/rules.json" > "$work/data.ndjson"
  echo "== $n records, $(wc -c < "$work/data.ndjson") bytes, 100 rules"
  max_status=2 # pm-alert exits 1 or 2 while alerts fire; more is a failed run
  measure "pm-alert-$n" "$n" 5 "$bin/pm-alert" --rules "$work/rules.json" --no-alert-history \
    --state "$work/state.json" --now 2026-11-23T00:00:00Z "$work/data.ndjson"
  echo "   state file: $(wc -c < "$work/state.json") bytes"
  max_status=3 # reading alone: a rule that sees no data is UNKNOWN
  measure "pm-alert-one-rule-$n" "$n" 3 "$bin/pm-alert" --rule 'r: nothing.matches > 1' --no-alert-history \
    --now 2026-11-23T00:00:00Z "$work/data.ndjson"
  if command -v jq > /dev/null; then
    max_status=0
    measure "jq-threshold-$n" "$n" 1 jq -c 'select(.value > 99.9)' "$work/data.ndjson"
    awk -v a="$(cat "$work/rate.pm-alert-$n")" -v b="$(cat "$work/rate.jq-threshold-$n")" \
      'BEGIN { printf "   pm-alert (100 rules) / jq (one filter): %.1fx records/s\n", a / b }'
  fi
done
