#!/usr/bin/env bash
# Benchmark of pm-report's full summary (count, mean, p50/p95/p99 per series) against Miller
# and jq on the same generated records, in the same run; and peak memory on 10M records.
#
#   tests/bench/report.sh [BUILD_DIR] [RECORDS]      (defaults: build, 1000000)
#
# Needs python3, mlr (Miller 6) and jq. Prints wall and CPU time and peak RSS of each, and
# the ratios. The generated file is cached in ${PM_BENCH_DIR:-/tmp/pm-bench}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-$here/../../build}/bin" && pwd)
records=${2:-1000000}
dir=${PM_BENCH_DIR:-/tmp/pm-bench}
mkdir -p "$dir"
data=$dir/report-$records.ndjson
if [ ! -s "$data" ]; then
  echo "generating $records records into $data" >&2
  python3 "$here/gen_report.py" --records "$records" --step-ms 1 --modules 6 --hosts 4 > "$data.tmp"
  mv "$data.tmp" "$data"
fi
echo "input: $data ($(wc -l < "$data") records, $(du -hL "$data" | cut -f1))"

# measure NAME COMMAND...: runs it once, stdout to $dir/NAME.out; prints seconds, user s, KB.
measure() {
  local name=$1
  shift
  /usr/bin/time -f '%e %U %M' -o "$dir/$name.time" "$@" > "$dir/$name.out"
  read -r wall user kb < "$dir/$name.time"
  printf '%-28s %8.2f s wall %8.2f s cpu %10d KB peak\n' "$name" "$wall" "$user" "$kb"
  echo "$wall" > "$dir/$name.wall"
}

# measure_median NAME RUNS COMMAND...: pm-report takes well under a second, where one run on a
# shared machine can be off by half: the median of RUNS runs, with the range beside it.
measure_median() {
  local name=$1 runs=$2 i
  shift 2
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %U %M' -o "$dir/$name.time.$i" "$@" > "$dir/$name.out"
  done
  sort -n "$dir/$name.time".* > "$dir/$name.times"
  rm -f "$dir/$name.time".*
  read -r wall user kb < <(sed -n "$(((runs + 1) / 2))p" "$dir/$name.times")
  printf '%-28s %8.2f s wall %8.2f s cpu %10d KB peak   (median of %d, %s-%s s)\n' "$name" "$wall" "$user" "$kb" \
    "$runs" "$(head -n 1 "$dir/$name.times" | cut -d' ' -f1)" "$(tail -n 1 "$dir/$name.times" | cut -d' ' -f1)"
  echo "$wall" > "$dir/$name.wall"
}

measure_median pm-report 7 "$bin/pm-report" -f csv "$data"
measure_median parse-only 7 "$bin/pm-report" -f csv --metric 'no.such.metric' "$data"
# The same report as a CI gate: --fail-on keeps summaries and sketches, not the records.
measure_median pm-report-fail-on 7 "$bin/pm-report" -f csv "$data" \
  --fail-on 'p95(api.request.duration) by (module) > 5' --fail-on 'error_rate(api.request.duration) > 0.5' \
  --fail-on 'avg(api.request.duration) over 5m > 5'
# shellcheck disable=SC2016 # Miller's and jq's own $variables
measure miller mlr --ijson --ocsv put '$series = $name . "{" . joinkv($tags, "=", ",") . "}"' \
  'then' stats1 -a count,mean,p50,p95,p99 -f value -g series "$data"
# jq 1.6 copies an array each time `.[$k] += [$v]` grows it (quadratic: 450 s for 100,000 of
# these records), so the reduce appends [series, value] pairs to one array, which jq extends in
# place, and groups them afterwards: the fastest jq reduce found for these statistics.
# shellcheck disable=SC2016
measure jq jq -n -r 'reduce inputs as $r ([]; . + [[$r.name + ($r.tags | tostring), $r.value]])
  | group_by(.[0])[] | (map(.[1]) | sort) as $v | ($v | length) as $n
  | [.[0][0], $n, ($v | add / $n), $v[($n * 0.5 | ceil) - 1], $v[($n * 0.95 | ceil) - 1], $v[($n * 0.99 | ceil) - 1]]
  | @csv' "$data"

echo
echo "series: pm-report $(($(wc -l < "$dir/pm-report.out") - 1)), miller $(($(wc -l < "$dir/miller.out") - 1)), jq $(wc -l < "$dir/jq.out")"
awk -v p="$(cat "$dir/pm-report.wall")" -v m="$(cat "$dir/miller.wall")" -v j="$(cat "$dir/jq.wall")" \
  -v q="$(cat "$dir/parse-only.wall")" 'BEGIN {
  if (p <= 0) p = 0.01
  printf "pm-report %.2f s (reading and parsing alone, no series selected: %.2f s); Miller %.1fx slower, jq %.1fx slower\n", p, q, m / p, j / p
  printf "targets: <= 0.5 s %s, >= 20x Miller %s, >= 40x jq %s\n", (p <= 0.5 ? "met" : "NOT met"),
    (m / p >= 20 ? "met" : "NOT met"), (j / p >= 40 ? "met" : "NOT met")
}'
read -r _ _ plain_kb < <(sed -n 4p "$dir/pm-report.times")
read -r _ _ gate_kb < <(sed -n 4p "$dir/pm-report-fail-on.times")
awk -v p="$(cat "$dir/pm-report.wall")" -v g="$(cat "$dir/pm-report-fail-on.wall")" -v pk="$plain_kb" -v gk="$gate_kb" 'BEGIN {
  if (p <= 0) p = 0.01
  printf "--fail-on: %.2fx the time, %.2fx the peak memory of the plain report (targets <= 1.3x %s, <= 2x %s)\n",
    g / p, gk / pk, (g / p <= 1.3 ? "met" : "NOT met"), (gk / pk <= 2 ? "met" : "NOT met")
}'

echo
echo "peak memory on 10x the input ($((records * 10)) records through a pipe):"
measure pm-report-10x bash -c "for i in 1 2 3 4 5 6 7 8 9 10; do cat '$data'; done | '$bin/pm-report' -f csv"
measure pm-report-10x-small-budget bash -c "for i in 1 2 3 4 5 6 7 8 9 10; do cat '$data'; done | '$bin/pm-report' -f csv --exact-limit 65536"
