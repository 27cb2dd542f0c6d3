#!/usr/bin/env bats
# Minimum evidence for windowed rules: a rule `over D` judges a group once its records cover
# the window; an input that is all there is (no --state) and never covered a window is
# judged once over the whole run, and says so.

bats_require_minimum_version 1.5.0

setup() {
  B="$BATS_TEST_TMPDIR"
  # requests SECONDS PER_SECOND FIRST_STATUS: one module's requests from 10:00:00.
  requests() {
    python3 - "$@" <<'PY'
import json, sys, datetime
seconds, per_second, first = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
t0 = datetime.datetime(2026, 11, 22, 10, 0, 0)
for i in range(seconds * per_second):
    ts = (t0 + datetime.timedelta(milliseconds=i * 1000 // per_second)).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'
    print(json.dumps({"ts": ts, "name": "api.request.duration", "value": 0.1, "unit": "seconds",
                      "tags": {"module": "db", "status": first if i == 0 else "200"}}))
PY
  }
}

@test "a failed first request does not fire an error-rate rule before its window is covered" {
  # Shows: error_rate was 1 on the first request, fired, and resolved a second later (a
  # flap at the start of every stream); now the rule waits for a minute of requests.
  requests 180 1 503 > "$B/in"
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --now 2026-11-22T10:03:00Z \
    --rule 'errors: error_rate(api.request.duration) by (module) over 1m > 0.5 severity=critical flapping=off' "$B/in"
  [ "$status" -eq 0 ]
  [ "$output" = "" ]
}

@test "a 2-minute run at 5 req/s: low_throughput is judged over the whole run, and says so" {
  # Shows: a run shorter than the 5m window never judged low_throughput; now pm-alert (its
  # input all there is) and pm-report judge 5 req/s over the 2 minutes of records.
  requests 120 5 200 > "$B/in"
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --now 2026-11-22T10:02:00Z --defaults "$B/in"
  [ "$status" -eq 1 ]
  [ "$(jq -r '[.ts, .rule, .state, (.value * 100 | round / 100)] | join(" ")' <<< "$output")" = "2026-11-22T10:01:59.800Z low_throughput firing 5.01" ]
  [[ "$(jq -r .message <<< "$output")" == *' (over the whole run: 1m59s800ms of records, shorter than the window 5m)' ]]
  run --separate-stderr "$PM_BIN/pm-report" --now 2026-11-22T10:02:00Z --no-predict --defaults -f json "$B/in"
  [ "$status" -eq 0 ]
  [ "$(jq -c '[.alerts[] | [.metric, (.value * 100 | round / 100), .level]]' <<< "$output")" = '[["requests_per_second",5.01,"warning"]]' ]
}

@test "with --state the stream goes on: a window not yet covered is not judged at the end of a run" {
  # Shows: cron runs sharing a state give the events of one run; the first two minutes of a
  # stream judge nothing, the next run fires once the window is covered.
  requests 420 5 200 > "$B/all"
  head -n 600 "$B/all" > "$B/first"
  tail -n +601 "$B/all" > "$B/rest"
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --state "$B/state" --now 2026-11-22T10:02:00Z --defaults "$B/first"
  [ "$status" -eq 0 ]
  [ "$output" = "" ]
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --state "$B/state" --now 2026-11-22T10:07:00Z --defaults "$B/rest"
  [ "$status" -eq 1 ]
  [ "$(jq -r '[.ts, .rule, .state] | join(" ")' <<< "$output")" = "2026-11-22T10:05:00.000Z low_throughput firing" ]
  [[ "$(jq -r .message <<< "$output")" != *'whole run'* ]]
}
