#!/usr/bin/env bats
# pm-report as a CI gate: --baseline, --tolerance, --fail-on-regression, JUnit and every format naming failures.

bats_require_minimum_version 1.5.0

setup() {
  NOW=--now=2026-11-22T12:00Z
  B="$BATS_TEST_TMPDIR"
  # Baseline: case a ~100 ms, case b ~200 ms, throughput 1000 ops/s.
  printf '%s\n' \
    '{"ts":"2026-11-22T10:00:00Z","name":"bench.duration","value":0.100,"unit":"seconds","tags":{"case":"a"}}' \
    '{"ts":"2026-11-22T10:00:01Z","name":"bench.duration","value":0.102,"unit":"seconds","tags":{"case":"a"}}' \
    '{"ts":"2026-11-22T10:00:00Z","name":"bench.duration","value":0.200,"unit":"seconds","tags":{"case":"b"}}' \
    '{"ts":"2026-11-22T10:00:00Z","name":"bench.throughput","value":1000,"unit":"ops/s"}' > "$B/main.ndjson"
  # Current: a +10 % (regression), b +1 % (within), throughput -20 % (regression: lower is worse).
  printf '%s\n' \
    '{"ts":"2026-11-22T11:00:00Z","name":"bench.duration","value":0.110,"unit":"seconds","tags":{"case":"a"}}' \
    '{"ts":"2026-11-22T11:00:01Z","name":"bench.duration","value":0.1122,"unit":"seconds","tags":{"case":"a"}}' \
    '{"ts":"2026-11-22T11:00:00Z","name":"bench.duration","value":0.202,"unit":"seconds","tags":{"case":"b"}}' \
    '{"ts":"2026-11-22T11:00:00Z","name":"bench.throughput","value":800,"unit":"ops/s"}' > "$B/pr.ndjson"
  # Current, all within 5 %.
  printf '%s\n' \
    '{"ts":"2026-11-22T11:00:00Z","name":"bench.duration","value":0.101,"unit":"seconds","tags":{"case":"a"}}' \
    '{"ts":"2026-11-22T11:00:00Z","name":"bench.duration","value":0.199,"unit":"seconds","tags":{"case":"b"}}' \
    '{"ts":"2026-11-22T11:00:00Z","name":"bench.throughput","value":1010,"unit":"ops/s"}' > "$B/good.ndjson"
}

@test "--fail-on-regression exits 1 and names each failing gate with its delta" {
  # Shows: the CI gate of pm-report(1): regressions beyond PCT make the exit status 1.
  run "$PM_BIN/pm-report" "$NOW" "$B/pr.ndjson" --baseline "$B/main.ndjson" --fail-on-regression 5%
  [ "$status" -eq 1 ]
  [[ "$output" == *'FAIL  regression: bench.duration{case="a"}  bench.duration{case="a"} mean 0.101 -> 0.1111 (+10.0%, allowed +5%)'* ]]
  [[ "$output" == *'pass  regression: bench.duration{case="b"}'* ]]
  [[ "$output" == *'FAIL  regression: bench.throughput          bench.throughput mean 1000 -> 800 (-20.0%, allowed -5%)'* ]]
  [[ "$output" == *'pm-report: gate failed: regression: bench.duration{case="a"}'* ]]
}

@test "within the tolerance the gate passes with exit 0" {
  # Shows: a run no worse than PCT passes.
  run "$PM_BIN/pm-report" "$NOW" "$B/good.ndjson" --baseline "$B/main.ndjson" --fail-on-regression 5
  [ "$status" -eq 0 ]
  [[ "$output" != *FAIL* ]]
  [[ "$output" == *"health HEALTHY"* ]]
}

@test "--baseline alone flags regressions beyond --tolerance without failing" {
  # Shows: comparison is informative unless a gate is asked for.
  run "$PM_BIN/pm-report" "$NOW" -f json "$B/pr.ndjson" --baseline "$B/main.ndjson" --tolerance 15%
  [ "$status" -eq 0 ]
  run jq -c '[.metrics[] | [.name, .baseline.regression, (.baseline.delta_pct*10|round/10)]]' <<< "$output"
  [ "$output" = '[["bench.duration",false,10],["bench.duration",false,1],["bench.throughput",true,-20]]' ]
}

@test "a report JSON works as the baseline, with --compare choosing the statistic" {
  # Shows: the baseline can be a previous run's dashboard JSON.
  "$PM_BIN/pm-report" "$NOW" -f json "$B/main.ndjson" > "$B/main.json"
  run "$PM_BIN/pm-report" "$NOW" "$B/pr.ndjson" --baseline "$B/main.json" --compare max --fail-on-regression 9
  [ "$status" -eq 1 ]
  [[ "$output" == *'bench.duration{case="a"} max 0.102 -> 0.1122 (+10.0%, allowed +9%)'* ]]
}

@test "JUnit output is valid XML with a failing testcase per failed gate" {
  # Shows: CI test viewers see each gate; xmllint validates the file.
  run "$PM_BIN/pm-report" "$NOW" -f junit -o "$B/junit.xml" "$B/pr.ndjson" --baseline "$B/main.ndjson" --fail-on-regression 5%
  [ "$status" -eq 1 ]
  run xmllint --noout "$B/junit.xml"
  [ "$status" -eq 0 ]
  run xmllint --xpath 'string(/testsuites/@tests)' "$B/junit.xml"
  [ "$output" = 3 ]
  run xmllint --xpath 'string(/testsuites/@failures)' "$B/junit.xml"
  [ "$output" = 2 ]
  run xmllint --xpath 'count(//testcase[failure])' "$B/junit.xml"
  [ "$output" = 2 ]
  run xmllint --xpath 'string(//testcase[@name="regression: bench.throughput"]/failure/@message)' "$B/junit.xml"
  [ "$output" = 'bench.throughput mean 1000 -> 800 (-20.0%, allowed -5%)' ]
  run xmllint --xpath 'count(//testcase[@name="regression: bench.duration{case=&quot;b&quot;}"]/failure)' "$B/junit.xml"
  [ "$output" = 0 ]
}

@test "JUnit lists alert rules from the input, failing while they fire" {
  # Shows: one testcase per alert rule seen; valid XML even with markup in messages.
  printf '%s\n' \
    '{"ts":"2026-11-22T10:00:00Z","kind":"alert","name":"system.cpu.usage","value":91,"rule":"high_cpu","state":"firing","severity":"warning","threshold":80,"message":"cpu <91%> & rising"}' > "$B/alerts.ndjson"
  run "$PM_BIN/pm-report" "$NOW" -f junit "$B/alerts.ndjson"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" > "$B/j.xml"
  run xmllint --xpath 'string(//testcase[@name="high_cpu"]/failure)' "$B/j.xml"
  [[ "$output" == *'[warning] cpu <91%> & rising'* ]]
}

@test "every format names the failing gates" {
  # Shows: text, json, markdown, html, junit and csv all carry the gate result.
  for format in text json markdown html junit; do
    run "$PM_BIN/pm-report" "$NOW" -f $format "$B/pr.ndjson" --baseline "$B/main.ndjson" --fail-on-regression 5%
    [ "$status" -eq 1 ]
    [[ "$output" == *'regression: bench.throughput'* ]] || { echo "format $format"; false; }
  done
  run "$PM_BIN/pm-report" "$NOW" -f csv "$B/pr.ndjson" --baseline "$B/main.ndjson" --fail-on-regression 5%
  [ "$status" -eq 1 ]
  [[ "$output" == *'bench.throughput,bench.throughput,,ops/s,,1,'*',1000,-20,true'* ]]
  run bash -c "'$PM_BIN/pm-report' $NOW -f json '$B/pr.ndjson' --baseline '$B/main.ndjson' --fail-on-regression 5% 2>/dev/null | jq -c .health.failed_gates"
  [ "$output" = '["regression: bench.duration{case=\"a\"}","regression: bench.throughput"]' ]
}

@test "markdown fits a GitHub job summary: gates table and health heading" {
  # Shows: the Markdown is a heading, a gates table and the series table.
  run "$PM_BIN/pm-report" "$NOW" -f markdown "$B/pr.ndjson" --baseline "$B/main.ndjson" --fail-on-regression 5%
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "## pm-report: ❌ unhealthy" ]
  [[ "$output" == *'| gate | result | detail |'*'| regression: bench.throughput | ❌ failed |'* ]]
  [[ "$output" == *'| `bench.throughput` | 1 | 800 ops/s |'*'**-20.0% regression** |'* ]]
}

@test "--fail-on evaluates a pm-alert expression over the input: exit 1 and a named gate" {
  # Shows: the alert engine's expression language as a CI gate (no second implementation).
  printf '%s\n' \
    '{"ts":"2026-11-22T10:00:00Z","name":"api.request.duration","value":0.2,"tags":{"module":"database","status":"200"}}' \
    '{"ts":"2026-11-22T10:00:01Z","name":"api.request.duration","value":0.9,"tags":{"module":"database","status":"200"}}' \
    '{"ts":"2026-11-22T10:00:02Z","name":"api.request.duration","value":0.1,"tags":{"module":"auth","status":"500"}}' > "$B/req.ndjson"
  run "$PM_BIN/pm-report" "$NOW" "$B/req.ndjson" --fail-on 'db_p95: p95(api.request.duration{module="database"}) > 0.5'
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAIL  fail-on: db_p95"* ]]
  run "$PM_BIN/pm-report" "$NOW" "$B/req.ndjson" --fail-on 'db_p95: p95(api.request.duration{module="database"}) > 1'
  [ "$status" -eq 0 ]
  [[ "$output" == *"pass  fail-on: db_p95"* ]]
  run "$PM_BIN/pm-report" "$NOW" -f junit -o "$B/j.xml" "$B/req.ndjson" \
    --fail-on 'errors: error_rate(api.request.duration) by (module) > 0.5' \
    --fail-on 'db_p95: p95(api.request.duration{module="database"}) > 1'
  [ "$status" -eq 1 ]
  xmllint --noout "$B/j.xml"
  run xmllint --xpath 'count(//testcase[failure])' "$B/j.xml"
  [ "$output" = 1 ]
  run xmllint --xpath 'string(//testcase[failure]/@name)' "$B/j.xml"
  [ "$output" = "fail-on: errors" ]
}

@test "a --fail-on percentile judges the percentile the report prints (nearest rank)" {
  # Shows: one definition of p50/p95 in pm-report's table and in its gates: of 1..10, p50 is
  # 5 and p95 is 10 (ranks ceil(0.5*10) and ceil(0.95*10)), not the interpolated 5.5 and 9.55.
  for v in 1 2 3 4 5 6 7 8 9 10; do
    printf '{"ts":"2026-11-22T10:00:%02dZ","name":"x","value":%s}\n' "$v" "$v"
  done > "$B/ten.ndjson"
  run "$PM_BIN/pm-report" "$NOW" -f json "$B/ten.ndjson"
  [ "$(jq -c '.metrics.x | [.p50, .p95]' <<< "$output")" = '[5,10]' ]
  run "$PM_BIN/pm-report" "$NOW" "$B/ten.ndjson" --fail-on 'p50(x) > 5.2' --fail-on 'p95(x) > 9.6'
  [ "$status" -eq 1 ]
  [[ "$output" == *"pass  fail-on: p50(x) > 5.2"* ]]
  [[ "$output" == *"FAIL  fail-on: p95(x) > 9.6"*"= 10"* ]]
}

@test "gates on one metric are told apart by their expressions in every export; a name is used once" {
  # Shows: unnamed gates are named by their whole expression, so a failed one cannot hide
  # behind a passing one of the same name in the Prometheus or Influx export.
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" -f prometheus "$B/pr.ndjson" \
    --fail-on 'max(bench.duration{case="a"}) > 0.11' --fail-on 'max(bench.duration) > 100'
  [ "$status" -eq 1 ]
  [[ "$output" == *'pm_report_gate_failed{gate="fail-on: max(bench.duration{case=\"a\"}) > 0.11",kind="fail-on"} 1'* ]]
  [[ "$output" == *'pm_report_gate_failed{gate="fail-on: max(bench.duration) > 100",kind="fail-on"} 0'* ]]
  [[ "$stderr" == *'gate failed: fail-on: max(bench.duration{case="a"}) > 0.11: max of bench.duration{case="a"} = 0.1122 (above 0.11)'* ]]
  run "$PM_BIN/pm-report" "$NOW" "$B/pr.ndjson" --fail-on 'slow: max(bench.duration) > 1' --fail-on 'slow: p95(bench.duration) > 1'
  [ "$status" -eq 2 ]
  [[ "$output" == *'--fail-on: two rules are named "slow"'* ]]
}

@test "an alert that is flapping but firing at the end is listed as active" {
  # Shows: active alerts come from the engine's state, not the last notified transition (a
  # flapping alert's transitions are tracked without being notified).
  for i in $(seq 0 29); do # 10, 95, 10, ... 95: fires at odd minutes, last at 10:29
    v=$(( i % 2 == 0 ? 10 : 95 ))
    printf '{"ts":"2026-11-22T10:%02d:00Z","name":"system.cpu.usage","value":%s,"unit":"percent"}\n' "$i" "$v"
  done > "$B/flap.ndjson"
  run "$PM_BIN/pm-alert" --no-alert-history --rule 'hot: system.cpu.usage > 80' "$B/flap.ndjson"
  [ "$status" -eq 1 ] # WARNING: firing
  [ "$(jq -r .notification <<< "${lines[-1]}")" = flapping_start ]
  [ "$(jq -r .state <<< "${lines[-1]}")" = resolved ]
  echo '[{"expr": "hot: system.cpu.usage > 80"}]' > "$B/hot.json"
  run "$PM_BIN/pm-report" "$NOW" -f json "$B/flap.ndjson" --rules "$B/hot.json"
  [ "$status" -eq 0 ]
  # firing since the last record, 10:29:00
  [ "$(jq -c '[.alerts[] | [.metric, .value, .timestamp]], .summary.active_alerts' <<< "$output" | paste -sd' ')" = \
    '[["system.cpu.usage",95,1795343340]] 1' ]
}

@test "a gate that judges nothing passes with a warning: a typo in a metric, a baseline of other series" {
  # Shows: a CI gate that compares nothing is almost always a mistake; the user hears of it.
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" "$B/pr.ndjson" --fail-on 'p95(bench.duraton) > 0.5'
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-report: warning: gate fail-on: p95(bench.duraton) > 0.5 passed without judging anything: no records selected by bench.duraton" ]
  # Selected but not judged (a rate of one record) is not "no records selected": the series and why.
  echo '{"ts":"2026-11-22T10:00:00Z","name":"api.request.duration","value":0.2,"unit":"s","tags":{"module":"db"}}' > "$B/one.ndjson"
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" "$B/one.ndjson" --fail-on 'rate(api.request.duration) over 5m < 1'
  [ "$status" -eq 0 ]
  [ "$stderr" = 'pm-report: warning: gate fail-on: rate(api.request.duration) over 5m < 1 passed without judging anything: api.request.duration{module="db"} not judged: a rate needs two records at different times' ]
  echo '{"ts":"2026-11-22T10:00:00Z","name":"other","value":1}' > "$B/other.ndjson"
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" "$B/pr.ndjson" --baseline "$B/other.ndjson" --fail-on-regression 5%
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-report: warning: --baseline $B/other.ndjson shares no series with the input: nothing was compared" ]
}

@test "a bad --fail-on expression is a usage error naming it" {
  # Shows: the engine's parser reports the problem; exit 2.
  run "$PM_BIN/pm-report" "$NOW" /dev/null --fail-on 'p95(api.request.duration) >'
  [ "$status" -eq 2 ]
  [[ "$output" == *"--fail-on"* ]]
}

@test "--rules and --defaults run alert rules inline: firing alerts listed, one JUnit testcase per rule" {
  # Shows: rules evaluated through the alert engine in record time; health follows them.
  printf '%s\n' '{"cpu_hot": {"metric": "system.cpu.usage", "threshold": 50, "severity": "warning"}}' > "$B/rules.json"
  printf '%s\n' \
    '{"ts":"2026-11-22T10:00:00Z","name":"system.cpu.usage","value":40,"unit":"percent","tags":{"host":"a"}}' \
    '{"ts":"2026-11-22T10:00:10Z","name":"system.cpu.usage","value":70,"unit":"percent","tags":{"host":"a"}}' \
    '{"ts":"2026-11-22T10:00:10Z","name":"system.cpu.usage","value":20,"unit":"percent","tags":{"host":"b"}}' > "$B/cpu.ndjson"
  run "$PM_BIN/pm-report" "$NOW" -f json "$B/cpu.ndjson" --rules "$B/rules.json"
  [ "$status" -eq 0 ]
  run jq -c '[.alerts[] | [.module, .metric, .value, .threshold, .level]], .summary, .health.overall_status, .health.rules' <<< "$output"
  [ "${lines[0]}" = '[["system.cpu.usage{host=\"a\"}","system.cpu.usage",70,50,"warning"]]' ]
  [ "${lines[1]}" = '{"total_modules":0,"active_alerts":1,"warning_alerts":1}' ]
  [ "${lines[2]}" = '"degraded"' ]
  [ "${lines[3]}" = '[{"name":"cpu_hot","fired":1,"active":1,"saw_data":true}]' ]
  run "$PM_BIN/pm-report" "$NOW" -f junit "$B/cpu.ndjson" --defaults
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" > "$B/d.xml"
  xmllint --noout "$B/d.xml"
  run xmllint --xpath 'count(//testcase[@classname="pm-report.rule"])' "$B/d.xml"
  [ "$output" -ge 7 ]
  run xmllint --xpath 'count(//testcase[@name="high_cpu"])' "$B/d.xml"
  [ "$output" = 1 ]
}

@test "--fail-on judges in bounded memory: peak memory stays within twice the plain report's" {
  # Shows: a gate keeps summaries and sketches under the report's budget, not a copy of each
  # record it selects (300,000 records took the peak from 25 MB to 150 MB when it did).
  awk 'BEGIN { for (i = 0; i < 300000; i++)
    printf "{\"ts\":%d.%03d,\"name\":\"api.request.duration\",\"value\":%.3f,\"unit\":\"seconds\",\"tags\":{\"module\":\"m%d\",\"endpoint\":\"/api/items\",\"method\":\"GET\",\"status\":\"%d\"}}\n",
      1795341600 + int(i / 1000), i % 1000, (i * 7919 % 1000) / 1000, i % 4, i % 50 == 0 ? 500 : 200 }' > "$B/many.ndjson"
  /usr/bin/time -f %M -o "$B/plain.kb" "$PM_BIN/pm-report" "$NOW" -f csv "$B/many.ndjson" > /dev/null
  run /usr/bin/time -f %M -o "$B/gate.kb" "$PM_BIN/pm-report" "$NOW" -f csv "$B/many.ndjson" \
    --fail-on 'p95(api.request.duration) by (module) > 0.9' --fail-on 'error_rate(api.request.duration) > 0.01' \
    --fail-on 'avg(api.request.duration) over 1m > 0.9'
  [ "$status" -eq 1 ]
  [[ "$output" == *'pm-report: gate failed: fail-on: error_rate(api.request.duration) > 0.01: error_rate of api.request.duration{endpoint="/api/items",method="GET",module="m0"} = 0.04 (above 0.01); '* ]]
  [[ "$output" == *'pm-report: gate failed: fail-on: p95(api.request.duration) by (module) > 0.9: p95 of api.request.duration{module="m0"} = 0.948 (above 0.9); '* ]]
  plain=$(tail -n 1 "$B/plain.kb") gate=$(tail -n 1 "$B/gate.kb") # time notes a non-zero status first
  echo "peak: plain $plain KB, with gates $gate KB"
  [ "$gate" -lt $((2 * plain)) ]
}

@test "a gate over a window longer than the run judges the whole run, and says so" {
  # Shows: rate(...) over 5m on a 2-minute run at 5 req/s was 600/300 s = 2 (its records
  # divided by the whole window); now 5 req/s over the run's span, a single record no rate.
  python3 - > "$BATS_TEST_TMPDIR/in" <<'PY'
import json, datetime
t0 = datetime.datetime(2026, 11, 22, 10, 0, 0)
for i in range(600):
    ts = (t0 + datetime.timedelta(milliseconds=i * 200)).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'
    print(json.dumps({"ts": ts, "name": "api.request.duration", "value": 0.1, "tags": {"module": "db"}}))
PY
  run --separate-stderr "$PM_BIN/pm-report" --now 2026-11-22T10:02:00Z --no-predict "$BATS_TEST_TMPDIR/in" \
    --fail-on 'rate(api.request.duration) over 5m < 4' --fail-on 'rate(api.request.duration) over 5m < 6'
  [ "$status" -eq 1 ]
  [[ "$output" == *'pass  fail-on: rate(api.request.duration) over 5m < 4  rate of api.request.duration{module="db"} over the whole run (1m59s800ms of records, shorter than the window 5m) = 5.00835 (not below 4)'* ]]
  [[ "$output" == *'FAIL  fail-on: rate(api.request.duration) over 5m < 6  rate of api.request.duration{module="db"} over the whole run (1m59s800ms of records, shorter than the window 5m) = 5.00835 (below 6)'* ]]
  head -n 1 "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/one"
  run --separate-stderr "$PM_BIN/pm-report" --now 2026-11-22T10:02:00Z --no-predict "$BATS_TEST_TMPDIR/one" \
    --fail-on 'rate(api.request.duration) over 5m < 6'
  [ "$status" -eq 0 ]
  [[ "$stderr" == *'rate(api.request.duration) over 5m < 6 passed without judging anything'* ]]
}
