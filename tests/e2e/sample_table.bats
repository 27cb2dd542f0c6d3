#!/usr/bin/env bats
# pm-sample on a terminal: a vmstat-like table, one line per sample, in 80 columns; NDJSON
# whenever stdout is not a terminal or with --format ndjson. The terminal is a real pty
# (script(1)); the fixture trees t0 -> t1 give known CPU figures (+1000 ticks: user 300,
# system 100 + irq 25 + softirq 25, idle 500, iowait 50) and memory (25 % used).

bats_require_minimum_version 1.5.0

setup() {
  fixtures="$PM_SOURCE/tests/fixtures/proc"
  state="$BATS_TEST_TMPDIR/sample.state"
  export TZ=UTC
}

# on_pty COMMAND...: runs COMMAND with stdout on a pseudo-terminal; its output, CRs removed.
on_pty() {
  local cmd
  printf -v cmd '%q ' "$@"
  script -qec "$cmd" /dev/null | tr -d '\r'
  return "${PIPESTATUS[0]}"
}

@test "on a terminal, pm-sample prints the header and one line per sample, 80 columns at most" {
  "$PM_BIN/pm-sample" --state "$state" --proc-root "$fixtures/t0/proc" --sys-root "$fixtures/t0/sys" \
    --format ndjson --now 2026-11-22T10:15:00Z >/dev/null 2>&1
  run on_pty "$PM_BIN/pm-sample" --state "$state" --proc-root "$fixtures/t1/proc" --sys-root "$fixtures/t1/sys" \
    --now 2026-11-22T10:15:02Z
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "          ------- cpu % --------               -- disk B/s --  -- net B/s ---" ]
  [ "${lines[1]}" = "time       use  user   sys  wait  mem %  load    read   write    recv    send" ]
  # The rates depend on the seconds between the two runs: their shape only.
  [[ "${lines[2]}" =~ ^"10:15:02  45.0  30.0  15.0   5.0   25.0  0.52 "( +[0-9.]+[KMG]?){4}$ ]]
  [ "${#lines[@]}" -eq 3 ]
  for line in "${lines[@]}"; do [ "${#line}" -le 80 ]; done
  [[ "$output" != *'{"ts"'* ]]
}

@test "the first run with --state shows - for what needs a previous reading" {
  run on_pty "$PM_BIN/pm-sample" --state "$state" --proc-root "$fixtures/t0/proc" --sys-root "$fixtures/t0/sys" \
    --now 2026-11-22T10:15:00Z
  [ "$status" -eq 0 ]
  [[ "$output" == *"10:15:00     -     -     -     -   25.0  0.52       -       -       -       -"* ]]
}

@test "three samples on a terminal: one header, three lines" {
  run on_pty "$PM_BIN/pm-sample" -i 100ms -c 3 --proc-root "$fixtures/t1/proc" --sys-root "$fixtures/t1/sys"
  [ "$status" -eq 0 ]
  [ "$(grep -c '^time ' <<<"$output")" -eq 1 ]
  [ "$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2} ' <<<"$output")" -eq 3 ]
}

@test "--format ndjson on a terminal writes records; a pipe gets records without asking" {
  run on_pty "$PM_BIN/pm-sample" --format ndjson --collect memory --proc-root "$fixtures/t1/proc" --window 0
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == '{"ts":'*'"name":"system.memory.total"'* ]]
  run bash -c "'$PM_BIN/pm-sample' --collect memory --proc-root '$fixtures/t1/proc' --window 0 | head -n 1"
  [[ "$output" == '{"ts":'*'"name":"system.memory.total"'* ]]
}

@test "--format table into a pipe, and a bad --format" {
  run --separate-stderr "$PM_BIN/pm-sample" --format table --collect memory --proc-root "$fixtures/t1/proc" --window 0
  [ "$status" -eq 0 ]
  [ "${lines[1]}" = "time       use  user   sys  wait  mem %  load    read   write    recv    send" ]
  run --separate-stderr "$PM_BIN/pm-sample" --format csv
  [ "$status" -eq 2 ]
  [ "$stderr" = 'pm-sample: error: --format: expected table or ndjson, got "csv"' ]
}

@test "probes write NDJSON on a terminal; --format table with a probe is a usage error" {
  run on_pty "$PM_BIN/pm-sample" --value deploy.count=1
  [ "$status" -eq 0 ]
  [[ "$output" == '{"ts":'*'"name":"deploy.count","value":1'* ]]
  run --separate-stderr "$PM_BIN/pm-sample" --format table --value deploy.count=1
  [ "$status" -eq 2 ]
  [[ "$stderr" == "pm-sample: error: --format table shows the system collectors only;"* ]]
}
