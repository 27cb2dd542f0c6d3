#!/usr/bin/env bats
# Rules files in the rule language (one rule per line, as --rule takes it, with # comments)
# beside the JSON forms, and rules about metrics that never appear: said once, not UNKNOWN
# unless the rule asks for it (on_missing=unknown).

bats_require_minimum_version 1.5.0

setup() {
  export PM_HISTORY="$BATS_TEST_TMPDIR/store"
  FIXTURE="$PM_SOURCE/tests/fixtures/alert/cpu_spike.ndjson"
  cat > "$BATS_TEST_TMPDIR/rules" <<'RULES'
# The web tier.
high_cpu: system.cpu.usage > 80 for 2m severity=warning   # sustained load

  db_slow: p95(api.request.duration{module="database#1"}) over 5m > 0.5 severity=warning
RULES
}

@test "--check-rules reads a rules file in the rule language: comments, blank lines, # in quotes" {
  run --separate-stderr "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/rules" --check-rules
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 2 ]
  [ "${lines[0]}" = "high_cpu: system.cpu.usage > 80 for 2m severity=warning" ]
  [ "${lines[1]}" = 'db_slow: p95(api.request.duration{module="database#1"}) over 5m > 0.5 severity=warning' ]
}

@test "a rules file in the rule language gives the same alerts as the same rules given by --rule" {
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rules "$BATS_TEST_TMPDIR/rules" --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  from_file=$output
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rule 'high_cpu: system.cpu.usage > 80 for 2m severity=warning' \
    --rule 'db_slow: p95(api.request.duration{module="database#1"}) over 5m > 0.5 severity=warning' \
    --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  [ "$output" = "$from_file" ]
  [ "$(echo "$output" | jq -r .state | paste -sd' ')" = "firing resolved" ]
}

@test "a bad rule in a rules file names the file, the line and the column" {
  printf '# ok\nhigh_cpu: system.cpu.usage > 80\n  bad: system.cpu.usage >> 80\n' > "$BATS_TEST_TMPDIR/bad"
  run --separate-stderr "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/bad" --check-rules
  [ "$status" -eq 3 ]
  [[ "$stderr" == "pm-alert: error: $BATS_TEST_TMPDIR/bad:3:26: expected a number after \">\", got \">\"" ]]
}

@test "JSON rules files still read as JSON, and their errors still say so" {
  echo '[{"name":"high_cpu","metric":"system.cpu.usage","threshold":80}]' > "$BATS_TEST_TMPDIR/r.json"
  run "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/r.json" --check-rules
  [ "$status" -eq 0 ]
  [ "$output" = "high_cpu: system.cpu.usage > 80 severity=warning" ]
  echo '{"high_cpu": ' > "$BATS_TEST_TMPDIR/broken.json"
  run --separate-stderr "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/broken.json" --check-rules
  [ "$status" -eq 3 ]
  [[ "$stderr" == *"not valid JSON"* ]]
}

@test "pm-report --rules reads the rule language too" {
  run --separate-stderr "$PM_BIN/pm-report" --rules "$BATS_TEST_TMPDIR/rules" --format json --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  [[ "$stderr" != *"not valid JSON"* ]]
}

@test "a rule about a metric that never appears says so, and the run is not UNKNOWN" {
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rules "$BATS_TEST_TMPDIR/rules" --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-alert: warning: rule db_slow matched no record (on_missing=unknown would make that UNKNOWN)" ]
}

@test "with --state it says so once, in the first run only" {
  state="$BATS_TEST_TMPDIR/alert.state"
  run --separate-stderr "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/rules" --state "$state" --now 2026-11-22T10:03:00Z \
    <<<'{"ts":"2026-11-22T10:00:00.000Z","name":"system.cpu.usage","value":10}'
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-alert: warning: rule db_slow matched no record (on_missing=unknown would make that UNKNOWN)" ]
  for minute in 05 10; do
    run --separate-stderr "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/rules" --state "$state" --now "2026-11-22T10:$minute:30Z" \
      <<<"{\"ts\":\"2026-11-22T10:$minute:00.000Z\",\"name\":\"system.cpu.usage\",\"value\":10}"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    [ -z "$output" ]
  done
}

@test "on_missing=unknown asks for UNKNOWN when a rule matches no record" {
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rule 'db: api.request.duration > 1 on_missing=unknown' \
    --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 3 ]
  [ "$stderr" = "pm-alert: warning: rule db matched no record: UNKNOWN" ]
  run "$PM_BIN/pm-alert" --no-alert-history --rule 'db: api.request.duration > 1 on_missing=unknown' --format nagios \
    --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 3 ]
  [ "$output" = "ALERT UNKNOWN - no data for db" ]
}

@test "the plugin form stays UNKNOWN without data" {
  run "$PM_BIN/pm-alert" --no-alert-history -m api.request.duration -w 1 -c 2 --format nagios --now 2026-11-22T10:08:00Z "$FIXTURE"
  [ "$status" -eq 3 ]
  [ "$output" = "ALERT UNKNOWN - no data for api.request.duration" ]
}
