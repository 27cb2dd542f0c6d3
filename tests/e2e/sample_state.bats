#!/usr/bin/env bats
# pm-sample --state: cron-style runs that report rates over the time since the previous run.

bats_require_minimum_version 1.5.0

setup() {
  sample="$PM_BIN/pm-sample"
  fixtures="$PM_SOURCE/tests/fixtures/proc"
  state="$BATS_TEST_TMPDIR/sample.state"
}

@test "two --state runs 5 s apart report rates over those 5 s" {
  # shows rates divide the fixture's counter deltas (ctxt +10000, forks +20) by the time
  # between the two runs' readings (5 s of sleep plus start-up), read from the records' ts
  ts() { jq -r 'select(.name=="system.uptime") | .ts | sub("Z$"; "") | split(".") |
    ((.[0] + "Z" | fromdate) + (.[1] | tonumber) / 1000)' "$1"; }
  mkdir -p "$BATS_TEST_TMPDIR/root"
  cp -r "$fixtures/t0/proc" "$BATS_TEST_TMPDIR/root/"
  run "$sample" --state "$state" --proc-root "$BATS_TEST_TMPDIR/root/proc" --collect system
  [ "$status" -eq 0 ]
  [[ "$output" == *"no previous state in $state: rates start with the next run"* ]]
  [[ "$output" != *system.context_switches* ]]
  [ "$(stat -c %a "$state")" = "600" ]
  echo "$output" | grep '^{' > "$BATS_TEST_TMPDIR/first"
  rm -rf "$BATS_TEST_TMPDIR/root/proc"
  cp -r "$fixtures/t1/proc" "$BATS_TEST_TMPDIR/root/"
  sleep 5
  run "$sample" --state "$state" --proc-root "$BATS_TEST_TMPDIR/root/proc" --collect system
  [ "$status" -eq 0 ]
  echo "$output" > "$BATS_TEST_TMPDIR/out"
  elapsed=$(awk -v a="$(ts "$BATS_TEST_TMPDIR/first")" -v b="$(ts "$BATS_TEST_TMPDIR/out")" 'BEGIN { print b - a }')
  awk -v e="$elapsed" 'BEGIN { exit !(e >= 5 && e < 7) }'
  run jq -r 'select(.name=="system.context_switches") | .value' "$BATS_TEST_TMPDIR/out"
  echo "elapsed $elapsed s, context switches $output/s"
  # 10000 switches over the elapsed seconds (about 2000/s), within the ms rounding of ts
  awk -v v="$output" -v e="$elapsed" 'BEGIN { x = 10000 / e; exit !(v > x * 0.999 && v < x * 1.001) }'
  run jq -r 'select(.name=="system.forks") | .value' "$BATS_TEST_TMPDIR/out"
  awk -v v="$output" -v e="$elapsed" 'BEGIN { x = 20 / e; exit !(v > x * 0.999 && v < x * 1.001) }'
}

@test "a --state run does not sleep and live rates stay sane" {
  # shows the cron path never waits for --window (an hour here: timeout would end a run that
  # slept it with status 124), and live counters give positive rates
  "$sample" --state "$state" --collect system,cpu > /dev/null 2>&1
  sleep 1
  run timeout 60 "$sample" --state "$state" --window 1h --collect system,cpu
  [ "$status" -eq 0 ]
  echo "$output" > "$BATS_TEST_TMPDIR/out"
  run jq -r 'select(.name=="system.context_switches") | .value' "$BATS_TEST_TMPDIR/out"
  awk -v v="$output" 'BEGIN { exit !(v > 0 && v < 10000000) }'
  run jq -e -s '[.[] | select(.name=="system.cpu.usage")] | length > 0 and all(.[]; .value >= 0 and .value <= 100)' "$BATS_TEST_TMPDIR/out"
  [ "$status" -eq 0 ]
}

@test "a reboot between runs gives no rates and says why" {
  # shows a changed boot id is detected: no negative or absurd rate
  mkdir -p "$BATS_TEST_TMPDIR/root"
  cp -r "$fixtures/t1/proc" "$BATS_TEST_TMPDIR/root/"
  "$sample" --state "$state" --proc-root "$BATS_TEST_TMPDIR/root/proc" --collect system > /dev/null 2>&1
  echo "11111111-2222-3333-4444-555555555555" > "$BATS_TEST_TMPDIR/root/proc/sys/kernel/random/boot_id"
  cp "$fixtures/t0/proc/stat" "$BATS_TEST_TMPDIR/root/proc/stat" # counters restarted lower
  run "$sample" --state "$state" --proc-root "$BATS_TEST_TMPDIR/root/proc" --collect system
  [ "$status" -eq 0 ]
  [[ "$output" == *"not used for rates: the machine rebooted since it was written"* ]]
  [[ "$output" != *system.context_switches* ]]
  [[ "$output" == *system.uptime* ]]
}

@test "counters that went backwards without a reboot give no rate, said once" {
  # shows a counter wrap/reset skips that rate instead of writing a negative one
  mkdir -p "$BATS_TEST_TMPDIR/root"
  cp -r "$fixtures/t1/proc" "$BATS_TEST_TMPDIR/root/"
  "$sample" --state "$state" --proc-root "$BATS_TEST_TMPDIR/root/proc" --collect system > /dev/null 2>&1
  cp "$fixtures/t0/proc/stat" "$BATS_TEST_TMPDIR/root/proc/stat"
  run "$sample" --state "$state" --proc-root "$BATS_TEST_TMPDIR/root/proc" --collect system
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | grep -c 'counter system.context_switches went backwards')" -eq 1 ]
  [[ "$output" != *'"system.context_switches"'* ]]
}

@test "a corrupt state file is ignored with a warning and replaced" {
  # shows a damaged state of ours never breaks the run; the next run has rates again
  printf 'pm-sample-state 2\ngarbage\n' > "$state"
  run "$sample" --state "$state" --collect system
  [ "$status" -eq 0 ]
  [[ "$output" == *"warning: state $state ignored: "* ]]
  head -n 1 "$state" | grep -qx "pm-sample-state 2"
  run "$sample" --state "$state" --collect system
  [ "$status" -eq 0 ]
  [[ "$output" == *system.context_switches* ]]
}

@test "a file that is not a state file is refused and left as it was" {
  # shows a mistyped --state cannot destroy a file, as sadc refuses a file not its own
  echo "export PATH=/usr/bin" > "$state"
  run "$sample" --state "$state" --collect system
  [ "$status" -eq 2 ]
  [ "$output" = "pm-sample: error: --state $state is not a pm-sample state file: refusing to overwrite it" ]
  [ "$(cat "$state")" = "export PATH=/usr/bin" ]
}

@test "under a pinned clock, runs five pinned minutes apart have rates over five minutes" {
  # A simulated day of cron runs (--now) takes seconds: rates over the real milliseconds
  # between them were 60,000 times too high.
  run -0 "$sample" --now 2026-11-22T10:00:00Z --state "$state" --proc-root "$fixtures/t0/proc" --sys-root "$fixtures/t0/sys" --collect system,network
  run -0 "$sample" --now 2026-11-22T10:05:00Z --state "$state" --proc-root "$fixtures/t1/proc" --sys-root "$fixtures/t1/sys" --collect system,network
  # ctxt +10000 and eth0 +200000 rx bytes over 300 s, give or take the runs' real milliseconds.
  v=$(jq -r 'select(.name == "system.context_switches") | .value' <<<"$output")
  awk -v v="$v" 'BEGIN { exit !(v > 10000 / 300 * 0.999 && v < 10000 / 300 * 1.001) }'
  v=$(jq -r 'select(.name == "system.network.rx_bytes" and .tags.interface == "eth0") | .value' <<<"$output")
  awk -v v="$v" 'BEGIN { exit !(v > 200000 / 300 * 0.999 && v < 200000 / 300 * 1.001) }'
  # The next pinned run a day and more later is refused as stale, as a real one would be.
  run -0 "$sample" --now 2026-11-23T12:00:00Z --state "$state" --proc-root "$fixtures/t1/proc" --sys-root "$fixtures/t1/sys" --collect system
  [[ "$output" =~ "not used for rates: it is 1d1h5"[45]m[0-9s]*" old (more than 1d1h)" ]]
}

@test "a state older than 25 hours gives no rates" {
  # shows a stale state is refused rather than averaged over a day
  "$sample" --state "$state" --collect system > /dev/null 2>&1
  awk '/^monotonic_ns/ { printf "monotonic_ns %.0f\n", $2 - 26 * 3600 * 1e9; next } /^end / { next } { print }' \
    "$state" > "$state.new"
  echo "end $(cksum < "$state.new" | cut -d' ' -f1)" >> "$state.new"
  mv "$state.new" "$state"
  run "$sample" --state "$state" --collect system
  [ "$status" -eq 0 ]
  [[ "$output" == *"not used for rates: it is 1d2h old (more than 1d1h)"* ]]
  [[ "$output" != *system.context_switches* ]]
}

@test "a state file cut short or changed by hand is refused by its checksum" {
  # shows the in-place rewrite is safe: a half-written file gives no rates, never wrong ones
  "$sample" --state "$state" --collect system > /dev/null 2>&1
  [ "$(tail -n 1 "$state")" = "end $(head -n -1 "$state" | cksum | cut -d' ' -f1)" ]
  truncate -s 60 "$state"
  run "$sample" --state "$state" --collect system
  [ "$status" -eq 0 ]
  [[ "$output" == *"warning: state $state ignored: incomplete: no \"end\" line"* ]]
  [[ "$output" != *system.context_switches* ]]
  sed -i 's/^wall_ms 1/wall_ms 2/' "$state"
  run "$sample" --state "$state" --collect system
  [ "$status" -eq 0 ]
  [[ "$output" == *"warning: state $state ignored: damaged: the checksum on its \"end\" line does not match"* ]]
  run "$sample" --state "$state" --collect system
  [ "$status" -eq 0 ]
  [[ "$output" == *system.context_switches* ]]
}

@test "a state file in a missing directory gets its directory, 0700" {
  run --separate-stderr "$sample" --state "$BATS_TEST_TMPDIR/no/such/dir/state" --collect system
  [ "$status" -eq 0 ]
  [ -f "$BATS_TEST_TMPDIR/no/such/dir/state" ]
  [ "$(stat -c %a "$BATS_TEST_TMPDIR/no/such/dir")" = 700 ]
}
