#!/usr/bin/env bats
# The conventions every tool shares (pm(7)): version, usage errors, terminal stdin,
# bad input lines, closed pipes and signals.

bats_require_minimum_version 1.5.0

tools() { for dir in "$PM_SOURCE"/tools/pm-*/; do [ -d "$dir" ] && basename "$dir"; done; }
readers() { tools | grep -v '^pm-sample$'; }
usage_status() { [ "$1" = pm-alert ] && echo 3 || echo 2; }
# What a tool needs besides its input to do its job (pm-alert needs a rule).
needs() { case $1 in pm-alert) args=(--rule 'quiet: a > 100') ;; *) args=() ;; esac; }

setup() {
  [ -n "$(tools)" ] || skip "no tools built yet"
}

@test "every tool prints its name and version" {
  for tool in $(tools); do
    run "$PM_BIN/$tool" --version
    [ "$status" -eq 0 ]
    [[ "$output" =~ ^$tool\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "$tool: $output"; return 1; }
  done
}

@test "an unknown option is a usage error named once on stderr" {
  for tool in $(tools); do
    run --separate-stderr "$PM_BIN/$tool" --no-such-option
    [ "$status" -eq "$(usage_status "$tool")" ] || { echo "$tool exited $status"; return 1; }
    [ -z "$output" ]
    [[ "$stderr" == "$tool: error: "*"--no-such-option"* ]] || { echo "$tool: $stderr"; return 1; }
  done
}

@test "usage errors are in pm's words, not CLI11's" {
  # Shows: each kind of parse error CLI11 reports (an argument no option takes, a value of the
  # wrong type, a missing value, an option given twice, a value not among the choices, a
  # value given to a flag) is said the way pm says things, with the subject quoted.
  check() {
    local want=$1; shift
    run --separate-stderr "$PM_BIN/$1" "${@:2}" < /dev/null
    [ "$stderr" = "$want" ] || { echo "$*: $stderr"; return 1; }
  }
  check 'pm-report: error: unknown option "--no-such" (see pm-report --help)' pm-report --no-such
  check 'pm-ingest: error: unknown options "--a", "--b" (see pm-ingest --help)' pm-ingest --a --b
  check 'pm-sample: error: --count: expected N, got "abc" (see pm-sample --help)' pm-sample --count abc
  check 'pm-sample: error: --interval needs a value (DURATION) (see pm-sample --help)' pm-sample -i
  check 'pm-sample: error: --count is given 2 times, but takes one value (see pm-sample --help)' pm-sample -c 1 -c 2
  check 'pm-ingest: error: --format needs a value, one of auto, ndjson, prometheus, openmetrics, influx, nagios, csv, sadf (see pm-ingest --help)' pm-ingest --format
  check 'pm-ingest: error: --tee takes no value, got "yes please" (see pm-ingest --help)' pm-ingest '--tee=yes please'
  check 'pm-alert: error: --metric-name needs a value (METRIC) (see pm-alert --help)' pm-alert -m
  for tool in $(tools); do
    for args in "--no-such" "--version=2 x" "--help --no-such"; do
      # shellcheck disable=SC2086 # split on purpose: one case per word list
      run --separate-stderr "$PM_BIN/$tool" $args < /dev/null
      [[ "$stderr" != *"not expected"* && "$stderr" != *"Could not convert"* && "$stderr" != *"required"* &&
         "$stderr" != *"At Most"* && "$stderr" != *" not in {"* ]] || { echo "$tool $args: $stderr"; return 1; }
    done
  done
}

@test "a terminal on stdin with no other input is an error, not a hang" {
  for tool in $(readers); do
    needs "$tool"
    run timeout 10 script -qec "$PM_BIN/$tool ${args[*]@Q}" /dev/null
    [ "$status" -eq "$(usage_status "$tool")" ] || { echo "$tool exited $status: $output"; return 1; }
    [[ "$output" == *"$tool: error: no input: stdin is a terminal"* ]]
  done
}

@test "the no-input hint names the ways each tool takes input: pm-ingest's --history is not one" {
  # Shows: readers of the store are pointed at --history; pm-ingest, whose -H DIR is where it
  # writes, is pointed at a pipe or FILEs only.
  for tool in $(readers); do
    needs "$tool"
    run timeout 10 script -qec "$PM_BIN/$tool ${args[*]@Q}" /dev/null
    output=${output//$'\r'/}
    if [ "$tool" = pm-ingest ]; then
      [ "$output" = "pm-ingest: error: no input: stdin is a terminal; pipe records in (pm-sample | pm-ingest) or name FILEs" ] ||
        { echo "$output"; return 1; }
    else
      [ "$output" = "$tool: error: no input: stdin is a terminal; pipe records in (pm-sample | $tool), name FILEs, or read the store with --history" ] ||
        { echo "$output"; return 1; }
    fi
  done
}

@test "a bad input line is reported with source and line and fails the run" {
  for tool in $(readers); do
    printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","name":"a","value":1}' '{"name":"a","value":"abc"}' > "$BATS_TEST_TMPDIR/in.ndjson"
    export PM_HISTORY="$BATS_TEST_TMPDIR/store"
    needs "$tool"
    run --separate-stderr "$PM_BIN/$tool" "${args[@]}" "$BATS_TEST_TMPDIR/in.ndjson"
    [ "$status" -ne 0 ] || { echo "$tool exited 0"; return 1; }
    [[ "$stderr" == *"$tool: $BATS_TEST_TMPDIR/in.ndjson:2: \"value\" must be a number, got \"abc\""* ]] ||
      { echo "$tool: $stderr"; return 1; }
  done
}

@test "a missing input file is an error naming it" {
  for tool in $(readers); do
    export PM_HISTORY="$BATS_TEST_TMPDIR/store"
    needs "$tool"
    run --separate-stderr "$PM_BIN/$tool" "${args[@]}" /nonexistent/in.ndjson
    [ "$status" -ne 0 ]
    [[ "$stderr" == *"/nonexistent/in.ndjson: no such file or directory"* ]] || { echo "$tool: $stderr"; return 1; }
  done
}

@test "a closed pipe downstream ends pm-sample quietly with status 0" {
  [ -x "$PM_BIN/pm-sample" ] || skip "pm-sample not built"
  run bash -c "'$PM_BIN/pm-sample' --interval 1s --window 100ms 2>'$BATS_TEST_TMPDIR/err' | head -n 3 >/dev/null; echo \${PIPESTATUS[0]}"
  [ "$output" = 0 ]
  [ ! -s "$BATS_TEST_TMPDIR/err" ]
}

@test "SIGTERM ends pm-sample with its records flushed and status 0" {
  [ -x "$PM_BIN/pm-sample" ] || skip "pm-sample not built"
  "$PM_BIN/pm-sample" --interval 1s --window 100ms > "$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
  pid=$!
  sleep 2.5
  kill -TERM "$pid"
  wait "$pid"
  status=$?
  [ "$status" -eq 0 ]
  [ -s "$BATS_TEST_TMPDIR/out" ]
  # every line complete and valid
  jq -e . "$BATS_TEST_TMPDIR/out" >/dev/null
  [ "$(tail -c 1 "$BATS_TEST_TMPDIR/out" | od -An -c | tr -d ' ')" = '\n' ]
}

@test "SIGTERM ends pm-alert and pm-report reading a pipe that stays open, with what they read" {
  # the records are read on a second thread; the signal still ends the run at once, and the
  # output covers the record that came before it
  for tool in pm-alert pm-report; do
    fifo="$BATS_TEST_TMPDIR/$tool.fifo"
    mkfifo "$fifo"
    { echo '{"ts":"2026-11-22T10:15:00.000Z","name":"m","value":95}'; sleep 30; } > "$fifo" &
    writer=$!
    args=(-f csv)
    [ "$tool" = pm-alert ] && args=(--no-alert-history --rule 'hot: m > 90' --now 2026-11-22T10:16:00Z)
    "$PM_BIN/$tool" "${args[@]}" "$fifo" > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" &
    pid=$!
    sleep 1
    start=$(date +%s%N)
    kill -TERM "$pid"
    status=0
    wait "$pid" || status=$?
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    kill "$writer" 2> /dev/null || true
    echo "$tool: status $status after $elapsed ms"
    [ "$elapsed" -lt 5000 ] # the writer keeps the pipe open for 30 s
    if [ "$tool" = pm-alert ]; then
      [ "$status" -eq 1 ] # the alert fired: WARNING
      [ "$(jq -r .state "$BATS_TEST_TMPDIR/out")" = firing ]
    else
      [ "$status" -eq 0 ]
      [ "$(sed -n 2p "$BATS_TEST_TMPDIR/out" | cut -d, -f1,6)" = "m,1" ]
    fi
  done
}

@test "pm-sample starts without loading the C++ runtime or simdjson (a cron run is mostly start-up)" {
  if readelf -d "$PM_BIN/pm-sample" | grep -q 'libasan'; then
    skip "sanitizer builds link the runtimes dynamically"
  fi
  run readelf -d "$PM_BIN/pm-sample"
  [ "$status" -eq 0 ]
  [[ "$output" == *"(NEEDED)"*"libc.so"* ]]
  [[ "$output" != *libstdc++* ]]
  [[ "$output" != *libsimdjson* ]]
}
