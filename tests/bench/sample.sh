#!/usr/bin/env bash
# Benchmark of pm-sample beside a minimal C++ /proc reader, sadc (sysstat) and psutil, in the
# same run: steady-state CPU per full sample at 200 ms spacing, and the wall time of one
# cron-style --state run. Usage: tests/bench/sample.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
bin=$(cd "$build/bin" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sadc=/usr/lib/sysstat/sadc
python=/usr/bin/python3 # Debian's python3-psutil lives in the system interpreter

c++ -O2 -std=c++20 -o "$work/minimal_reader" "$here/minimal_reader.cpp"

# measure CMD...: user+system CPU seconds of the command, and its peak RSS in KB.
# CPU comes from getrusage (precise, unlike time's 10 ms steps); peak RSS from /usr/bin/time.
measure() {
  "$python" - "$work/rss" "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(["/usr/bin/time", "-f", "%M", "-o", sys.argv[1]] + sys.argv[2:],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.6f} {open(sys.argv[1]).read().split()[-1]}")
PY
}

# steady NAME LONG SHORT CMD_LONG... -- CMD_SHORT...: CPU per sample without start-up, from
# the difference between a long and a short run.
steady() {
  local name=$1 long=$2 short=$3
  shift 3
  local -a cmd_long=() cmd_short=()
  while [ "$1" != "--" ]; do cmd_long+=("$1"); shift; done
  shift
  cmd_short=("$@")
  read -r cpu_long rss < <(measure "${cmd_long[@]}")
  read -r cpu_short _ < <(measure "${cmd_short[@]}")
  awk -v n="$name" -v a="$cpu_long" -v b="$cpu_short" -v l="$long" -v s="$short" -v m="$rss" \
    'BEGIN { printf "%-28s %8.3f ms/sample  %7d KB peak\n", n, (a - b) / (l - s) * 1000, m }'
}

long=40
short=5
echo "== steady-state CPU per full sample, 200 ms spacing ($long vs $short samples) =="
{
  steady "minimal C++ reader" $long $short "$work/minimal_reader" $long 200 -- "$work/minimal_reader" $short 200
  steady "minimal C++ reader, no tcp" $long $short "$work/minimal_reader" $long 200 notcp -- \
    "$work/minimal_reader" $short 200 notcp
  steady "pm-sample" $long $short "$bin/pm-sample" -i 200ms -c $long --window 200ms -- \
    "$bin/pm-sample" -i 200ms -c $short --window 200ms
  steady "pm-sample --no-collect tcp" $long $short "$bin/pm-sample" -i 200ms -c $long --window 200ms --no-collect tcp -- \
    "$bin/pm-sample" -i 200ms -c $short --window 200ms --no-collect tcp
  if "$python" -c 'import psutil' 2> /dev/null; then
    steady "psutil" $long $short "$python" "$here/psutil_sample.py" $long 0.2 -- "$python" "$here/psutil_sample.py" $short 0.2
    steady "psutil, no tcp" $long $short "$python" "$here/psutil_sample.py" $long 0.2 notcp -- \
      "$python" "$here/psutil_sample.py" $short 0.2 notcp
  else
    echo "psutil: not installed (apt-get install python3-psutil)"
  fi
  if [ -x "$sadc" ]; then # sadc's interval is whole seconds: 1 s spacing
    steady "sadc -S XDISK (1 s spacing)" 8 3 "$sadc" -S XDISK 1 8 "$work/sa.long" -- "$sadc" -S XDISK 1 3 "$work/sa.short"
  else
    echo "sadc: not installed (apt-get install sysstat)"
  fi
} | tee "$work/steady"
awk '/^minimal C\+\+ reader  / { m = $4 } /^minimal C\+\+ reader, no tcp/ { mn = $6 }
     /^pm-sample  / { p = $2 } /^pm-sample --no-collect tcp/ { pn = $4 }
     END { if (m > 0) printf "ratio pm-sample / minimal reader: %.2fx (no tcp: %.2fx)\n", p / m, pn / mn }' "$work/steady"

echo
echo "== one cron-style run (wall time, one sample from a state file) =="
"$bin/pm-sample" --state "$work/pm.state" > /dev/null 2>&1
hyperfine_args=(-N --warmup 5 --runs 50 --export-json "$work/cron.json")
commands=("$bin/pm-sample --state $work/pm.state" "$work/minimal_reader 1 0")
[ -x "$sadc" ] && commands+=("$sadc -S XDISK $work/sa.cron")
"$python" -c 'import psutil' 2> /dev/null && commands+=("$python $here/psutil_sample.py 1 0")
if command -v hyperfine > /dev/null; then
  hyperfine "${hyperfine_args[@]}" "${commands[@]}" > /dev/null 2>&1
  jq -r '.results[] | "\(.command | split("/") | last | .[0:40])\t\(.mean * 1000 | . * 100 | round / 100) ms mean\t\(.max * 1000 | . * 100 | round / 100) ms max"' \
    "$work/cron.json" | column -t -s $'\t'
else
  for cmd in "${commands[@]}"; do
    # shellcheck disable=SC2086 # each entry is a command line split into its words
    /usr/bin/time -f "$cmd: %e s %M KB" $cmd > /dev/null
  done
fi
