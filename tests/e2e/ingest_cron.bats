#!/usr/bin/env bats
# pm-ingest from cron: no terminal, a bare environment, the default store, runs that overlap.

setup() {
  home="$BATS_TEST_TMPDIR/home"
  mkdir -p "$home"
  printf '%s\n' '{"ts":"2026-11-22T10:00:00.000Z","name":"system.cpu.usage","value":12.5,"unit":"percent"}' > "$BATS_TEST_TMPDIR/sample.ndjson"
}

# Runs a command the way cron does: an almost empty environment and stdin not a terminal.
as_cron() {
  env -i HOME="$home" PATH=/usr/bin:/bin SHELL=/bin/sh "$@" < /dev/null
}

@test "cron's bare environment stores into ~/.local/state/pm" {
  # Shows: with no PM_HISTORY and no XDG_STATE_HOME the default store is under HOME.
  run as_cron sh -c "'$PM_BIN/pm-ingest' --now 2026-11-22T11:00:00Z < '$BATS_TEST_TMPDIR/sample.ndjson'"
  [ "$status" -eq 0 ]
  [ "$output" = "pm-ingest: 1 record accepted, 0 rejected, 1 segment touched" ]
  [ -s "$home/.local/state/pm/2026-11-22/10.ndjson" ]
}

@test "PM_HISTORY in the crontab beats XDG_STATE_HOME; -H DIR beats both" {
  # Shows: flag > environment > default for the store directory.
  run as_cron sh -c "XDG_STATE_HOME='$home/xdg' '$PM_BIN/pm-ingest' --now 2026-11-22T11:00:00Z '$BATS_TEST_TMPDIR/sample.ndjson'"
  [ "$status" -eq 0 ]
  [ -s "$home/xdg/pm/2026-11-22/10.ndjson" ]
  run as_cron sh -c "PM_HISTORY='$home/pm' XDG_STATE_HOME='$home/xdg2' '$PM_BIN/pm-ingest' --now 2026-11-22T11:00:00Z '$BATS_TEST_TMPDIR/sample.ndjson'"
  [ "$status" -eq 0 ]
  [ -s "$home/pm/2026-11-22/10.ndjson" ]
  [ ! -e "$home/xdg2" ]
  run as_cron sh -c "PM_HISTORY='$home/pm' '$PM_BIN/pm-ingest' -H '$home/flag' --now 2026-11-22T11:00:00Z '$BATS_TEST_TMPDIR/sample.ndjson'"
  [ "$status" -eq 0 ]
  [ -s "$home/flag/2026-11-22/10.ndjson" ]
}

@test "an empty run (nothing piped in) is quiet success" {
  # Shows: a cron job whose producer printed nothing does not fail.
  run as_cron "$PM_BIN/pm-ingest" -H "$home/pm"
  [ "$status" -eq 0 ]
  [ "$output" = "pm-ingest: 0 records accepted, 0 rejected, 0 segments touched" ]
}

@test "overlapping cron runs append in turn, and each run prunes what fell out of the retention" {
  # Shows: twelve hourly runs (the clock pinned at each run's time), four at a time, each
  # adding its hour's samples; with a 6 h retention from the environment (seconds) the runs
  # delete the segments that ended more than 6 h before them: 00..04 go, 05..11 stay.
  for batch in 0 1 2; do
    for run_in_batch in 0 1 2 3; do
      hour=$((batch * 4 + run_in_batch))
      printf '{"ts":"2026-11-22T%02d:%02d:00.000Z","name":"system.cpu.usage","value":%d}\n' \
        "$hour" 0 "$hour" "$hour" 30 "$hour" > "$BATS_TEST_TMPDIR/run$hour.ndjson"
      now=$(printf '2026-11-22T%02d:45:00Z' "$hour")
      as_cron sh -c "PM_HISTORY='$home/pm' PERFORMANCE_MONITOR_RETENTION_PERIOD=21600 '$PM_BIN/pm-ingest' --now $now < '$BATS_TEST_TMPDIR/run$hour.ndjson' 2>>'$BATS_TEST_TMPDIR/errors'" &
    done
    wait
  done
  [ "$(grep -c '^pm-ingest: 2 records accepted, 0 rejected, 1 segment touched$' "$BATS_TEST_TMPDIR/errors")" -eq 12 ]
  run ls "$home/pm/2026-11-22"
  [ "$output" = "$(printf '%02d.ndjson\n' 5 6 7 8 9 10 11)" ]
  run sh -c "cat '$home/pm'/2026-11-22/*.ndjson | jq -s 'map(.value) | unique'"
  [ "$(echo "$output" | jq -c .)" = "[5,6,7,8,9,10,11]" ]
  [ ! -e "$home/pm/rejected" ]
}
