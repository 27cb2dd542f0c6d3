#!/usr/bin/env bats
# Colour only where it can show: on a terminal, never with NO_COLOR, never with TERM=dumb.
# pm-report's text report is the tool that colours (its verdict and levels); the terminal is
# a real pty from script(1).

bats_require_minimum_version 1.5.0

setup() {
  for minute in 00 01 02; do
    printf '{"ts":"2026-11-22T10:%s:00.000Z","name":"system.cpu.usage","value":%s,"unit":"percent","tags":{"cpu":"total"}}\n' \
      "$minute" "$((90 + minute))"
  done > "$BATS_TEST_TMPDIR/cpu.ndjson"
}

# on_pty VAR=VALUE... -- COMMAND...: COMMAND with that environment and stdout on a pty.
on_pty() {
  local env=() cmd
  while [ "$1" != -- ]; do env+=("$1"); shift; done
  shift
  printf -v cmd '%q ' env -u NO_COLOR "${env[@]}" "$@"
  script -qec "$cmd" /dev/null
}

report() {
  on_pty "$@" -- "$PM_BIN/pm-report" --now 2026-11-22T10:05:00Z --defaults --format text "$BATS_TEST_TMPDIR/cpu.ndjson"
}

@test "a colour terminal gets colour" {
  # Shows: the check below can see colour at all: TERM=xterm on a pty has SGR sequences.
  run report TERM=xterm COLUMNS=80
  [ "$status" -eq 0 ]
  [[ "$output" == *$'\e['*m* ]]
  [[ "$output" == *UNHEALTHY* || "$output" == *DEGRADED* ]]
}

@test "TERM=dumb gets no colour, nor any other escape sequence" {
  # Shows: a dumb terminal (an Emacs shell buffer, a serial console) gets the same report
  # as plain text.
  run report TERM=dumb COLUMNS=80
  [ "$status" -eq 0 ]
  [[ "$output" != *$'\e'* ]]
  [[ "$output" == *"high_cpu"* ]]
}

@test "NO_COLOR gets no colour, on any terminal" {
  run report TERM=xterm COLUMNS=80 NO_COLOR=1
  [ "$status" -eq 0 ]
  [[ "$output" != *$'\e['*m* ]]
}

@test "pm-report --follow on a dumb terminal writes frames one after another, without escapes" {
  # Shows: a terminal that cannot move its cursor is not redrawn in place.
  run on_pty TERM=dumb COLUMNS=80 LINES=24 -- "$PM_BIN/pm-report" --follow --now 2026-11-22T10:05:00Z "$BATS_TEST_TMPDIR/cpu.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" != *$'\e'* ]]
  [[ "$output" == *"pm-report  health "* ]]
}
