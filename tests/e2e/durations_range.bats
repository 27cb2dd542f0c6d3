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
