#!/usr/bin/env bats
# The series limit (--max-series, PM_MAX_SERIES, default 100000) of the tools that keep state
# per series: N distinct series pass untouched; the N+1st is left out of the analysis with one
# warning naming the limit and how to raise it, a count at the end, and the exit status of
# input not all used (pm-report and pm-predict 1, pm-alert UNKNOWN unless an alert fires).
# pm-ingest has no such limit: the store keeps every series.

bats_require_minimum_version 1.5.0

setup() {
  B="$BATS_TEST_TMPDIR"
  NOW=--now=2026-11-22T11:00:00Z
  export PM_HISTORY="$B/store"
  unset PM_MAX_SERIES
  # 4 series (container=c0000000..3), 2 records each, the rounds 10 s apart.
  python3 "$PM_SOURCE/tests/bench/gen_series.py" --series 4 --records-per-series 2 > "$B/four.ndjson"
  head -n 3 "$B/four.ndjson" > "$B/three.ndjson" # the first round of three series
  WARNING='warning: more than 3 distinct series: the records of further series are left out of the analysis (first: container.memory.usage{container="c0000003",host="h3"}); raise the limit with --max-series N or PM_MAX_SERIES'
}

@test "pm-report: 3 series pass --max-series 3 without a word; the 4th is left out, warned once, counted, exit 1" {
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" --max-series 3 --format csv "$B/three.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "" ]
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" --max-series 4 --format csv "$B/four.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "" ]
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" --max-series 3 --format csv "$B/four.ndjson"
  [ "$status" -eq 1 ]
  [ "$stderr" = "pm-report: $WARNING
pm-report: left out past --max-series 3: 1 series, 2 records" ]
  [ "$(grep -c '^"container' <<< "$output")" -eq 3 ]
  [[ "$output" != *c0000003* ]]
  # The series kept are summarised as without the limit: each has both its records.
  [ "$(grep -c ',2,2026-11-22T10:00:00.000Z,2026-11-22T10:00:10.000Z,' <<< "$output")" -eq 3 ]
}

@test "PM_MAX_SERIES sets the limit; --max-series beats it; a bad value is a usage error naming its source" {
  PM_MAX_SERIES=3 run --separate-stderr "$PM_BIN/pm-report" "$NOW" --format csv "$B/four.ndjson"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"left out past --max-series 3: 1 series, 2 records" ]]
  PM_MAX_SERIES=3 run --separate-stderr "$PM_BIN/pm-report" "$NOW" --max-series 4 --format csv "$B/four.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "" ]
  PM_MAX_SERIES=lots run "$PM_BIN/pm-report" "$NOW" "$B/four.ndjson"
  [ "$status" -eq 2 ]
  [ "$output" = 'pm-report: error: PM_MAX_SERIES: must be a whole number of series from 1 to 1000000000, got "lots"' ]
  run "$PM_BIN/pm-predict" --max-series 0 "$B/four.ndjson"
  [ "$status" -eq 2 ]
  [ "$output" = 'pm-predict: error: --max-series: must be a whole number of series from 1 to 1000000000, got "0"' ]
  PM_MAX_SERIES=-3 run "$PM_BIN/pm-alert" -r 'x: container.memory.usage > 0' --no-alert-history "$B/four.ndjson"
  [ "$status" -eq 3 ]
  [[ "$output" == 'pm-alert: error: PM_MAX_SERIES: must be a whole number'* ]]
}

@test "the limit counts only the selected series: --metric and --tag narrow first" {
  { cat "$B/four.ndjson"; printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","name":"other.gauge","value":1}'; } > "$B/mixed.ndjson"
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" --max-series 4 --metric 'container.*' --format csv "$B/mixed.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "" ]
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" --max-series 3 --tag container!=c0000002 --format csv "$B/four.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "" ]
}

@test "pm-alert: the 4th series is left out of the rules; UNKNOWN (3) when nothing fires, a firing alert still decides" {
  run --separate-stderr "$PM_BIN/pm-alert" --max-series 3 -r 'huge: container.memory.usage > 1e12' --no-alert-history "$B/three.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "" ]
  run --separate-stderr "$PM_BIN/pm-alert" --max-series 3 -r 'huge: container.memory.usage > 1e12' --no-alert-history "$B/four.ndjson"
  [ "$status" -eq 3 ]
  [ "$stderr" = "pm-alert: $WARNING
pm-alert: left out past --max-series 3: 1 series, 2 records" ]
  # Every series is above 1e6: the three kept fire (warning, exit 1); the fourth does not.
  run --separate-stderr "$PM_BIN/pm-alert" --max-series 3 -r 'big: container.memory.usage > 1e6 severity=warning' --no-alert-history "$B/four.ndjson"
  [ "$status" -eq 1 ]
  [ "$(grep -c '"state":"firing"' <<< "$output")" -eq 3 ]
  [[ "$output" != *c0000003* ]]
}

@test "pm-predict: 3 series pass, the 4th is left out with the warning and the count, exit 1" {
  run --separate-stderr "$PM_BIN/pm-predict" --max-series 3 --format json "$B/three.ndjson"
  [ "$status" -eq 0 ]
  [[ "$stderr" != *"distinct series"* ]]
  run --separate-stderr "$PM_BIN/pm-predict" --max-series 3 --format json "$B/four.ndjson"
  [ "$status" -eq 1 ]
  [[ "$stderr" == "pm-predict: $WARNING
pm-predict: left out past --max-series 3: 1 series, 2 records"* ]]
  [[ "$output" == *c0000002* ]]
  [[ "$output" != *c0000003* ]]
}

@test "pm-ingest stores every series (it has no limit); reading the store back applies it" {
  run "$PM_BIN/pm-ingest" --max-series 3 "$B/four.ndjson"
  [ "$status" -eq 2 ]
  PM_MAX_SERIES=3 run "$PM_BIN/pm-ingest" "$B/four.ndjson"
  [ "$status" -eq 0 ]
  [ "$output" = 'pm-ingest: 8 records accepted, 0 rejected, 1 segment touched' ]
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" -H --since 2026-11-22 --max-series 3 --format csv
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"left out past --max-series 3: 1 series, 2 records" ]]
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" -H --since 2026-11-22 --format csv
  [ "$status" -eq 0 ]
  [ "$(grep -c '^"container' <<< "$output")" -eq 4 ]
}

@test "the default is 100000: 100000 series pass, the 100001st is left out" {
  python3 "$PM_SOURCE/tests/bench/gen_series.py" --series 100001 > "$B/many.ndjson"
  head -n 100000 "$B/many.ndjson" | "$PM_BIN/pm-alert" -r 'huge: container.memory.usage > 1e12' --no-alert-history 2> "$B/err" && status=0 || status=$?
  [ "$status" -eq 0 ]
  [ ! -s "$B/err" ]
  "$PM_BIN/pm-alert" -r 'huge: container.memory.usage > 1e12' --no-alert-history "$B/many.ndjson" 2> "$B/err" && status=0 || status=$?
  [ "$status" -eq 3 ]
  diff -u - "$B/err" <<'END'
pm-alert: warning: more than 100000 distinct series: the records of further series are left out of the analysis (first: container.memory.usage{container="c0100000",host="h0"}); raise the limit with --max-series N or PM_MAX_SERIES
pm-alert: left out past --max-series 100000: 1 series, 1 record
END
}
