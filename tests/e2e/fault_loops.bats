#!/usr/bin/env bats
# SIGKILL at random points, twenty times in a row, of pm-ingest, of the --state writes of
# pm-sample and pm-alert, and of --output writes: a reader always finds the old or the new
# file (or, for the store, whole records and at most one torn tail the next writer moves
# away), what was acknowledged is kept, and no temporary file outlives the next run. Each
# loop prints its figures (how many kills landed mid-run) for the note on issue 13.

bats_require_minimum_version 1.5.0

setup() {
  store="$BATS_TEST_TMPDIR/store"
  fixtures="$PM_SOURCE/tests/fixtures/proc"
}

# Random delay of 0 to $1 hundredths of a second.
pause() { sleep "$(printf '0.%02d' $((RANDOM % $1)))"; }

# Milliseconds one run of the command takes, and a random delay within that many, so that
# the kills land anywhere in a run however fast this machine is.
run_ms() {
  local start
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1 || true
  echo $((($(date +%s%N) - start) / 1000000 + 1))
}
# Without a process of its own to start (read -t on a pipe nobody writes to), since a run of
# some milliseconds would be over before a sleep command began.
pause_within() {
  local us=$(($1 * 1000 * RANDOM / 32768))
  [ -n "${idle:-}" ] || exec {idle}<> <(:)
  read -r -t "$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))" -u "$idle" _ || true
}

# The complete lines of the store's segments (a torn tail, without its newline, left out).
whole_lines() {
  local f
  for f in "$store"/2026/11/22/*.ndjson; do head -n "$(wc -l < "$f")" "$f"; done
}

@test "pm-ingest SIGKILLed twenty times: whole records only, each run's records a prefix of its input, everything teed is stored" {
  torn=0
  for run in $(seq 20); do
    awk -v run="$run" 'BEGIN { for (i = 0; ; i++) printf "{\"ts\":\"2026-11-22T10:00:00.000Z\",\"name\":\"run%d\",\"value\":%.0f}\n", run, i }' |
      "$PM_BIN/pm-ingest" -H "$store" --tee --now 2026-11-22T11:00:00Z > "$BATS_TEST_TMPDIR/tee.$run" 2>/dev/null &
    pid=$!
    for _ in $(seq 100); do [ -s "$BATS_TEST_TMPDIR/tee.$run" ] && break; sleep 0.05; done
    pause 30
    kill -9 "$pid"
    wait "$pid" || true
    [ "$(tail -c 1 "$store/2026/11/22/10.ndjson" | od -An -tx1 | tr -d ' ')" = 0a ] || torn=$((torn + 1))
    # This run's values are 0, 1, 2 ... with no hole (written 1e+05 and so on past 99999, as
    # pm writes numbers; whole lines are checked by jq at the end).
    stored=$(whole_lines | grep "\"name\":\"run$run\"" | sed 's/.*"value":\([-0-9.e+]*\)}$/\1/' | awk 'NR - 1 != $1 + 0 { exit 1 } END { print NR }')
    teed=$(head -n "$(wc -l < "$BATS_TEST_TMPDIR/tee.$run")" "$BATS_TEST_TMPDIR/tee.$run" | wc -l)
    echo "run $run: $stored stored, $teed teed"
    [ "$stored" -gt 0 ]
    [ "$teed" -le "$stored" ] # a record passed on downstream is in the store
  done
  echo "# 20 kills, $torn left a torn tail" >&3
  # The next writer moves a torn tail away and says so; one left by the last kill is counted here.
  expected="pm-ingest: 1 record accepted, 0 rejected, 1 segment touched"
  [ "$(tail -c 1 "$store/2026/11/22/10.ndjson" | od -An -tx1 | tr -d ' ')" = 0a ] || expected+=", 1 torn line moved to rejected/"
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z <<< '{"ts":"2026-11-22T10:00:00.000Z","name":"after","value":1}'
  [[ "${lines[-1]}" == "$expected" ]]
  jq -c . "$store"/2026/11/22/*.ndjson > /dev/null # the torn tail, if any, went to rejected/
  [ "$(grep -c '"name":"after"' "$store/2026/11/22/10.ndjson")" -eq 1 ]
}

@test "pm-sample --state SIGKILLed twenty times: the next run reads the state or says why not, and the one after has rates" {
  state="$BATS_TEST_TMPDIR/state/sample.state"
  sample=("$PM_BIN/pm-sample" --state "$state" --proc-root "$fixtures/t1/proc" --sys-root "$fixtures/t1/sys" --collect system,cpu,disk,network)
  # Thirty samples 10 ms apart, the state written after each: kills land between and in writes.
  ms=$(run_ms "${sample[@]}" --count 30 --interval 10ms)
  mid=0 ignored=0
  for _ in $(seq 20); do
    "${sample[@]}" --count 30 --interval 10ms > /dev/null 2>&1 &
    pid=$!
    pause_within "$ms"
    kill -9 "$pid" 2>/dev/null && mid=$((mid + 1))
    wait "$pid" || true
    run -0 "${sample[@]}"
    [[ "$output" != *"state"* ]] || [[ "$output" == *"state $state "*"ignored: "*"; rates start with the next run"* ]] ||
      [[ "$output" == *"state $state not used for rates: "* ]]
    [[ "$output" != *"ignored"* ]] || ignored=$((ignored + 1))
    [ "$(ls -A "$BATS_TEST_TMPDIR/state")" = sample.state ]
    run -0 "${sample[@]}"
    [[ "$output" == *'"name":"system.context_switches"'* ]]
  done
  echo "# 20 kills within a run of ${ms} ms, $mid while running, $ignored left a state the next run ignored" >&3
}

@test "pm-alert --state SIGKILLed twenty times: the file is the old state or the new, never half; no temporary file stays" {
  state="$BATS_TEST_TMPDIR/alert.state"
  # 20,000 series: a state of some megabytes, so that kills land in its write too.
  awk 'BEGIN { for (i = 0; i < 20000; i++) printf "{\"ts\":\"2026-11-22T10:00:00.000Z\",\"name\":\"m\",\"value\":%d,\"tags\":{\"s\":\"%d\"}}\n", i % 100, i }' > "$BATS_TEST_TMPDIR/in"
  alert=("$PM_BIN/pm-alert" --no-alert-history --rule 'high: m > 90 for 1m' --rule 'p: p95(m) over 5m > 95' --state "$state" --now 2026-11-22T10:00:00Z "$BATS_TEST_TMPDIR/in")
  "${alert[@]}" > /dev/null 2>&1 || true
  before=$(stat -c %s "$state")
  mid=0
  for _ in $(seq 20); do
    "${alert[@]}" > /dev/null 2>&1 &
    pid=$!
    pause 60
    kill -9 "$pid" 2>/dev/null && mid=$((mid + 1))
    wait "$pid" || true
    jq -e '.pm_alert_state == 1' "$state" > /dev/null
  done
  echo "# 20 kills, $mid while running; state $before bytes, now $(stat -c %s "$state")" >&3
  run "${alert[@]}"
  [ "$status" -ne 3 ]
  [[ "$output" != *"damaged"* ]]
  [ "$(ls "$BATS_TEST_TMPDIR" | grep -c 'alert.state.tmp')" -eq 0 ]
}

@test "pm-predict --output SIGKILLed twenty times: the old file or the new, never half; no temporary file after the next run" {
  awk 'BEGIN { for (i = 0; i < 20000; i++) printf "{\"ts\":\"2026-11-22T%02d:%02d:00.000Z\",\"name\":\"m%d\",\"value\":%d}\n", 10 + int(i / 6000), int(i / 100) % 60, i % 100, i % 37 }' > "$BATS_TEST_TMPDIR/in"
  out="$BATS_TEST_TMPDIR/p.ndjson"
  "$PM_BIN/pm-predict" -o "$out" "$BATS_TEST_TMPDIR/in" 2>/dev/null
  [ -s "$out" ]
  ms=$(run_ms "$PM_BIN/pm-predict" -o "$out" "$BATS_TEST_TMPDIR/in")
  mid=0
  for _ in $(seq 20); do
    "$PM_BIN/pm-predict" -o "$out" "$BATS_TEST_TMPDIR/in" 2>/dev/null &
    pid=$!
    pause_within "$ms"
    kill -9 "$pid" 2>/dev/null && mid=$((mid + 1))
    wait "$pid" || true
    jq -c . "$out" > /dev/null
    [ "$(tail -c 1 "$out" | od -An -tx1 | tr -d ' ')" = 0a ]
  done
  echo "# 20 kills within a run of ${ms} ms, $mid while running" >&3
  run -0 "$PM_BIN/pm-predict" -o "$out" "$BATS_TEST_TMPDIR/in"
  [ "$(ls "$BATS_TEST_TMPDIR" | grep -c 'p.ndjson.tmp')" -eq 0 ]
}
