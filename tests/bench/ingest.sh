#!/usr/bin/env bash
# Benchmarks pm-ingest and the history store (not a timed test; prints figures to compare).
#  1. pm-ingest storing 1M generated records (~150 MB), beside `jq -c .` re-printing the same
#     file, in the same run: MB/s, ratio, peak memory. Canonical input (what pm-sample writes)
#     and loose input (epoch times, unsorted tags, blanks: every line re-serialised).
#  2. Reading the last hour from a store holding a year and from one holding a day.
# Usage: tests/bench/ingest.sh [BUILD_DIR]   (default: build; needs python3, jq, GNU time)
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
bin="$build/bin"
work=$(mktemp -d "${TMPDIR:-/tmp}/pm-bench-ingest.XXXXXX")
trap 'rm -rf "$work"' EXIT
count=${PM_BENCH_RECORDS:-1000000}

measure() { # measure LABEL COMMAND... : prints "LABEL  seconds  user  sys  peak KB"
  local label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > /dev/null 2> "$work/stderr" || true
  read -r elapsed user sys peak < "$work/time"
  printf '%-34s %7.2f s wall  %6.2f s cpu  %8d KB peak\n' "$label" "$elapsed" "$(echo "$user + $sys" | bc)" "$peak"
  echo "$elapsed $(echo "$user + $sys" | bc)" > "$work/last"
}

echo "== generating $count records"
python3 "$src/tests/bench/gen_records.py" --count "$count" > "$work/canonical.ndjson"
python3 "$src/tests/bench/gen_records.py" --count "$count" --style loose > "$work/loose.ndjson"
size=$(stat -c %s "$work/canonical.ndjson")
loose_size=$(stat -c %s "$work/loose.ndjson")
mb=$(echo "scale=1; $size / 1000000" | bc)
echo "canonical: $mb MB, $(echo "$size / $count" | bc) bytes/record; loose: $(echo "scale=1; $loose_size / 1000000" | bc) MB"
echo
echo "== 1. storing $count records"
now=2026-11-22T00:00:00Z
measure "pm-ingest (canonical input)" "$bin/pm-ingest" -H "$work/store1" --now "$now" "$work/canonical.ndjson"
read -r ingest_wall ingest_cpu < "$work/last"
tail -1 "$work/stderr"
measure "pm-ingest (loose input)" "$bin/pm-ingest" -H "$work/store2" --now "$now" "$work/loose.ndjson"
read -r loose_wall loose_cpu < "$work/last"
measure "jq -c . (re-print only)" jq -c . "$work/canonical.ndjson"
read -r jq_wall jq_cpu < "$work/last"
echo
printf 'pm-ingest canonical: %6.0f MB/s wall, %6.0f MB/s per cpu second; %5.1fx faster than jq (wall), %5.1fx (cpu)\n' \
  "$(echo "$size / 1000000 / $ingest_wall" | bc -l)" "$(echo "$size / 1000000 / $ingest_cpu" | bc -l)" \
  "$(echo "$jq_wall / $ingest_wall" | bc -l)" "$(echo "$jq_cpu / $ingest_cpu" | bc -l)"
printf 'pm-ingest loose:     %6.0f MB/s wall, %6.0f MB/s per cpu second; %5.1fx faster than jq (wall), %5.1fx (cpu)\n' \
  "$(echo "$loose_size / 1000000 / $loose_wall" | bc -l)" "$(echo "$loose_size / 1000000 / $loose_cpu" | bc -l)" \
  "$(echo "$jq_wall / $loose_wall" | bc -l)" "$(echo "$jq_cpu / $loose_cpu" | bc -l)"
cmp -s <(cat "$work"/store1/*/*.ndjson | jq -c .) <(cat "$work"/store2/*/*.ndjson | jq -c .) &&
  echo "both stores hold the same records" || echo "WARNING: the two stores differ"
echo

echo "== 2. reading the last hour: a store holding a year vs one holding a day"
c++ -O2 -std=c++20 -I"$src" "$src/tests/bench/store_read.cpp" "$build/libpm/libpm.a" -lsimdjson -o "$work/store_read"
# 200 records per hour, a year (8760 segments) and a day (24 segments), both ending 2026-11-22T12:00Z.
python3 "$src/tests/bench/gen_records.py" --count $((200 * 24 * 365)) --start 2025-11-22T12:00:00Z --span $((3600 * 24 * 365)) |
  "$bin/pm-ingest" -H "$work/year" --retention 400d --now 2026-11-22T12:00:00Z 2> /dev/null
python3 "$src/tests/bench/gen_records.py" --count $((200 * 24)) --start 2026-11-21T12:00:00Z --span $((3600 * 24)) |
  "$bin/pm-ingest" -H "$work/day" --retention 400d --now 2026-11-22T12:00:00Z 2> /dev/null
echo "year store: $(find "$work/year" -name '*.ndjson' | wc -l) segments, $(du -sh "$work/year" | cut -f1); day store: $(find "$work/day" -name '*.ndjson' | wc -l) segments"
for store in year day; do
  printf '%-5s last hour:  ' "$store"
  "$work/store_read" "$work/$store" 2026-11-22T11:00:00Z 2026-11-22T12:00:00Z 200
done
printf 'year  everything: '
"$work/store_read" "$work/year" 2025-11-22T00:00:00Z 2026-11-23T00:00:00Z 1
