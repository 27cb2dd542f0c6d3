#!/usr/bin/env bash
# Benchmark of a series explosion: SERIES distinct series (one container id each, one record
# each) through pm-report, pm-alert (a value rule, and a windowed rule with --state) and
# pm-predict, with peak RSS and wall time of each: what --max-series (default 100000) bounds.
#
#   tests/bench/series.sh [BUILD_DIR] [SERIES] [-- EXTRA OPTIONS for every tool]
#                                              (defaults: build, 1000000)
#
# Needs python3 and GNU time (/usr/bin/time). The generated file is cached in
# ${PM_BENCH_DIR:-/tmp/pm-bench}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-$here/../../build}/bin" && pwd)
series=${2:-1000000}
shift $(($# < 2 ? $# : 2))
[ "${1:-}" = "--" ] && shift
dir=${PM_BENCH_DIR:-/tmp/pm-bench}
mkdir -p "$dir"
data=$dir/series-$series.ndjson
if [ ! -s "$data" ]; then
  echo "generating $series series into $data" >&2
  python3 "$here/gen_series.py" --series "$series" > "$data.tmp"
  mv "$data.tmp" "$data"
fi
export TZ=UTC LC_ALL=C NO_COLOR=1
measure() { # NAME COMMAND...: prints NAME, exit status, wall time, peak RSS
  local name=$1 log status
  shift
  log=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$log" "$@" > /dev/null 2> "$dir/series-$name.err" && status=0 || status=$?
  read -r wall rss < "$log"
  printf '%-28s exit %d  %7.2f s  %8.1f MB\n' "$name" "$status" "$wall" "$(echo "$rss / 1024" | bc -l)"
  rm -f "$log"
}
state=$dir/series-$series.state
rm -f "$state"
measure pm-report "$bin/pm-report" --now 2026-11-22T11:00Z "$@" "$data"
measure pm-alert "$bin/pm-alert" --no-alert-history -r 'big: container.memory.usage > 149000000' "$@" "$data"
measure "pm-alert windowed --state" "$bin/pm-alert" --no-alert-history --state "$state" \
  -r 'big: avg(container.memory.usage) over 5m > 149000000' "$@" "$data"
printf '%-28s %s bytes\n' "  its --state file" "$(stat -c %s "$state" 2>/dev/null || echo none)"
measure pm-predict "$bin/pm-predict" "$@" "$data"
