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
  [[ "$stderr" == *'gate failed: fail-on: error_rate(api.request.duration) over 5m > 0.5: error_rate of api.request.duration{module="api"} over the whole run (30s of records, shorter than the window 5m) = 0.75 (above 0.5)'* ]]

  run "$PM_BIN/pm-alert" "$NOW" --rule 'errors: error_rate(api.request.duration) over 5m > 0.5 severity=critical' --format nagios "$B/in.ndjson"
  [ "$status" -eq 2 ]
  [[ "$output" == 'ALERT CRITICAL - errors critical: api.request.duration{module="api"} = 0.75 |'* ]]
  [[ "$output" == *"'errors[api]'=0.75;;~:0.5;;" ]] # a share of requests, not seconds
  run "$PM_BIN/pm-alert" "$NOW" --rule 'errors: error_rate(api.request.duration) over 5m > 0.5 severity=critical' "$B/in.ndjson"
  [ "$status" -eq 2 ]
  # Judged once over the 30 s of records, not on the first (failed) request alone.
  [[ "${lines[0]}" == *'"value":0.75,"unit":"ratio","tags":{"module":"api"},"rule":"errors","state":"firing"'* ]]
}

@test "latency recorded in ms is judged in seconds alike by the dashboard, a gate, pm-alert and the export" {
  # Shows: one unit table (record/units): 300 ms is p95 0.3 s everywhere, a 1 s latency
  # rule does not fire, a 0.25 s one does in both tools, and each tool says it converted.
  for i in 0 1 2 3 4 5 6 7 8 9; do
    printf '{"ts":"2026-11-22T10:00:%02dZ","name":"api.request.duration","value":100,"unit":"ms","tags":{"module":"api"}}\n' "$i"
    printf '{"ts":"2026-11-22T10:00:%02dZ","name":"api.request.duration","value":300,"unit":"ms","tags":{"module":"api"}}\n' "$((i + 10))"
  done > "$B/in.ndjson"
  note='note: values in "ms" (first: api.request.duration) are compared in seconds, x 0.001'

  run --separate-stderr "$PM_BIN/pm-report" "$NOW" --format json "$B/in.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-report: $note" ]
  [ "$(printf '%s' "$output" | json_field 'd["modules"]["api"]["metrics"]["latency_p95"]')" = 0.3 ]
  [ "$(printf '%s' "$output" | json_field 'd["metrics"]["api.request.duration{module=\"api\"}"]["p95"]')" = 0.3 ]
  [ "$(printf '%s' "$output" | json_field 'd["metrics"]["api.request.duration{module=\"api\"}"]["unit"]')" = seconds ]

  run --separate-stderr "$PM_BIN/pm-report" "$NOW" --format prometheus "$B/in.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" == *'api_request_duration_seconds{module="api"} 0.3'* ]]

  run --separate-stderr "$PM_BIN/pm-report" "$NOW" "$B/in.ndjson" --fail-on 'p95(api.request.duration) over 5m > 1'
  [ "$status" -eq 0 ]
  [[ "$output" == *'pass  fail-on: p95(api.request.duration) over 5m > 1  p95 of api.request.duration{module="api"} over the whole run (19s of records, shorter than the window 5m) = 0.3 (not above 1)'* ]]
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" "$B/in.ndjson" --fail-on 'p95(api.request.duration) over 5m > 0.25'
  [ "$status" -eq 1 ]
  [[ "$stderr" == *'= 0.3 (above 0.25)'* ]]
  # A threshold written with a unit is that many seconds: 250ms is 0.25, 1s is 1.
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" "$B/in.ndjson" --fail-on 'p95(api.request.duration) over 5m > 250ms'
  [ "$status" -eq 1 ]
  [[ "$stderr" == *'= 0.3 (above 0.25)'* ]]
  run --separate-stderr "$PM_BIN/pm-alert" "$NOW" --rule 'slow: p95(api.request.duration) over 5m > 1s severity=critical' --format nagios "$B/in.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" == *"'slow[api]'=0.3s;;~:1;;" ]]

  run --separate-stderr "$PM_BIN/pm-alert" "$NOW" --rule 'slow: p95(api.request.duration) over 5m > 1 severity=critical' --format nagios "$B/in.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-alert: $note" ]
  [[ "$output" == 'ALERT OK - api.request.duration{module="api"} = 0.3 |'* ]]
  run --separate-stderr "$PM_BIN/pm-alert" "$NOW" --rule 'slow: p95(api.request.duration) over 5m > 0.25 severity=critical' --format nagios "$B/in.ndjson"
  [ "$status" -eq 2 ]
  [[ "$output" == 'ALERT CRITICAL - slow critical: api.request.duration{module="api"} = 0.3 |'* ]]
  # The alert record says what it compared: the value in seconds.
  run --separate-stderr "$PM_BIN/pm-alert" "$NOW" --rule 'slow: p95(api.request.duration) over 5m > 0.25 severity=critical' "$B/in.ndjson"
  [ "$status" -eq 2 ]
  [[ "$output" == *'"value":0.3,"unit":"seconds"'* ]]
}

@test "the default latency rules judge ms input in seconds alike in pm-alert and pm-report" {
  # Shows: 300 ms is under the 0.5 s / 1 s latency_p95 defaults everywhere; 1500 ms is
  # critical everywhere, with the value in seconds. (One request a second is below
  # low_throughput's 10/s, judged over the whole minute, shorter than its 5m window.)
  for i in $(seq 0 59); do
    printf '{"ts":"2026-11-22T10:00:%02dZ","name":"api.request.duration","value":300,"unit":"ms","tags":{"module":"api"}}\n' "$i"
  done > "$B/fast.ndjson"
  sed 's/"value":300/"value":1500/' "$B/fast.ndjson" > "$B/slow.ndjson"

  run --separate-stderr "$PM_BIN/pm-alert" "$NOW" --defaults --format nagios "$B/fast.ndjson"
  [ "$status" -eq 1 ]
  [[ "$output" == 'ALERT WARNING - low_throughput warning: '* ]]
  [[ "$output" == *"'latency_p95[api]'=0.3s;~:0.5;~:1;;"* ]]
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" --defaults --format json "$B/fast.ndjson"
  [ "$status" -eq 0 ]
  [ "$(printf '%s' "$output" | json_field '[a["metric"] for a in d["alerts"]]')" = "['requests_per_second']" ]
  [ "$(printf '%s' "$output" | json_field 'd["health"]["overall_status"]')" = degraded ]

  run --separate-stderr "$PM_BIN/pm-alert" "$NOW" --defaults --format nagios "$B/slow.ndjson"
  [ "$status" -eq 2 ]
  [[ "$output" == 'ALERT CRITICAL - latency_p95 critical: api.request.duration{module="api"} = 1.5;'* ]]
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" --defaults --format json "$B/slow.ndjson"
  [ "$status" -eq 0 ]
  [ "$(printf '%s' "$output" | json_field '[(a["level"], a["value"]) for a in d["alerts"] if a["level"] == "critical"]')" = "[('critical', 1.5)]" ]
  [ "$(printf '%s' "$output" | json_field 'd["health"]["overall_status"]')" = unhealthy ]
}
