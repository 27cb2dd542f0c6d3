#!/usr/bin/env bats
# pm-sample --run NAME -- COMMAND...: times a job, emits task.* records, exits with its status.

bats_require_minimum_version 1.5.0

value_of() { jq -r --arg n "$1" 'select(.name == $n) | .value' <<<"$2"; }

@test "a failing job exits 1 and emits task.success 0" {
  # The issue's own example: `pm-sample --run job -- false`.
  run --separate-stderr "$PM_BIN/pm-sample" --run job -- false
  [ "$status" -eq 1 ]
  [ "$(value_of task.success "$output")" = 0 ]
  [ "$(value_of task.exit_code "$output")" = 1 ]
  [ "$(jq -r '.tags.task' <<<"$output" | sort -u)" = job ]
}

@test "a successful job gives exactly the six task records and no system records" {
  # With only --run, the collectors stay off (sadc-like): nothing but the job's records.
  run --separate-stderr "$PM_BIN/pm-sample" --run build -- true
  [ "$status" -eq 0 ]
  [ "$(jq -r .name <<<"$output" | sort | tr '\n' ' ')" = \
    "task.cpu.system task.cpu.user task.duration task.exit_code task.max_rss task.success " ]
  [ "$(value_of task.success "$output")" = 1 ]
  [ "$(jq -r 'select(.name == "task.max_rss") | .unit' <<<"$output")" = bytes ]
  [ "$(jq -r '.tags.host' <<<"$output" | sort -u)" = "$(hostname)" ]
  [ -z "$stderr" ]
}

@test "the job's exit status and its duration are passed on" {
  # sh -c here is the job itself: pm-sample runs it with execvp, no shell of its own.
  run --separate-stderr "$PM_BIN/pm-sample" --run nap -- sh -c 'sleep 0.3; exit 7'
  [ "$status" -eq 7 ]
  awk -v d="$(value_of task.duration "$output")" 'BEGIN { exit !(d >= 0.3 && d < 5) }'
}

@test "a job killed by a signal gives 128+signal" {
  run --separate-stderr "$PM_BIN/pm-sample" --run killed -- sh -c 'kill -KILL $$'
  [ "$status" -eq 137 ]
  [ "$(value_of task.exit_code "$output")" = 137 ]
}

@test "a command that does not exist gives 127, a warning, and task.success 0" {
  run -127 --separate-stderr "$PM_BIN/pm-sample" --run missing -- /no/such/command
  [ "$(value_of task.success "$output")" = 0 ]
  [[ "$stderr" == *'pm-sample: warning: --run missing: "/no/such/command": cannot run: no such file or directory'* ]]
}

@test "the job's stdout goes to stderr, so stdout holds only records" {
  run --separate-stderr "$PM_BIN/pm-sample" --run talk -- sh -c 'echo to-stdout; echo to-stderr >&2'
  [ "$status" -eq 0 ]
  [[ "$stderr" == *to-stdout* ]]
  [[ "$stderr" == *to-stderr* ]]
  [[ "$output" != *to-stdout* ]]
  jq -e . <<<"$output" >/dev/null
}

@test "the job's arguments reach it verbatim: \$(...) in them executes nothing" {
  run --separate-stderr "$PM_BIN/pm-sample" --run quoted -- echo '$(touch '"$BATS_TEST_TMPDIR"'/x)' '`touch '"$BATS_TEST_TMPDIR"'/y`'
  [ "$status" -eq 0 ]
  [ ! -e "$BATS_TEST_TMPDIR/x" ]
  [ ! -e "$BATS_TEST_TMPDIR/y" ]
  [[ "$stderr" == *'$(touch '* ]]
}

@test "the job's stdin is ours" {
  run --separate-stderr bash -c "echo hello | '$PM_BIN/pm-sample' --run cat -- cat"
  [ "$status" -eq 0 ]
  [[ "$stderr" == *hello* ]]
}

@test "--tag goes on the task records too" {
  run --separate-stderr "$PM_BIN/pm-sample" --tag branch=main --run t -- true
  [ "$status" -eq 0 ]
  [ "$(jq -r '.tags.branch' <<<"$output" | sort -u)" = main ]
  # --tag host=NAME replaces the host name on every kind of record
  run --separate-stderr "$PM_BIN/pm-sample" --tag host=h1 --value x=1 --check 'a=exec:true' --collect load --window 0
  [ "$status" -eq 0 ]
  [ "$(jq -r '.tags.host' <<<"$output" | sort | uniq -c | awk '{print $1, $2}')" = "7 h1" ]
}

@test "options after -- belong to the job, whichever repeatable option stands before it" {
  # Shows: `--tag k=v -- sh -c ...` ran pm-sample's -c (--count) on "exit 3" and exited 2; each
  # repeatable option takes one value per use, so `--` ends pm-sample's options wherever it is.
  for before in '--tag k=v' '--value x=1' '--check a=exec:true' '--collect load' '--no-collect cpu --collect load'; do
    # shellcheck disable=SC2086 # $before is the options, split on purpose
    run --separate-stderr "$PM_BIN/pm-sample" --run t $before -- sh -c 'echo job ran >&2; exit 3'
    echo "$before: $status $stderr"
    [ "$status" -eq 3 ]
    [ "$stderr" = "job ran" ]
    [ "$(value_of task.exit_code "$output")" = 3 ]
  done
  run --separate-stderr "$PM_BIN/pm-sample" --tag a=b --tag c=d --run t -- sh -c 'exit 0'
  [ "$status" -eq 0 ]
  [ "$(jq -c 'select(.name == "task.success") | .tags' <<<"$output")" = '{"a":"b","c":"d","host":"'"$(jq -r 'select(.name == "task.success") | .tags.host' <<<"$output")"'","task":"t"}' ]
}

@test "--collect brings the system collectors back beside the job" {
  run --separate-stderr "$PM_BIN/pm-sample" --collect load --run t -- true
  [ "$status" -eq 0 ]
  [ -n "$(value_of system.load.1m "$output")" ]
  [ "$(value_of task.success "$output")" = 1 ]
}

@test "SIGTERM to pm-sample is passed on to the job, and the records still come out" {
  "$PM_BIN/pm-sample" --run long -- sleep 30 >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
  pid=$!
  sleep 0.5
  kill -TERM "$pid"
  code=0
  wait "$pid" || code=$?
  [ "$code" -eq 143 ]
  [ "$(value_of task.exit_code "$(cat "$BATS_TEST_TMPDIR/out")")" = 143 ]
}

@test "--run without a command, or with --interval, is a usage error" {
  run --separate-stderr "$PM_BIN/pm-sample" --run job
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"pm-sample: error: --run job needs a command after --"* ]]
  run --separate-stderr "$PM_BIN/pm-sample" --interval 1s --run job -- true
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"cannot be combined with --interval"* ]]
  run --separate-stderr "$PM_BIN/pm-sample" -- true
  [ "$status" -eq 2 ]
  [ "$stderr" = 'pm-sample: error: unexpected argument "true": pm-sample takes options (-i 1s -c 3), and a job as --run NAME -- COMMAND...' ]
  # sar and vmstat take INTERVAL COUNT as arguments; pm-sample says what it takes instead
  run --separate-stderr "$PM_BIN/pm-sample" 1 3
  [ "$status" -eq 2 ]
  [[ "$stderr" == 'pm-sample: error: unexpected argument "1": '* ]]
}
