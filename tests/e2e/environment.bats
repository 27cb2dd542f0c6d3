#!/usr/bin/env bats
# The settings of pm(7) ENVIRONMENT through one flag → environment → default helper: every tool
# refuses a variable with a bad value, naming it, and a flag given instead wins without it.

bats_require_minimum_version 1.5.0

setup() {
  B="$BATS_TEST_TMPDIR"
  NOW=--now=2026-11-22T10:01:00Z
  printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","name":"system.cpu.usage","value":10,"unit":"percent"}' > "$B/in.ndjson"
  export PM_HISTORY="$B/store" PM_PROC_ROOT="$PM_SOURCE/tests/fixtures/proc/t0/proc" PM_SYS_ROOT="$PM_SOURCE/tests/fixtures/proc/t0/sys"
}

@test "PERFORMANCE_MONITOR_RETENTION_PERIOD: a bad value stops pm-ingest and pm-report -H; --retention wins" {
  # Shows: the store's retention read the same way by the writer and the readers.
  PERFORMANCE_MONITOR_RETENTION_PERIOD=lots run "$PM_BIN/pm-ingest" "$NOW" "$B/in.ndjson"
  [ "$status" -eq 2 ]
  [[ "$output" == 'pm-ingest: error: PERFORMANCE_MONITOR_RETENTION_PERIOD: invalid duration "lots"'* ]]
  PERFORMANCE_MONITOR_RETENTION_PERIOD=0 run "$PM_BIN/pm-ingest" "$NOW" "$B/in.ndjson"
  [ "$status" -eq 2 ]
  [ "$output" = 'pm-ingest: error: PERFORMANCE_MONITOR_RETENTION_PERIOD: the retention period must be longer than zero' ]
  PERFORMANCE_MONITOR_RETENTION_PERIOD=lots run "$PM_BIN/pm-ingest" "$NOW" --retention 1d "$B/in.ndjson"
  [ "$status" -eq 0 ]
  [ "$output" = 'pm-ingest: 1 record accepted, 0 rejected, 1 segment touched' ]
  PERFORMANCE_MONITOR_RETENTION_PERIOD=lots run "$PM_BIN/pm-report" "$NOW" -H --format json
  [ "$status" -eq 2 ]
  [[ "$output" == 'pm-report: error: PERFORMANCE_MONITOR_RETENTION_PERIOD: invalid duration "lots"'* ]]
  PERFORMANCE_MONITOR_RETENTION_PERIOD=3600 run --separate-stderr "$PM_BIN/pm-report" "$NOW" -H --format json
  [ "$status" -eq 0 ]
  [[ "$output" == *'"records": 1'* ]]
}

@test "PERFORMANCE_MONITOR_COLLECTION_INTERVAL: a bad value stops pm-sample --count; --interval wins" {
  # Shows: seconds as the original module wrote them; anything else named and refused.
  PERFORMANCE_MONITOR_COLLECTION_INTERVAL=soon run "$PM_BIN/pm-sample" --count 1 --window 0 --collect load
  [ "$status" -eq 2 ]
  [ "$output" = 'pm-sample: error: PERFORMANCE_MONITOR_COLLECTION_INTERVAL: must be a positive number of seconds, got "soon"' ]
  PERFORMANCE_MONITOR_COLLECTION_INTERVAL=-1 run "$PM_BIN/pm-sample" --count 1 --window 0 --collect load
  [ "$status" -eq 2 ]
  [[ "$output" == *'PERFORMANCE_MONITOR_COLLECTION_INTERVAL: must be a positive number of seconds, got "-1"' ]]
  PERFORMANCE_MONITOR_COLLECTION_INTERVAL=soon run "$PM_BIN/pm-sample" --count 1 --interval 1s --window 0 --collect load
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == *'"name":"system.load.1m","value":0.52'* ]]
}

@test "ALERT_SYSTEM_MAX_HISTORY: a bad value is UNKNOWN (3) in pm-alert, named" {
  # Shows: pm-alert's plugin exit status for a usage error, with the variable named.
  ALERT_SYSTEM_MAX_HISTORY=-2 run "$PM_BIN/pm-alert" "$NOW" --rule 'cpu: system.cpu.usage > 50' "$B/in.ndjson"
  [ "$status" -eq 3 ]
  [ "$output" = 'pm-alert: error: ALERT_SYSTEM_MAX_HISTORY: must be a positive integer, got "-2"' ]
  # Without a history to keep, the variable is not needed and not read.
  ALERT_SYSTEM_MAX_HISTORY=-2 run "$PM_BIN/pm-alert" "$NOW" --no-alert-history --rule 'cpu: system.cpu.usage > 50' "$B/in.ndjson"
  [ "$status" -eq 0 ]
}

@test "PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD: a bad value stops pm-predict; --threshold-z wins" {
  # Shows: the anomaly threshold read once, flag first.
  PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD=high run "$PM_BIN/pm-predict" "$NOW" "$B/in.ndjson"
  [ "$status" -eq 2 ]
  [ "$output" = 'pm-predict: error: PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD: must be a number above 0, got "high"' ]
  PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD=0 run "$PM_BIN/pm-predict" "$NOW" "$B/in.ndjson"
  [ "$status" -eq 2 ]
  [[ "$output" == *'PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD: must be a number above 0, got "0"' ]]
  PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD=high run --separate-stderr "$PM_BIN/pm-predict" "$NOW" --anomalies --threshold-z 2 "$B/in.ndjson"
  [ "$status" -eq 0 ]
}

@test "an empty variable counts as unset: the default applies" {
  # Shows: `VAR= tool` as POSIX tools read it, for each variable.
  PERFORMANCE_MONITOR_RETENTION_PERIOD= run "$PM_BIN/pm-ingest" "$NOW" "$B/in.ndjson"
  [ "$status" -eq 0 ]
  ALERT_SYSTEM_MAX_HISTORY= run "$PM_BIN/pm-alert" "$NOW" --rule 'cpu: system.cpu.usage > 50' "$B/in.ndjson"
  [ "$status" -eq 0 ]
  PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD= run --separate-stderr "$PM_BIN/pm-predict" "$NOW" "$B/in.ndjson"
  [ "$status" -eq 0 ]
}
