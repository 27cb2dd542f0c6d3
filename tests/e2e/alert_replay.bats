#!/usr/bin/env bats
# pm-alert replaying a recorded stream: exact firing/resolved times, the same events when the
# stream is cut into runs sharing --state, and the --summary backtest.

bats_require_minimum_version 1.5.0

setup() {
  export PM_HISTORY="$BATS_TEST_TMPDIR/store"
  FIXTURE="$PM_SOURCE/tests/fixtures/alert/cpu_spike.ndjson"
  RULE='high_cpu: system.cpu.usage > 80 for 2m'
}

@test "a replayed spike fires once and resolves once at the exact record times" {
  # 85 at 10:02 starts the pending period; 91 at 10:04 is the first record 2m later; 70 at 10:06 resolves.
  run "$PM_BIN/pm-alert" --rule "$RULE" --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 2 ]
  [ "$(echo "${lines[0]}" | jq -r '[.kind,.rule,.state,.ts,.since,.value,.threshold,.condition,.severity]|join(" ")')" = \
    "alert high_cpu firing 2026-11-22T10:04:00.000Z 2026-11-22T10:04:00.000Z 91 80 above warning" ]
  [ "$(echo "${lines[1]}" | jq -r '[.state,.ts,.since,.value,.tags.host]|join(" ")')" = \
    "resolved 2026-11-22T10:06:00.000Z 2026-11-22T10:04:00.000Z 70 web1" ]
}

@test "the events also land in the alert history" {
  # Both transitions are appended to $PM_HISTORY/alerts.ndjson, created 0600.
  run "$PM_BIN/pm-alert" --rule "$RULE" --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  [ "$(jq -r .state "$PM_HISTORY/alerts.ndjson" | tr '\n' ' ')" = "firing resolved " ]
  [ "$(stat -c %a "$PM_HISTORY/alerts.ndjson")" = "600" ]
}

@test "the same stream cut into runs sharing --state gives identical events" {
  # Cut inside the pending period (after 10:03:00) and inside the firing period (after 10:05:00).
  "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --now 2026-11-22T10:08:00Z "$FIXTURE" > "$BATS_TEST_TMPDIR/one"
  head -n 7 "$FIXTURE" > "$BATS_TEST_TMPDIR/a"
  sed -n 8,11p "$FIXTURE" > "$BATS_TEST_TMPDIR/b"
  tail -n +12 "$FIXTURE" > "$BATS_TEST_TMPDIR/c"
  state="$BATS_TEST_TMPDIR/state.json"
  : > "$BATS_TEST_TMPDIR/split"
  for part in a b c; do
    last=$(tail -n 1 "$BATS_TEST_TMPDIR/$part" | jq -r .ts)
    run "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --state "$state" --now "$last" "$BATS_TEST_TMPDIR/$part"
    echo "$output" >> "$BATS_TEST_TMPDIR/split"
  done
  sed -i '/^$/d' "$BATS_TEST_TMPDIR/split"
  diff -u "$BATS_TEST_TMPDIR/one" "$BATS_TEST_TMPDIR/split"
  [ "$(wc -l < "$BATS_TEST_TMPDIR/split")" -eq 2 ]
  [ "$(stat -c %a "$state")" = "600" ]
}

@test "a run that ends while firing exits with the alert's severity and the next run resolves it" {
  # The first run ends at 10:05:00 with the alert firing: WARNING (1); the rest resolves it: OK (0).
  state="$BATS_TEST_TMPDIR/state.json"
  head -n 11 "$FIXTURE" > "$BATS_TEST_TMPDIR/a"
  tail -n +12 "$FIXTURE" > "$BATS_TEST_TMPDIR/b"
  run "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --state "$state" --now 2026-11-22T10:05:00Z "$BATS_TEST_TMPDIR/a"
  [ "$status" -eq 1 ]
  [ "$(echo "$output" | jq -r .state)" = "firing" ]
  run "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --state "$state" --now 2026-11-22T10:08:00Z "$BATS_TEST_TMPDIR/b"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .state)" = "resolved" ]
}

@test "--summary shows times fired, time firing and flaps per rule" {
  # One firing episode from 10:04 to 10:06: 2m; the rule with no data says so (UNKNOWN only
  # with on_missing=unknown).
  run --separate-stderr "$PM_BIN/pm-alert" --rule "$RULE" --rule 'idle: system.load.1 > 4' --summary --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-alert: warning: rule idle matched no record (on_missing=unknown would make that UNKNOWN)" ]
  [ "${lines[0]}" = "rule       fired        firing   flaps  active" ]
  [ "${lines[1]}" = "high_cpu       1            2m       0       0" ]
  [[ "${lines[2]}" == "idle           0            0s       0       0  (no data)" ]]
  [ ! -e "$PM_HISTORY/alerts.ndjson" ]
}

@test "--format text prints one line per transition" {
  # Human lines: time, state, severity, message.
  run "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --format text --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = '2026-11-22T10:04:00.000Z FIRING   warning  high_cpu: system.cpu.usage{host="web1"} = 91 (above 80)' ]
  [ "${lines[1]}" = '2026-11-22T10:06:00.000Z RESOLVED warning  high_cpu: system.cpu.usage{host="web1"} = 70 (resolved, threshold 80)' ]
}

@test "--format alertmanager writes webhook v4 payloads" {
  # One payload per transition, with alertname/severity labels and startsAt/endsAt.
  run "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --format alertmanager --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  [ "$(echo "${lines[0]}" | jq -r '[.version,.status,.alerts[0].labels.alertname,.alerts[0].labels.severity,.alerts[0].labels.host,.alerts[0].startsAt]|join(" ")')" = \
    "4 firing high_cpu warning web1 2026-11-22T10:04:00.000Z" ]
  [ "$(echo "${lines[1]}" | jq -r '[.status,.alerts[0].endsAt]|join(" ")')" = "resolved 2026-11-22T10:06:00.000Z" ]
}

@test "records arriving on stdin in a pipe are evaluated as they come" {
  # A pipe works like a file, and bad lines are reported with source and line and make the run UNKNOWN.
  run bash -c "{ cat '$FIXTURE'; echo 'not json'; } | '$PM_BIN/pm-alert' --no-alert-history --rule '$RULE' --now 2026-11-22T10:08:00Z"
  [ "$status" -eq 3 ]
  [[ "$output" == *'pm-alert: stdin:17: '* ]]
  [ "$(echo "$output" | grep -c '"kind":"alert"')" -eq 2 ]
}

@test "--history replays the store and keeps the alert history beside it" {
  # pm-ingest stores the stream; pm-alert -H DIR reads it back in time order.
  store="$BATS_TEST_TMPDIR/store2"
  "$PM_BIN/pm-ingest" -H "$store" < "$FIXTURE" 2> /dev/null
  run "$PM_BIN/pm-alert" -H "$store" --rule "$RULE" --now 2026-11-22T10:08:00Z
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '"\(.ts[11:16]) \(.state)"' | tr '\n' ,)" = "10:04 firing,10:06 resolved," ]
  [ "$(wc -l < "$store/alerts.ndjson")" -eq 2 ]
}

@test "a stream replayed into a state that has seen it leaves old records out of windows" {
  # The second run's records up to 10:06:30 are not inside the 1m window (10:06:30, 10:07:30] the
  # state holds: left out and counted (14), so a replay cannot pile records into one instant.
  state="$BATS_TEST_TMPDIR/state.json"
  rule='avg_cpu: avg(system.cpu.usage) over 1m > 80'
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rule "$rule" --state "$state" --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(echo "$output" | jq -r .state | tr '\n' ' ')" = "firing resolved " ]
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rule "$rule" --state "$state" --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  [ "$stderr" = "pm-alert: warning: 14 records were older than their series' window and left out of its aggregate" ]
}

@test "records on the 15 s sweep grid are in their window when it is judged: no instant flip-flops" {
  # A steady stream with every record on a whole quarter-minute: a count rule judged from
  # 10:05 on (when the records cover its window) fires once and stays firing, the record on
  # each sweep instant counted; an error_rate rule gives the same events in one run and cut
  # into three runs sharing --state.
  for i in $(seq 0 7); do
    printf '{"ts":"2026-11-22T10:%02d:00Z","name":"jobs.done","value":1}\n' "$i"
  done > "$BATS_TEST_TMPDIR/jobs"
  run "$PM_BIN/pm-alert" --no-alert-history --now 2026-11-22T10:07:00Z -f text \
    --rule 'lowtp: count(jobs.done) over 5m < 6 flapping=off' "$BATS_TEST_TMPDIR/jobs"
  [ "$status" -eq 1 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "${lines[0]}" == "2026-11-22T10:05:00.000Z FIRING "*"= 5 (below 6)" ]]

  for i in $(seq 0 39); do # one request every 15 s; every third one fails
    status=$(( i % 3 == 0 ? 500 : 200 ))
    printf '{"ts":"2026-11-22T10:%02d:%02dZ","name":"api.request.duration","value":0.1,"tags":{"status":"%s"}}\n' \
      $(( i / 4 )) $(( i % 4 * 15 )) "$status"
  done > "$BATS_TEST_TMPDIR/api"
  rule='errors: error_rate(api.request.duration) over 1m > 0.3'
  "$PM_BIN/pm-alert" --no-alert-history --now 2026-11-22T10:09:45Z --rule "$rule" "$BATS_TEST_TMPDIR/api" > "$BATS_TEST_TMPDIR/one" || true
  split -l 13 "$BATS_TEST_TMPDIR/api" "$BATS_TEST_TMPDIR/part."
  : > "$BATS_TEST_TMPDIR/split"
  for part in "$BATS_TEST_TMPDIR"/part.*; do
    "$PM_BIN/pm-alert" --no-alert-history --state "$BATS_TEST_TMPDIR/state" --now "$(tail -n 1 "$part" | jq -r .ts)" \
      --rule "$rule" "$part" >> "$BATS_TEST_TMPDIR/split" || true
  done
  diff -u "$BATS_TEST_TMPDIR/one" "$BATS_TEST_TMPDIR/split"
  # no firing and resolved at one instant
  [ -z "$(jq -r .ts "$BATS_TEST_TMPDIR/one" | uniq -d)" ]
}
