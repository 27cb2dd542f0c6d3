#!/usr/bin/env bats
# The record contract asked in one place: pm-report's dashboard, its --fail-on gates and
# pm-alert give the same answer to the same question on the same records.

bats_require_minimum_version 1.5.0

setup() {
  NOW=--now=2026-11-22T10:01:00Z
  B="$BATS_TEST_TMPDIR"
}

json_field() {
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"
}

@test "error=yes, error=TRUE and success=no fail a request alike in the dashboard, a gate and pm-alert" {
  # Shows: one rule of a failed request (record/request): three of four requests failed,
  # in spellings of any case, so every tool says 0.75.
  printf '%s\n' \
    '{"ts":"2026-11-22T10:00:00Z","name":"api.request.duration","value":0.1,"unit":"seconds","tags":{"module":"api","status":"200","error":"yes"}}' \
    '{"ts":"2026-11-22T10:00:10Z","name":"api.request.duration","value":0.1,"unit":"seconds","tags":{"module":"api","status":"200","error":"TRUE"}}' \
    '{"ts":"2026-11-22T10:00:20Z","name":"api.request.duration","value":0.1,"unit":"seconds","tags":{"module":"api","status":"200","success":"no"}}' \
    '{"ts":"2026-11-22T10:00:30Z","name":"api.request.duration","value":0.1,"unit":"seconds","tags":{"module":"api","status":"200","success":"Yes"}}' \
    > "$B/in.ndjson"
  run "$PM_BIN/pm-report" "$NOW" --format json "$B/in.ndjson"
  [ "$status" -eq 0 ]
  [ "$(printf '%s' "$output" | json_field 'd["modules"]["api"]["metrics"]["error_rate"]')" = 0.75 ]
  [ "$(printf '%s' "$output" | json_field 'd["modules"]["api"]["total_errors"]')" = 3 ]
  [ "$(printf '%s' "$output" | json_field 'd["health"]["overall_status"]')" = unhealthy ]

  run --separate-stderr "$PM_BIN/pm-report" "$NOW" "$B/in.ndjson" --fail-on 'error_rate(api.request.duration) over 5m > 0.5'
  [ "$status" -eq 1 ]
  [[ "$stderr" == *'gate failed: fail-on: error_rate(api.request.duration) over 5m > 0.5: error_rate of api.request.duration{module="api"} over the last 5m = 0.75 (above 0.5)'* ]]

  run "$PM_BIN/pm-alert" "$NOW" --rule 'errors: error_rate(api.request.duration) over 5m > 0.5 severity=critical' --format nagios "$B/in.ndjson"
  [ "$status" -eq 2 ]
  [[ "$output" == 'ALERT CRITICAL - errors critical: api.request.duration{module="api"} = 0.75 |'* ]]
}
