#!/usr/bin/env bats
# `-H PATH` where PATH is not a store directory: every tool that reads or writes the store
# says what it found and what was expected, with its usage-error status, instead of reading
# an empty store (pm-report said HEALTHY and exited 0 for `-H FILE`).

bats_require_minimum_version 1.5.0

setup() {
  B="$BATS_TEST_TMPDIR"
  NOW=--now=2026-11-22T10:01:00Z
  printf 'not a store\n' > "$B/file"
  mkfifo "$B/fifo"
  export PM_HISTORY="$B/store"
}

@test "pm-report -H FILE, -H FIFO and -H FILE/sub are usage errors (exit 2) naming the path" {
  # Shows: the path and what was expected; nothing on stdout, no report.
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" -H "$B/file"
  [ "$status" -eq 2 ]
  [ "$output" = "" ]
  [ "$stderr" = "pm-report: error: --history: \"$B/file\" is a regular file, not a history store directory" ]
  run --separate-stderr timeout 10 "$PM_BIN/pm-report" "$NOW" -H "$B/fifo" --format json
  [ "$status" -eq 2 ]
  [ "$output" = "" ]
  [ "$stderr" = "pm-report: error: --history: \"$B/fifo\" is a FIFO, not a history store directory" ]
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" -H "$B/file/sub"
  [ "$status" -eq 2 ]
  [ "$stderr" = "pm-report: error: --history: \"$B/file/sub\" cannot be a history store directory: a part of its path is not a directory" ]
}

@test "PM_HISTORY naming a file is refused the same way, naming the variable" {
  # Shows: the source of the path is the variable, not the flag.
  PM_HISTORY="$B/file" run --separate-stderr "$PM_BIN/pm-report" "$NOW" -H
  [ "$status" -eq 2 ]
  [ "$stderr" = "pm-report: error: PM_HISTORY: \"$B/file\" is a regular file, not a history store directory" ]
}

@test "pm-alert (exit 3, UNKNOWN), pm-predict and pm-ingest (exit 2) agree with pm-report" {
  # Shows: one check for every tool, each with its own usage-error status.
  run --separate-stderr "$PM_BIN/pm-alert" "$NOW" -H "$B/file" --defaults
  [ "$status" -eq 3 ]
  [ "$output" = "" ]
  [ "$stderr" = "pm-alert: error: --history: \"$B/file\" is a regular file, not a history store directory" ]
  run --separate-stderr "$PM_BIN/pm-predict" "$NOW" -H "$B/file"
  [ "$status" -eq 2 ]
  [ "$output" = "" ]
  [ "$stderr" = "pm-predict: error: --history: \"$B/file\" is a regular file, not a history store directory" ]
  run --separate-stderr "$PM_BIN/pm-ingest" "$NOW" -H "$B/file" < /dev/null
  [ "$status" -eq 2 ]
  [ "$stderr" = "pm-ingest: error: --history: \"$B/file\" is a regular file, not a history store directory" ]
  [ "$(cat "$B/file")" = "not a store" ]
}

@test "a store that does not exist yet is still an empty store with a warning, and a directory reads" {
  # Shows: only something that is not a directory is refused.
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" -H "$B/none" --format json
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-report: warning: the history store $B/none does not exist yet: no records" ]
  printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","name":"system.cpu.usage","value":10,"unit":"percent"}' |
    "$PM_BIN/pm-ingest" "$NOW" -H "$B/store" 2>/dev/null
  run --separate-stderr "$PM_BIN/pm-report" "$NOW" -H "$B/store" --format json
  [ "$status" -eq 0 ]
  [[ "$output" == *'"records": 1'* ]]
}
