#!/usr/bin/env bats
# pm-alert as a Monitoring Plugin: -m METRIC -w WARN -c CRIT with ranges, --format nagios gives one
# status line with performance data, and the exit status is 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.

bats_require_minimum_version 1.5.0

setup() {
  export PM_HISTORY="$BATS_TEST_TMPDIR/store"
  NOW=2026-11-22T10:00:30Z
}

sample() { printf '{"ts":"2026-11-22T10:00:00Z","name":"system.cpu.usage","value":%s,"unit":"percent"}\n' "$1"; }

# The status line grammar of the Monitoring Plugins development guidelines:
# SERVICE STATUS - text | 'label'=value[UOM];[warn];[crit];[min];[max]
perfdata_ok() {
  # value, warn, crit, min and max: only [-0-9.] in numbers, and ~ : @ in ranges
  [[ "$1" =~ ^ALERT\ (OK|WARNING|CRITICAL|UNKNOWN)\ -\ [^|]+\|(\ \'[^\'=]+\'=-?[0-9.]+(%|s|B|KB|MB|TB|c)?\;[-0-9.~:@]*\;[-0-9.~:@]*\;[-0-9.]*\;[-0-9.]*)+$ ]]
}

@test "a value inside the warning range is OK (exit 0)" {
  # 42 is within 0:80: OK, with perfdata carrying the thresholds.
  run bash -c "$(declare -f sample); sample 42 | '$PM_BIN/pm-alert' -m system.cpu.usage -w 80 -c 90 --format nagios --now $NOW"
  [ "$status" -eq 0 ]
  [ "$output" = "ALERT OK - system.cpu.usage = 42 | 'system.cpu.usage'=42%;80;90;;" ]
  perfdata_ok "$output"
}

@test "a value past the warning threshold is WARNING (exit 1)" {
  # 85 is outside 0:80 but inside 0:90.
  run bash -c "$(declare -f sample); sample 85 | '$PM_BIN/pm-alert' -m system.cpu.usage -w 80 -c 90 --format nagios --now $NOW"
  [ "$status" -eq 1 ]
  [ "$output" = "ALERT WARNING - system.cpu.usage warning: system.cpu.usage = 85 | 'system.cpu.usage'=85%;80;90;;" ]
  perfdata_ok "$output"
}

@test "a value past the critical threshold is CRITICAL (exit 2)" {
  # 95 is outside 0:90.
  run bash -c "$(declare -f sample); sample 95 | '$PM_BIN/pm-alert' -m system.cpu.usage -w 80 -c 90 --format nagios --now $NOW"
  [ "$status" -eq 2 ]
  [[ "$output" == "ALERT CRITICAL - system.cpu.usage critical: system.cpu.usage = 95 | "* ]]
  perfdata_ok "$output"
}

@test "no data for the metric is UNKNOWN (exit 3)" {
  # Only another metric arrives.
  run bash -c "echo '{\"ts\":\"2026-11-22T10:00:00Z\",\"name\":\"other\",\"value\":1}' | '$PM_BIN/pm-alert' -m system.cpu.usage -w 80 -c 90 --format nagios --now $NOW"
  [ "$status" -eq 3 ]
  [ "$output" = "ALERT UNKNOWN - no data for system.cpu.usage" ]
}

@test "stale data is UNKNOWN for the plugin form, and the status line says why" {
  # The sample is 10 minutes older than --now: past stale_after (5m), on_missing=unknown.
  run bash -c "$(declare -f sample); sample 42 | '$PM_BIN/pm-alert' -m system.cpu.usage -w 80 -c 90 --format nagios --now 2026-11-22T10:10:00Z"
  [ "$status" -eq 3 ]
  [ "$output" = "ALERT UNKNOWN - system.cpu.usage: system.cpu.usage has had no data since 2026-11-22T10:00:00.000Z (stale_after 5m) | 'system.cpu.usage'=42%;80;90;;" ]
  perfdata_ok "$output"
  # in other formats the reason goes to stderr
  run bash -c "$(declare -f sample); sample 42 | '$PM_BIN/pm-alert' -m system.cpu.usage -w 80 -c 90 --now 2026-11-22T10:10:00Z 2>&1 >/dev/null"
  [ "$output" = "pm-alert: warning: system.cpu.usage: system.cpu.usage has had no data since 2026-11-22T10:00:00.000Z (stale_after 5m): UNKNOWN" ]
}

@test "perfdata numbers never use exponents, as the guidelines allow only [-0-9.]" {
  run bash -c "echo '{\"ts\":\"2026-11-22T10:00:00Z\",\"name\":\"mem\",\"value\":1.5e10,\"unit\":\"bytes\"}' | '$PM_BIN/pm-alert' -m mem -w 1e10 -c @2e10:3e10 --format nagios --now $NOW"
  [ "$status" -eq 1 ]
  [[ "$output" == *"| 'mem'=15000000000B;10000000000;@20000000000:30000000000;;" ]]
  perfdata_ok "$output"
}

@test "ranges: 10: alerts below 10, ~:10 above 10, @10:20 inside, 10:20 outside" {
  # Each pair is VALUE RANGE EXPECTED-STATUS with the range as the warning threshold.
  for c in "5 10: 1" "15 10: 0" "11 ~:10 1" "-50 ~:10 0" "15 @10:20 1" "25 @10:20 0" "25 10:20 1" "15 10:20 0"; do
    set -- $c
    run bash -c "$(declare -f sample); sample $1 | '$PM_BIN/pm-alert' -m system.cpu.usage -w '$2' --format nagios --now $NOW"
    echo "$c -> $status $output"
    [ "$status" -eq "$3" ]
    perfdata_ok "$output"
  done
}

@test "bad usage is UNKNOWN (exit 3) with a message" {
  # A range that does not parse, and -w without -m.
  run "$PM_BIN/pm-alert" -m system.cpu.usage -w 20:10 --now $NOW
  [ "$status" -eq 3 ]
  [ "$output" = 'pm-alert: error: -w: "20:10" is not a valid range: the start is greater than the end' ]
  run "$PM_BIN/pm-alert" -w 80 --now $NOW
  [ "$status" -eq 3 ]
  [ "$output" = "pm-alert: error: -w and -c need -m METRIC" ]
  run "$PM_BIN/pm-alert" --no-such-option
  [ "$status" -eq 3 ]
}

@test "an unreadable input file is UNKNOWN (exit 3)" {
  # The file does not exist.
  run "$PM_BIN/pm-alert" -m system.cpu.usage -w 80 --now $NOW "$BATS_TEST_TMPDIR/missing.ndjson"
  [ "$status" -eq 3 ]
  [[ "$output" == *"missing.ndjson"* ]]
}

@test "--format nagios prints a status line even when an option is wrong or the input cannot be read" {
  # Shows: a monitoring system reads stdout and the exit status, never stderr, so a run that
  # fails before it can judge still says UNKNOWN and why on stdout; stderr has the error once.
  run --separate-stderr "$PM_BIN/pm-alert" --format nagios --no-such-option --now $NOW < /dev/null
  [ "$status" -eq 3 ]
  [ "$output" = 'ALERT UNKNOWN - unknown option "--no-such-option" (see pm-alert --help)' ]
  [ "$stderr" = 'pm-alert: error: unknown option "--no-such-option" (see pm-alert --help)' ]
  run --separate-stderr "$PM_BIN/pm-alert" -m system.cpu.usage -w 20:10 -f nagios --now $NOW < /dev/null
  [ "$status" -eq 3 ]
  [ "$output" = 'ALERT UNKNOWN - -w: "20:10" is not a valid range: the start is greater than the end' ]
  run --separate-stderr "$PM_BIN/pm-alert" -m system.cpu.usage -w 80 --format=nagios --now $NOW "$BATS_TEST_TMPDIR/missing.ndjson"
  [ "$status" -eq 3 ]
  [ "$output" = "ALERT UNKNOWN - cannot read $BATS_TEST_TMPDIR/missing.ndjson: no such file or directory" ]
  [ "$stderr" = "pm-alert: error: cannot read $BATS_TEST_TMPDIR/missing.ndjson: no such file or directory" ]
  # stdin that cannot be read (a directory)
  run --separate-stderr "$PM_BIN/pm-alert" -m system.cpu.usage -w 80 --format nagios --now $NOW < "$BATS_TEST_TMPDIR"
  [ "$status" -eq 3 ]
  [ "$output" = "ALERT UNKNOWN - cannot read stdin: is a directory" ]
  # other formats keep stdout for records: nothing there
  run --separate-stderr "$PM_BIN/pm-alert" --format ndjson --no-such-option --now $NOW < /dev/null
  [ "$status" -eq 3 ]
  [ -z "$output" ]
}
