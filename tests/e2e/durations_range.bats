#!/usr/bin/env bats
# A duration past the longest pm accepts (100 years) is a usage error naming the option,
# never an overflow: retention, sample windows and intervals, probe timeouts, rule windows.

bats_require_minimum_version 1.5.0

long='longer than 36500d (100 years), the longest pm accepts'

@test "pm-ingest --retention past 100 years is a usage error" {
  # Shows: 106751991167d (the int64 milliseconds edge) is refused with status 2.
  run -2 "$PM_BIN/pm-ingest" --check --retention 106751991167d < /dev/null
  [ "$output" = "pm-ingest: error: --retention: invalid duration \"106751991167d\": $long" ]
  run -2 env PERFORMANCE_MONITOR_RETENTION_PERIOD=1e300 "$PM_BIN/pm-ingest" --check < /dev/null
  [ "$output" = "pm-ingest: error: PERFORMANCE_MONITOR_RETENTION_PERIOD: invalid duration \"1e300\": $long" ]
}

@test "pm-ingest --retention of exactly 100 years is accepted" {
  # Shows: the edge itself is in range.
  run -0 "$PM_BIN/pm-ingest" --check --retention 36500d < /dev/null
}

@test "pm-sample --window, --interval and --timeout past 100 years are usage errors" {
  # Shows: 300y would overflow a nanosecond sleep.
  run -2 "$PM_BIN/pm-sample" --window 300y
  [ "$output" = "pm-sample: error: --window: invalid duration \"300y\": $long" ]
  run -2 "$PM_BIN/pm-sample" --interval 300y --count 1
  [ "$output" = "pm-sample: error: --interval: invalid duration \"300y\": $long" ]
  run -2 "$PM_BIN/pm-sample" --timeout 300y --check x=tcp://127.0.0.1:1
  [[ "$output" == *"invalid duration \"300y\": $long"* ]]
}

@test "rule durations past 100 years are refused with their column" {
  # Shows: for 9.3e15 (seconds) and over 1e16 are not called \"not more than zero\".
  run -3 "$PM_BIN/pm-alert" --rule 'r: m > 1 for 9.3e15' < /dev/null
  [[ "$output" == *"invalid duration \"9.3e15\": $long"* ]]
  run -3 "$PM_BIN/pm-alert" --rule 'r: avg(m) over 1e16 > 1' < /dev/null
  [[ "$output" == *"invalid duration \"1e16\": $long"* ]]
}

@test "--since, --until and --now past 100 years say so, naming the option, in every tool" {
  # Shows: "300y" was called "expected a duration back from now or a time", hiding the range.
  for tool in pm-report pm-predict; do
    run -2 "$PM_BIN/$tool" --since 300y < /dev/null
    [ "$output" = "$tool: error: --since: invalid time \"300y\": as a duration, $long" ]
    run -2 "$PM_BIN/$tool" --until 106751991167d < /dev/null
    [ "$output" = "$tool: error: --until: invalid time \"106751991167d\": as a duration, $long" ]
  done
  run -3 "$PM_BIN/pm-alert" --since 300y --rule 'r: m > 1' < /dev/null
  [ "$output" = "pm-alert: error: --since: invalid time \"300y\": as a duration, $long" ]
  run -2 "$PM_BIN/pm-report" --now 300y < /dev/null
  [ "$output" = "pm-report: error: --now: invalid time \"300y\": as a duration, $long" ]
  run -2 "$PM_BIN/pm-report" --since 9.3e15 < /dev/null
  [ "$output" = 'pm-report: error: --since: epoch seconds 9.3e+15 out of range' ]
  run -2 "$PM_BIN/pm-report" --since 5q < /dev/null
  [ "$output" = 'pm-report: error: --since: invalid time "5q": expected a duration back from now (15m, 24h, 7d) or a time (2026-11-20T10:00Z)' ]
}

@test "a silence's --until past 100 years is refused with the range" {
  run -3 "$PM_BIN/pm-alert" --state "$BATS_TEST_TMPDIR/s.json" --silence r --until 300y --rule 'r: m > 1' < /dev/null
  [ "$output" = "pm-alert: error: --until: invalid time \"300y\": as a duration, $long" ]
}

@test "a JSON rule's duration in seconds goes through the same parser and range" {
  # Shows: 9.3e15 seconds was written back as "9.3e+15s" and refused as unreadable; 1e400
  # was an internal error.
  printf '%s\n' '{"r": {"metric": "m", "threshold": 1, "duration": 9.3e15}}' > "$BATS_TEST_TMPDIR/r.json"
  run -3 "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/r.json" < /dev/null
  [ "$output" = "pm-alert: error: $BATS_TEST_TMPDIR/r.json: rule \"r\": \"duration\": invalid duration \"9.3e+15\": $long" ]
  printf '%s\n' '{"r": {"metric": "m", "threshold": 1, "duration": 1e400}}' > "$BATS_TEST_TMPDIR/r.json"
  run -3 "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/r.json" < /dev/null
  [ "$output" = "pm-alert: error: $BATS_TEST_TMPDIR/r.json: not valid JSON: number overflow parsing '1e400'" ]
  printf '%s\n' '{"r": {"metric": "m", "threshold": 1, "duration": 90.5}}' > "$BATS_TEST_TMPDIR/r.json"
  run -0 "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/r.json" --check-rules < /dev/null
  [ "$output" = 'r: m > 1 for 1m30s500ms severity=warning' ]
}

@test "PERFORMANCE_MONITOR_COLLECTION_INTERVAL past 100 years is told so, not called not positive" {
  run -2 env PERFORMANCE_MONITOR_COLLECTION_INTERVAL=9.3e15 "$PM_BIN/pm-sample" --count 1
  [ "$output" = "pm-sample: error: PERFORMANCE_MONITOR_COLLECTION_INTERVAL: invalid duration \"9.3e15\": $long" ]
}
