#!/usr/bin/env bash
# Benchmark of pm-predict --anomalies on labelled series, beside a Python rolling z-score:
# 1. detection: every method (zscore robust ewma seasonal context auto) and the Python
#    reference over gen_anomaly.py's labelled set (shapes x PER_SHAPE seeds + series without
#    an anomaly), scored by score_anomaly.py: precision, recall, F1, delay from the true onset
#    and the NAB-like windowed score (the metric is described in score_anomaly.py).
# 2. speed: pm-predict --anomalies (default method) on SERIES x POINTS points (default
#    200 x 5000 = 1M), batch, --method zscore and --follow through a pipe, median of 3 runs interleaved with
#    zscore_reference.py on the same data: wall, CPU, peak RSS, cost per point.
# Usage: tests/bench/anomaly.sh [BUILD_DIR] [SERIES] [POINTS]   (default: build 200 5000)
# PM_PREDICT=/path overrides $BUILD_DIR/bin/pm-predict; PM_BENCH_PER_SHAPE (default 4) sets the
# labelled set's size; PM_BENCH_PY_LINES=N runs the Python reference on the first N lines of
# the speed file only, its times then scaled to all points (default: all lines).
# Data are cached in ${PM_BENCH_DIR:-/tmp/pm-bench}, keyed by the generator's checksum.
# Exit status: 1 when pm-predict fails (or is missing), 0 otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
pm=${PM_PREDICT:-$build/bin/pm-predict}
series=${2:-200}
points=${3:-5000}
per_shape=${PM_BENCH_PER_SHAPE:-4}
py_lines=${PM_BENCH_PY_LINES:-0}
cache=${PM_BENCH_DIR:-/tmp/pm-bench}
py=/usr/bin/python3
if [ ! -x "$pm" ]; then
  echo "anomaly.sh: no executable pm-predict at $pm (give BUILD_DIR or PM_PREDICT)" >&2
  exit 1
fi
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

fail() { # STATUS WHAT: report pm-predict's failure with its stderr, exit 1
  echo "anomaly.sh: $2 failed with status $1; its stderr:" >&2
  sed -n 1,20p "$work/err" >&2
  exit 1
}

gen_sum=$(cksum < "$here/gen_anomaly.py" | cut -d' ' -f1)
lab="$cache/anomaly-labelled-$per_shape-$gen_sum"
if [ ! -s "$lab/anomaly.ndjson" ]; then
  "$py" "$here/gen_anomaly.py" labelled --out "$lab" --per-shape "$per_shape" --csv 2> "$work/gen"
fi
data="$lab/anomaly.ndjson"
"$py" "$here/score_anomaly.py" --self-test > /dev/null
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo "== detection: $(wc -l < "$data") points of labelled series ($lab)"

runs=()
: > "$work/method-times"
for m in zscore robust ewma seasonal context auto; do
  status=0
  /usr/bin/time -f '%e %U %M' -o "$work/time" "$pm" --anomalies --method "$m" "$data" > "$work/$m.out" 2> "$work/err" || status=$?
  [ "$status" -eq 0 ] || fail "$status" "pm-predict --anomalies --method $m"
  if [ -s "$work/err" ]; then
    echo "   pm-predict --method $m wrote $(wc -l < "$work/err") stderr lines, the first: $(head -n 1 "$work/err")"
  fi
  printf '%s %s\n' "$m" "$(tail -n 1 "$work/time")" >> "$work/method-times"
  runs+=("$m=$work/$m.out")
done
"$py" "$here/zscore_reference.py" "$data" > "$work/zscore-py.out"
runs+=("zscore-py=$work/zscore-py.out")
"$py" "$here/score_anomaly.py" --labels "$lab/labels.json" --by-shape --default auto "${runs[@]}"
echo "(zscore-py: zscore_reference.py, window 100, |z| > 3, rest 100 points; pm-predict wall per method:"
awk '{ printf "%s%s %.2f s", (NR > 1 ? ", " : " "), $1, $2 } END { print ")" }' "$work/method-times"

echo
speed="$cache/anomaly-speed-$series-$points-$gen_sum.ndjson"
if [ ! -s "$speed" ]; then
  "$py" "$here/gen_anomaly.py" speed --series "$series" --points "$points" > "$speed.tmp"
  mv "$speed.tmp" "$speed"
fi
total=$((series * points))
echo "== speed: $series series x $points points = $total points ($(wc -c < "$speed") bytes)"
limit=()
scale=1
if [ "$py_lines" -gt 0 ] && [ "$py_lines" -lt "$total" ]; then
  limit=(--limit "$py_lines")
  scale=$(awk -v t="$total" -v n="$py_lines" 'BEGIN { print t / n }')
fi

: > "$work/t-batch"
: > "$work/t-zscore"
: > "$work/t-follow"
: > "$work/t-py"
for _ in 1 2 3; do
  status=0
  /usr/bin/time -f '%e %U %M' -o "$work/time" "$pm" --anomalies "$speed" > "$work/batch.out" 2> "$work/err" || status=$?
  [ "$status" -eq 0 ] || fail "$status" "pm-predict --anomalies (speed file)"
  tail -n 1 "$work/time" >> "$work/t-batch"
  status=0
  /usr/bin/time -f '%e %U %M' -o "$work/time" "$pm" --anomalies --method zscore "$speed" > "$work/zscore.out" 2> "$work/err" || status=$?
  [ "$status" -eq 0 ] || fail "$status" "pm-predict --anomalies --method zscore (speed file)"
  tail -n 1 "$work/time" >> "$work/t-zscore"
  status=0
  timeout 300 /usr/bin/time -f '%e %U %M' -o "$work/time" "$pm" --anomalies --follow < <(cat "$speed") \
    > "$work/follow.out" 2> "$work/err" || status=$?
  [ "$status" -eq 0 ] || fail "$status" "pm-predict --anomalies --follow (stdin)"
  tail -n 1 "$work/time" >> "$work/t-follow"
  /usr/bin/time -f '%e %U %M' -o "$work/time" "$py" "$here/zscore_reference.py" "${limit[@]}" "$speed" > "$work/py.out"
  tail -n 1 "$work/time" >> "$work/t-py"
done
median() { sort -n "$1" | sed -n 2p; }
range() { sort -n "$1" | awk 'NR == 1 { a = $1 } END { printf "%s-%s s", a, $1 }'; }
read -r b_wall b_cpu b_kb < <(median "$work/t-batch")
read -r z_wall z_cpu z_kb < <(median "$work/t-zscore")
read -r f_wall f_cpu f_kb < <(median "$work/t-follow")
read -r p_wall p_cpu p_kb < <(median "$work/t-py")
row() { # LABEL WALL CPU KB NOTE
  awk -v l="$1" -v w="$2" -v c="$3" -v kb="$4" -v n="$total" -v note="$5" 'BEGIN {
    printf "%-34s %7.2f s wall %7.2f s cpu %8d KB peak %7.2f us/point  %s\n", l, w, c, kb, w / n * 1e6, note }'
}
row "pm-predict --anomalies (auto)" "$b_wall" "$b_cpu" "$b_kb" "(median of 3, $(range "$work/t-batch"))"
row "pm-predict --anomalies -m zscore" "$z_wall" "$z_cpu" "$z_kb" "(median of 3, $(range "$work/t-zscore"))"
row "pm-predict --anomalies --follow" "$f_wall" "$f_cpu" "$f_kb" "(stdin from a pipe, median of 3, $(range "$work/t-follow"))"
pw=$(awk -v w="$p_wall" -v s="$scale" 'BEGIN { print w * s }')
pc=$(awk -v c="$p_cpu" -v s="$scale" 'BEGIN { print c * s }')
if [ "$scale" = 1 ]; then
  row "zscore_reference.py (Python)" "$pw" "$pc" "$p_kb" "(median of 3, $(range "$work/t-py"), runs interleaved)"
else
  row "zscore_reference.py (Python)" "$pw" "$pc" "$p_kb" "(first $py_lines lines, times x $scale; peak as measured)"
fi
echo "   batch: $(wc -l < "$work/batch.out") anomaly records; --follow gives $(cmp -s "$work/batch.out" "$work/follow.out" \
  && echo "identical output" || echo "DIFFERENT output ($(wc -l < "$work/follow.out") records)")"
awk -v bw="$b_wall" -v bc="$b_cpu" -v bk="$b_kb" -v zw="$z_wall" -v pw="$pw" -v pc="$pc" -v pk="$p_kb" -v n="$total" 'BEGIN {
  printf "   python / pm (auto): %.1fx wall, %.1fx cpu; python / pm zscore: %.1fx wall; peak RSS pm / python %.2f\n", \
    pw / bw, (bc > 0 ? pc / bc : 0), (zw > 0 ? pw / zw : 0), bk / pk
  printf "   target 1 s per 1M points with the default method (%.2f s here): %s\n", n / 1e6, (bw <= n / 1e6 ? "MET" : "NOT MET")
}'
