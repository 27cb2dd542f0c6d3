#!/usr/bin/env bash
# Benchmark of pm-predict beside statsmodels' ExponentialSmoothing (ETS auto by aicc):
# 1. speed: pm-predict (auto) on SERIES x POINTS points (default 200 x 5000 = 1M), median of 3
#    runs, wall/CPU/peak RSS; statsmodels on a sample of the series, scaled per series.
# 2. accuracy: MASE at h=1 and over the holdout, interval coverage, on generated shapes and on
#    the datasets statsmodels ships (co2, elnino, sunspots, nile).
# Usage: tests/bench/predict.sh [BUILD_DIR] [SERIES] [POINTS]   (default: build 200 5000)
# Data are cached in ${PM_BENCH_DIR:-/tmp/pm-bench}. Needs /usr/bin/python3 with statsmodels.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-$here/../../build}/bin" && pwd)
series=${2:-200}
points=${3:-5000}
sample=${PM_BENCH_SM_SAMPLE:-8}
cache=${PM_BENCH_DIR:-/tmp/pm-bench}
py=/usr/bin/python3
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

data="$cache/predict-$series-$points.ndjson"
if [ ! -s "$data" ]; then
  "$py" "$here/gen_predict.py" --series "$series" --points "$points" > "$data.tmp"
  mv "$data.tmp" "$data"
fi
total=$((series * points))
echo "== speed: $series series x $points points = $total points ($(wc -c < "$data") bytes)"

: > "$work/times"
for _ in 1 2 3; do
  /usr/bin/time -f '%e %U %M' -o "$work/time" "$bin/pm-predict" "$data" > "$work/pm.out" 2> "$work/err"
  tail -n 1 "$work/time" >> "$work/times"
done
sort -n "$work/times" > "$work/sorted"
read -r pm_wall pm_cpu pm_kb < <(sed -n 2p "$work/sorted")
printf '%-28s %8s s wall %8s s cpu %9s KB peak  (median of 3, %s-%s s)\n' "pm-predict auto" "$pm_wall" "$pm_cpu" \
  "$pm_kb" "$(head -n 1 "$work/sorted" | cut -d' ' -f1)" "$(tail -n 1 "$work/sorted" | cut -d' ' -f1)"
echo "   models chosen: $(grep -o '"\(ets\|arima\)":"[^"]*"' "$work/pm.out" | sort | uniq -c | sort -rn | awk '{c = $1; $1 = ""; printf "%s%s  ", c, $0}')"

read -r sm_wall sm_cpu sm_kb sm_n < <("$py" "$here/bench_predict.py" speed --data "$data" --pm-out "$work/pm.out" --sample "$sample")
awk -v w="$sm_wall" -v c="$sm_cpu" -v kb="$sm_kb" -v n="$sm_n" -v s="$series" -v pw="$pm_wall" -v pc="$pm_cpu" 'BEGIN {
  printf "%-28s %8.2f s wall %8.2f s cpu %9d KB peak  (fit time of %d of the %d series, every %dth,\n", \
    "statsmodels ETS auto", w, c, kb, n, s, s / n
  printf "%-28s (with seasonal_periods=288 where pm found a daily season; last 2000 points, as pm fits)\n", ""
  W = w / n * s; C = c / n * s
  printf "%-28s %8.1f s wall %8.1f s cpu               (scaled per series to %d series)\n", "statsmodels, scaled", W, C, s
  printf "   statsmodels / pm: %.0fx wall, %.0fx cpu   target: pm >= 50x faster and <= 1 s: %s\n", W / pw, C / pc, \
    (W / pw >= 50 && pw <= 1) ? "MET" : "NOT MET"
}'
echo
echo "== accuracy"
"$py" "$here/bench_predict.py" accuracy --pm "$bin/pm-predict" --gen "$here/gen_predict.py" --work "$cache" \
  --per-shape "${PM_BENCH_PER_SHAPE:-3}"
