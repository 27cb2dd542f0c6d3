#!/bin/sh
# Throughput of pm's format parsers (the pm-ingest hot path) beside reference parsers of the
# same formats, in the same run: promtool (Prometheus text), Python's csv module (CSV) and
# jq (NDJSON). Usage: tests/bench/formats.sh [SAMPLES] (default 1000000) from the source
# root after a build in ./build.
set -eu
samples=${1:-1000000}
build=${PM_BUILD:-build}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 "$(dirname "$0")/gen_formats.py" "$dir" "$samples"
ls -l "$dir"
timed() { /usr/bin/time -f '%e s %M KB' "$@"; }
echo "== pm parsers (read_lines + LineParser), peak memory after each"
for f in prometheus:prom influx:lp csv:csv ndjson:ndjson; do
  PM_BENCH_FORMAT=${f%%:*} PM_BENCH_FILE="$dir/bench.${f#*:}" \
    timed "$build/tests/pm_unit_tests" "format parser throughput" 2>&1 | grep -E 'MB/s|KB$'
done
echo "== reference tools on the same files"
printf 'promtool check metrics (prometheus): '
timed sh -c "promtool check metrics < '$dir/bench.prom' >/dev/null 2>&1 || true" 2>&1 | tail -1
printf 'python3 csv.reader (csv):            '
timed python3 -c "import csv,sys; n=sum(1 for _ in csv.reader(open(sys.argv[1]))); print(n, 'rows')" "$dir/bench.csv" 2>&1 | tr '\n' ' '; echo
printf 'jq -c . (ndjson):                    '
timed sh -c "jq -c . '$dir/bench.ndjson' >/dev/null" 2>&1 | tail -1
