#!/usr/bin/env bats
# --state files and the directories above them are created as needed (0700), so the
# README's cron lines work on a fresh account where ~/.cache/pm does not exist yet.

bats_require_minimum_version 1.5.0

setup() {
  fixtures="$PM_SOURCE/tests/fixtures/proc"
  export HOME="$BATS_TEST_TMPDIR/home" PM_HISTORY="$BATS_TEST_TMPDIR/home/.local/state/pm"
  mkdir -p "$HOME"
  umask 022
}

@test "pm-sample --state creates ~/.cache/pm (0700) and the file (0600)" {
  run --separate-stderr "$PM_BIN/pm-sample" --state "$HOME/.cache/pm/sample.state" \
    --proc-root "$fixtures/t0/proc" --collect system
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-sample: no previous state in $HOME/.cache/pm/sample.state: rates start with the next run" ]
  [[ "$output" == *'"name":"system.uptime"'* ]]
  [ "$(stat -c %a "$HOME/.cache")" = "700" ]
  [ "$(stat -c %a "$HOME/.cache/pm")" = "700" ]
  [ "$(stat -c %a "$HOME/.cache/pm/sample.state")" = "600" ]
  # The second run reads it: rates, and no word on stderr.
  run --separate-stderr "$PM_BIN/pm-sample" --state "$HOME/.cache/pm/sample.state" \
    --proc-root "$fixtures/t1/proc" --collect system
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [[ "$output" == *'"name":"system.context_switches"'* ]]
}

@test "directories that exist keep their mode" {
  mkdir -m 755 -p "$HOME/.cache"
  run "$PM_BIN/pm-sample" --state "$HOME/.cache/pm/sample.state" --proc-root "$fixtures/t0/proc" --collect system
  [ "$status" -eq 0 ]
  [ "$(stat -c %a "$HOME/.cache")" = "755" ]
  [ "$(stat -c %a "$HOME/.cache/pm")" = "700" ]
}

@test "a directory that cannot be created is an error naming it" {
  touch "$HOME/file"
  run --separate-stderr "$PM_BIN/pm-sample" --state "$HOME/file/pm/sample.state" --proc-root "$fixtures/t0/proc" --collect system
  [ "$status" -eq 1 ]
  [ "$stderr" = "pm-sample: error: cannot open state $HOME/file/pm/sample.state: not a directory" ]
}

@test "pm-alert --state creates its directory, the store and the alert history" {
  # The README's check-web.sh keeps its state under /var/lib/pm: here a fresh directory.
  dir="$BATS_TEST_TMPDIR/var/lib/pm"
  line='{"ts":"2026-11-22T10:00:00.000Z","name":"health.up","value":0,"tags":{"check":"web"}}'
  run --separate-stderr "$PM_BIN/pm-alert" --rule 'web_down: health.up < 1 severity=critical' \
    --state "$dir/web.state" --now 2026-11-22T10:00:01Z <<<"$line"
  [ "$status" -eq 2 ]
  [ "$(echo "$output" | jq -r .state)" = "firing" ]
  [ "$(stat -c %a "$dir")" = "700" ]
  [ "$(stat -c %a "$dir/web.state")" = "600" ]
  [ "$(jq -r .pm_alert_state "$dir/web.state")" = "1" ]
  [ "$(jq -r .rule "$PM_HISTORY/alerts.ndjson")" = "web_down" ]
  # The next run carries the firing alert: no new transition, still CRITICAL.
  run --separate-stderr "$PM_BIN/pm-alert" --rule 'web_down: health.up < 1 severity=critical' \
    --state "$dir/web.state" --now 2026-11-22T10:00:02Z <<<"${line/10:00:00/10:00:01}"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
}

@test "pm-ingest -H creates a store under directories that do not exist" {
  run --separate-stderr "$PM_BIN/pm-ingest" -H "$BATS_TEST_TMPDIR/var/lib/pm" \
    <<<'{"ts":"2026-11-22T10:00:00.000Z","name":"x","value":1}'
  [ "$status" -eq 0 ]
  [ "$(stat -c %a "$BATS_TEST_TMPDIR/var/lib/pm")" = "700" ]
  [ "$(cat "$BATS_TEST_TMPDIR/var/lib/pm/2026/11/22/10.ndjson")" = '{"ts":"2026-11-22T10:00:00.000Z","name":"x","value":1}' ]
}

@test "pm-report --output creates the directories above the file" {
  # The README's nightly line writes to "$HOME/reports/pm-DAY.html" on a fresh account.
  run --separate-stderr "$PM_BIN/pm-report" --format html --output "$HOME/reports/pm-2026-11-22.html" \
    --now 2026-11-22T10:00:01Z <<<'{"ts":"2026-11-22T10:00:00.000Z","name":"x","value":1}'
  [ "$status" -eq 0 ]
  [ "$(stat -c %a "$HOME/reports")" = "755" ]
  grep -q '</html>' "$HOME/reports/pm-2026-11-22.html"
}
