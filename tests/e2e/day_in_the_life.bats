#!/usr/bin/env bats
# A day in the life: 288 five-minute cron runs over a fixture day, then the report.
#
# Each run is the README's cron line with the clock pinned at the run's time and /proc a tree
# that day_in_the_life.py built for it:
#   pm-sample --state S | pm-ingest --tee | pm-alert --defaults --state A | pm-ingest
# The day is checked against what the generator's plan (DIR/plan.ndjson: each run's time,
# CPU and memory usage) implies, computed here with jq and python3, not read back from pm.
# The collectors are cpu, memory and load: their figures are ratios and gauges. Rates
# (disk, network, system) divide by the monotonic time between runs, which a pinned wall
# clock does not move, so they would not be the fixture day's.

bats_require_minimum_version 1.5.0

setup_file() {
  export DAY="$BATS_FILE_TMPDIR/day"
  export PM_HISTORY="$DAY/store"
  mkdir -p "$DAY/sys"
  /usr/bin/python3 "$PM_SOURCE/tests/e2e/day_in_the_life.py" "$DAY/trees"
  sample() {
    "$PM_BIN/pm-sample" --state "$DAY/sample.state" --now "$2" --proc-root "$DAY/trees/run-$1/proc" \
      --sys-root "$DAY/sys" --collect cpu,memory,load --tag host=day
  }
  # Yesterday's last run (23:55) left the state the day's first run takes its CPU deltas from.
  sample 000 2026-11-21T23:55:00Z > /dev/null 2> "$DAY/yesterday.err"
  jq -r 'select(.run > 0) | "\(.run) \(.ts)"' "$DAY/trees/plan.ndjson" > "$DAY/runs"
  local start=$SECONDS run ts
  while read -r run ts; do
    sample "$(printf %03d "$run")" "$ts" 2>> "$DAY/sample.err" |
      "$PM_BIN/pm-ingest" --now "$ts" --tee 2>> "$DAY/ingest.err" |
      "$PM_BIN/pm-alert" --now "$ts" --defaults --state "$DAY/alert.state" 2>> "$DAY/alert.err" |
      "$PM_BIN/pm-ingest" --now "$ts" 2>> "$DAY/ingest-alerts.err"
    echo "$ts ${PIPESTATUS[*]}" >> "$DAY/status"
  done < "$DAY/runs"
  echo "# 288 cron runs in $((SECONDS - start)) s" >&3
}

# The plan's runs of the day (not yesterday's), as a JSON array.
plan() {
  jq -s 'map(select(.run > 0))' "$DAY/trees/plan.ndjson"
}

@test "every run of the day succeeds quietly, and pm-alert's status follows the day" {
  # Shows: 288 runs, each stage exiting 0 but pm-alert, whose status is the Monitoring
  # Plugins' one for what is firing after the run: 1 (WARNING) while CPU is above 80 %,
  # 2 (CRITICAL, an error-severity rule) once memory is above 85 %, else 0. The only stderr
  # is pm-ingest's one summary line per run (30 series a run; alert records 3 times).
  [ "$(wc -l < "$DAY/status")" -eq 288 ]
  expected=$(plan | jq -r '.[] | "\(.ts) 0 0 \(if .memory > 85 then 2 elif .cpu > 80 then 1 else 0 end) 0"')
  diff -u <(echo "$expected") "$DAY/status"
  [ "$(grep -c 'no previous state' "$DAY/yesterday.err")" -eq 1 ]
  [ ! -s "$DAY/sample.err" ]
  [ ! -s "$DAY/alert.err" ]
  [ "$(sort "$DAY/ingest.err" | uniq -c | sed 's/^ *//')" = "288 pm-ingest: 30 records accepted, 0 rejected, 1 segment touched" ]
  [ "$(sort "$DAY/ingest-alerts.err" | uniq -c | sed 's/^ *//')" = "$(printf '%s\n' \
    "285 pm-ingest: 0 records accepted, 0 rejected, 0 segments touched" \
    "3 pm-ingest: 1 record accepted, 0 rejected, 1 segment touched")" ]
}

@test "the store holds the day: 24 hour segments, 288 samples of each series, the plan's values" {
  # Shows: every series has one sample per run, 12 in each hour's segment, and the CPU and
  # memory usage stored are exactly the ones the fixture trees were built to give.
  run ls "$PM_HISTORY/2026/11/22"
  [ "$output" = "$(printf '%02d.ndjson\n' $(seq 0 23))" ]
  [ ! -e "$PM_HISTORY/2026/11/21" ]
  [ ! -e "$PM_HISTORY/rejected" ]
  samples() { cat "$PM_HISTORY"/2026/11/22/*.ndjson | jq -c 'select(.kind == null)'; }
  run bash -c "$(declare -f samples); samples | jq -s 'group_by([.name, .tags]) | map(length) | unique'"
  [ "$output" = "$(printf '[\n  288\n]')" ]
  run bash -c "$(declare -f samples); samples | jq -s 'group_by([.name, .tags]) | length'"
  [ "$output" -eq 30 ] # cpu: 6 figures x (total + 2 cores); load: 3; memory: 5; swap: 4
  for hour in 00 13 23; do
    run jq -s 'map(select(.kind == null)) | group_by([.name, .tags]) | map(length) | unique | tostring' \
      "$PM_HISTORY/2026/11/22/$hour.ndjson"
    [ "$output" = '"[12]"' ]
  done
  run bash -c "$(declare -f samples); samples | jq -c 'select(.name == \"system.cpu.usage\" and .tags.cpu == \"total\") | [.ts, .value]'"
  [ "$output" = "$(plan | jq -c '.[] | [.ts, .cpu]')" ]
  run bash -c "$(declare -f samples); samples | jq -c 'select(.name == \"system.memory.usage\") | [.ts, .value]'"
  [ "$output" = "$(plan | jq -c '.[] | [.ts, .memory]')" ]
}

@test "exactly one high_cpu alert fires and resolves at the plan's times; high_memory fires at 23:25" {
  # Shows: the default rules over the day give three transitions: high_cpu (whole machine,
  # not once per core) firing at the first run above 80 % and resolved at the first run back
  # at or below it (09:00's 80 % exactly is not above), high_memory firing at the first run
  # above 85 % (23:20's 85 % exactly is not). They are on stdout (stored through pm-ingest)
  # and in the alert history, and replaying the stored day gives the same events.
  expected=$(plan | jq -c '
    (map(select(.cpu > 80)) | .[0].ts) as $fired |
    (map(select(.ts > $fired and .cpu <= 80)) | .[0].ts) as $resolved |
    (map(select(.memory > 85)) | .[0].ts) as $memory |
    ["high_cpu", "firing", $fired, "warning"], ["high_cpu", "resolved", $resolved, "warning"],
    ["high_memory", "firing", $memory, "error"]')
  [ "$expected" = "$(printf '%s\n' '["high_cpu","firing","2026-11-22T13:05:00.000Z","warning"]' \
    '["high_cpu","resolved","2026-11-22T13:35:00.000Z","warning"]' \
    '["high_memory","firing","2026-11-22T23:25:00.000Z","error"]')" ]
  events() { jq -c 'select(.kind == "alert") | [.rule, .state, .ts, .severity]' "$@"; }
  run events "$PM_HISTORY"/2026/11/22/*.ndjson
  [ "$output" = "$expected" ]
  run events "$PM_HISTORY/alerts.ndjson"
  [ "$output" = "$expected" ]
  run jq -r 'select(.kind == "alert" and .rule == "high_cpu") | .tags.cpu' "$PM_HISTORY/alerts.ndjson"
  [ "$output" = "$(printf 'total\ntotal')" ]

  run --separate-stderr bash -c "'$PM_BIN/pm-alert' -H --now 2026-11-23T00:00:00Z --since 2026-11-22T00:00Z \
    --defaults --no-alert-history | jq -c '[.rule, .state, .ts, .severity]'"
  [ "$status" -eq 0 ]
  [ "$output" = "$expected" ]
}

@test "the report's counts, percentiles and verdict are the ones the day implies" {
  # Shows: pm-report over the stored day: 288 samples per series; min, max, mean, last and
  # nearest-rank p50/p95/p99 of CPU and memory usage as computed here from the plan; one
  # active alert (high_memory) making the day UNHEALTHY; memory's steady climb (20000 kB per
  # run: 245.76 MB/h) named a possible leak.
  run --separate-stderr "$PM_BIN/pm-report" -H --now 2026-11-23T00:00:00Z --since 2026-11-22T00:00Z --format json
  [ "$status" -eq 0 ]
  echo "$output" > "$DAY/report.json"
  plan > "$DAY/plan.json"
  run /usr/bin/python3 - "$DAY/plan.json" "$DAY/report.json" <<'EOF'
import json, math, sys
plan = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))
def expect(values):
    s = sorted(values)
    rank = lambda q: s[max(1, math.ceil(q * len(s) - 1e-9)) - 1]  # nearest rank
    return {"count": len(s), "min": s[0], "max": s[-1], "mean": sum(s) / len(s),
            "p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99), "last": values[-1]}
series = {'system.cpu.usage{cpu="total",host="day"}': [r["cpu"] for r in plan],
          'system.cpu.usage{cpu="0",host="day"}': [r["cpu"] for r in plan],
          'system.memory.usage{host="day"}': [r["memory"] for r in plan]}
bad = []
for key, values in series.items():
    got = report["metrics"][key]
    for field, want in expect(values).items():
        if abs(got[field] - want) > 1e-9 * max(1, abs(want)):
            bad.append(f"{key} {field}: report {got[field]}, plan {want}")
    print(key, " ".join(f"{f}={got[f]:g}" for f in ("count", "min", "mean", "p50", "p95", "p99", "max", "last")))
counts = {m["count"] for k, m in report["metrics"].items()}
if counts != {288}:
    bad.append(f"series counts {counts}, want 288 each")
for line in bad:
    print("MISMATCH", line)
sys.exit(1 if bad else 0)
EOF
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 3 ]
  [ "${lines[2]}" = 'system.memory.usage{host="day"} count=288 min=50 mean=67.9375 p50=67.875 p95=84.125 p99=85.625 max=85.875 last=85.875' ]

  run jq -c '[.summary.active_alerts, .health.overall_status, .health.reasons, [.alerts[] | [.metric, .level, .value]]]' "$DAY/report.json"
  [ "$output" = '[1,"unhealthy",["alert high_memory (error) on system.memory.usage{host=\"day\"}"],[["system.memory.usage","error",85.125]]]' ]
  run jq -r '.recommendations[] | select(.reason == "memory_leak") | "\(.series) \(.slope | round) \(.message)"' "$DAY/report.json"
  [ "$output" = 'system.memory.used{host="day"} 245760000 memory grows 246 MB/h: possible leak (system.memory.used{host="day"}, r² 1 over 24 hours)' ]
}

@test "the day's text report fits 80 columns and shows the figures people read" {
  # Shows: the terminal report of the same day, CPU and memory usage selected: the verdict,
  # the series table with the plan's figures as percentages, the active alert.
  run --separate-stderr env COLUMNS=80 "$PM_BIN/pm-report" -H --now 2026-11-23T00:00:00Z --since 2026-11-22T00:00Z \
    --metric system.cpu.usage --metric system.memory.usage --tag cpu!='[0-9]*' --format text
  [ "$status" -eq 0 ]
  echo "$output"
  [ "${lines[0]}" = 'pm-report 2026-11-23T00:00:00.000Z: 579 records, 2 series, health UNHEALTHY' ]
  # The columns a narrow terminal keeps may change; the figures in them may not.
  row() { echo "$output" | grep -F "$1" | grep ' 288 '; }
  [[ "$(row 'system.cpu.usage{cpu="total",host="day"}')" =~ \ 288\ .*\ 32\.4%\ .*\ 53\.0%\ +97\.0%\ +28\.0%$ ]]
  [[ "$(row 'system.memory.usage{host="day"}')" =~ \ 288\ .*\ 67\.9%\ .*\ 84\.1%\ +85\.9%\ +85\.9%$ ]]
  [[ "$output" == *'2026-11-22T23:25:00.000Z  error  system.memory.usage  high_memory: system.mem'* ]]
  # Width in characters: an ellipsis that shortens a cell is one column, three bytes.
  [ "$(echo "$output" | sed 's/\xe2\x80\xa6/./g' | awk '{ if (length($0) > max) max = length($0) } END { print max }')" -le 80 ]
}
