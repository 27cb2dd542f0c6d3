#!/usr/bin/env bats
# pm-sample reading fixture trees through --proc-root/--sys-root and the environment.

setup() {
  sample="$PM_BIN/pm-sample"
  fixtures="$PM_SOURCE/tests/fixtures/proc"
}

@test "--proc-root and --sys-root redirect every collector" {
  # shows the root seam: the fixture's known numbers come out, tagged with --tag
  run "$sample" --window 0 --proc-root "$fixtures/t0/proc" --sys-root "$fixtures/t0/sys" \
    --collect memory,load,tcp,pressure,cgroup --tag env=test --tag host=fixture
  [ "$status" -eq 0 ]
  echo "$output" > "$BATS_TEST_TMPDIR/out"
  run jq -r 'select(.name=="system.memory.usage") | "\(.value) \(.tags.host) \(.tags.env)"' "$BATS_TEST_TMPDIR/out"
  [ "$output" = "25 fixture test" ]
  run jq -r 'select(.name=="system.tcp.connections" and .tags.state=="established") | .value' "$BATS_TEST_TMPDIR/out"
  [ "$output" = "2" ]
  run jq -r 'select(.name=="system.cgroup.memory.max") | .value' "$BATS_TEST_TMPDIR/out"
  [ "$output" = "209715200" ]
}

@test "PM_PROC_ROOT and PM_SYS_ROOT do the same; the flag wins over the environment" {
  # shows flag > env for the roots
  run env PM_PROC_ROOT="$fixtures/old/proc" PM_SYS_ROOT="$fixtures/old/sys" "$sample" --window 0 --collect memory
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 2 ] # old kernel: total and free only
  run env PM_PROC_ROOT="$fixtures/old/proc" "$sample" --window 0 --collect load --proc-root "$fixtures/t0/proc"
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == *'"value":0.52'* ]]
}

@test "a root that is not a directory is a usage error naming where it came from" {
  # shows a mistyped root is not sampled as an empty machine
  run "$sample" --proc-root "$BATS_TEST_TMPDIR/nonexistent"
  [ "$status" -eq 2 ]
  [ "$output" = "pm-sample: error: --proc-root: \"$BATS_TEST_TMPDIR/nonexistent\" is not a directory" ]
  run env PM_SYS_ROOT=/etc/hostname "$sample" --collect load
  [ "$status" -eq 2 ]
  [ "$output" = 'pm-sample: error: PM_SYS_ROOT: "/etc/hostname" is not a directory' ]
}

@test "an old kernel: collectors it cannot feed are skipped by default, and said when asked for" {
  # shows a missing file is never an error: default runs skip it, an explicit ask warns
  run env PM_PROC_ROOT="$fixtures/old/proc" PM_SYS_ROOT="$fixtures/old/sys" "$sample" --window 0
  [ "$status" -eq 0 ]
  [[ "$output" != *warning* ]]
  [[ "$output" == *system.load.15m* ]]
  run env PM_PROC_ROOT="$fixtures/old/proc" PM_SYS_ROOT="$fixtures/old/sys" "$sample" --window 0 --collect pressure,load
  [ "$status" -eq 0 ]
  [[ "$output" == *'collector "pressure" has nothing to read on this machine; skipped'* ]]
}

@test "--no-collect leaves families out" {
  # shows selection by name
  run "$sample" --window 0 --no-collect cpu,disk,filesystem,network,tcp,processes,system,pressure,cgroup,memory
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 3 ]
  [[ "${lines[0]}" == *system.load.1m* ]]
}

@test "--process reports a live process by PID and by name" {
  # shows per-process CPU, RSS and open files for the shell running this test
  sleep 30 &
  pid=$!
  run "$sample" --window 300ms --collect processes --process "$pid" --process sleep --process no-such-proc
  kill "$pid"
  [ "$status" -eq 0 ]
  [[ "$output" == *'no process matches "no-such-proc"'* ]]
  echo "$output" | grep '^{' > "$BATS_TEST_TMPDIR/out"
  run jq -r "select(.tags.pid==\"$pid\") | .name" "$BATS_TEST_TMPDIR/out"
  [[ "$output" == *system.process.cpu* ]]
  [[ "$output" == *system.process.rss* ]]
  [[ "$output" == *system.process.open_files* ]]
  run jq -r "select(.tags.pid==\"$pid\" and .name==\"system.process.rss\") | .value" "$BATS_TEST_TMPDIR/out"
  [ "$output" -gt 0 ]
}
