#!/usr/bin/env bats
# scripts/quickstart's main job on this machine, with the binaries already built (PM_BIN
# skips the build): a few seconds of sampling with a progress line, stored; the default
# rules' alerts stored in the same store, where pm-report reads them; a report that fits
# COLUMNS and an HTML page whose path is printed; pm-predict's forecasts for the next hour.

bats_require_minimum_version 1.5.0

setup() {
  export PM_HISTORY="$BATS_TEST_TMPDIR/history" PM_QUICKSTART_SECONDS=3 PM_QUICKSTART_INTERVAL=1
  export PM_QUICKSTART_HTML="$BATS_TEST_TMPDIR/pm-report.html" COLUMNS=80
}

@test "the main job samples, stores, alerts into the store and reports in 80 columns" {
  run --separate-stderr env PM_BIN="$PM_BIN" "$PM_SOURCE/scripts/quickstart"
  echo "$stderr"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"== sampling this machine every 1s for 3s into $PM_HISTORY"* ]]
  [[ "$stderr" == *"   sample 3 of 3"* ]]
  [[ "$stderr" == *"pm-ingest: "*" records accepted, 0 rejected"* ]]
  [[ "$stderr" =~ "== pm-alert: "(OK|WARNING|CRITICAL)" (exit "[012]"); alerts fired: "[0-9]+", stored in $PM_HISTORY" ]]
  [[ "$stderr" == *"== HTML report: $PM_QUICKSTART_HTML (open file://$PM_QUICKSTART_HTML in a browser)"* ]]
  [[ "$stderr" == *"== forecasts for the next hour (pm-predict)"*SERIES*MODEL*FORECAST*INTERVAL*system.memory.usage* ]]
  [[ "$stderr" != *"pm-predict failed"* ]]
  grep -q '</html>' "$PM_QUICKSTART_HTML"
  # The report: three samples per series, no line wider than the terminal.
  [[ "${lines[0]}" == "pm-report "*": "*" records, "*" series, health "* ]]
  [[ "$output" == *"system.memory.usage"* ]]
  local LC_ALL=C.UTF-8 # characters, not bytes: names are cut with "…"
  while IFS= read -r line; do
    [ "${#line}" -le 80 ] || { echo "too wide (${#line}): $line"; return 1; }
  done <<<"$output"
  [[ "$output" != *"rate"* ]] # gauges only: records per second mean nothing here
}

@test "alerts fired by the default rules are in the store and in the report" {
  # A fake pm-alert verdict would prove nothing: make high_memory fire for real with a
  # /proc whose memory is 90 % used, the other figures from the fixture tree.
  root="$BATS_TEST_TMPDIR/root"
  mkdir -p "$root"
  cp -r "$PM_SOURCE/tests/fixtures/proc/t1/proc" "$root/proc"
  sed -i 's/^MemAvailable: .*/MemAvailable:     800000 kB/' "$root/proc/meminfo"
  run --separate-stderr env PM_BIN="$PM_BIN" PM_PROC_ROOT="$root/proc" PM_SYS_ROOT="$PM_SOURCE/tests/fixtures/proc/t1/sys" \
    "$PM_SOURCE/scripts/quickstart"
  echo "$stderr"
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"== pm-alert: CRITICAL (exit 2); alerts fired: 1, stored in $PM_HISTORY"* ]]
  grep -rh '"kind":"alert"' "$PM_HISTORY"/20* | jq -e 'select(.rule == "high_memory" and .state == "firing")'
  [[ "$output" == *"health UNHEALTHY"* || "$output" == *"health DEGRADED"* ]]
  [[ "$output" == *"Active alerts"*"high_memory"* ]]
}
