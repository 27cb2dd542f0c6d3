#!/usr/bin/env bats
# pm-sample timing: one-shot, --interval/--count, pipes and signals.

setup() {
  sample="$PM_BIN/pm-sample"
}

# distinct sample timestamps in a file of records: a "sample" is one batch sharing a ts
samples() { jq -r .ts "$1" | sort -u | wc -l; }

@test "one-shot: every record is valid, tagged with host, and rates cover the window" {
  # shows the default run takes two readings --window apart and writes one sample
  run bash -c "'$sample' --window 200ms > '$BATS_TEST_TMPDIR/out' 2> '$BATS_TEST_TMPDIR/err'"
  [ "$status" -eq 0 ]
  [ ! -s "$BATS_TEST_TMPDIR/err" ]
  [ "$(samples "$BATS_TEST_TMPDIR/out")" -eq 1 ]
  run jq -e -s 'all(.[]; (.name|test("^system\\.")) and (.value|type=="number") and .tags.host != null)' "$BATS_TEST_TMPDIR/out"
  [ "$status" -eq 0 ]
  run jq -r 'select(.name=="system.cpu.usage" and .tags.cpu=="total") | .unit' "$BATS_TEST_TMPDIR/out"
  [ "$output" = "percent" ]
  run jq -r 'select(.name=="system.memory.usage") | .unit' "$BATS_TEST_TMPDIR/out"
  [ "$output" = "percent" ]
  run jq -r 'select(.unit|test("/s$")) | .name' "$BATS_TEST_TMPDIR/out"
  [[ "$output" == *system.context_switches* ]]
}

@test "--interval 1s | head -n 3 exits 0 with nothing on stderr" {
  # shows a closed pipe downstream ends pm-sample quietly with status 0
  run bash -c "set -o pipefail; '$sample' --interval 1s 2> '$BATS_TEST_TMPDIR/err' | head -n 3 > '$BATS_TEST_TMPDIR/out'"
  [ "$status" -eq 0 ]
  [ "$(wc -l < "$BATS_TEST_TMPDIR/out")" -eq 3 ]
  [ ! -s "$BATS_TEST_TMPDIR/err" ]
}

@test "-i 1s -c 3 prints exactly 3 samples, about a second apart" {
  # shows --count stops after N samples (a sample = the records sharing one ts)
  run bash -c "'$sample' -i 1s -c 3 --collect cpu,load > '$BATS_TEST_TMPDIR/out'"
  [ "$status" -eq 0 ]
  [ "$(samples "$BATS_TEST_TMPDIR/out")" -eq 3 ]
  run jq -r -s '[.[] | .ts | sub("\\.[0-9]+Z$"; "Z") | fromdate] | unique | (.[-1] - .[0])' "$BATS_TEST_TMPDIR/out"
  [ "$status" -eq 0 ]
  [ "$output" -ge 1 ] && [ "$output" -le 3 ]
  # each sample carries the load records once
  [ "$(jq -r 'select(.name=="system.load.1m") | .ts' "$BATS_TEST_TMPDIR/out" | wc -l)" -eq 3 ]
}

@test "--count without --interval takes the interval from PERFORMANCE_MONITOR_COLLECTION_INTERVAL" {
  # shows the environment default (flag > env > 10s): two samples 1 s apart, not 10 s
  start=$(date +%s%N)
  run env PERFORMANCE_MONITOR_COLLECTION_INTERVAL=1 "$sample" -c 2 --window 100ms --collect load
  end=$(date +%s%N)
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 6 ]
  [ $(( (end - start) / 1000000 )) -lt 4000 ]
  run env PERFORMANCE_MONITOR_COLLECTION_INTERVAL=soon "$sample" -c 2
  [ "$status" -eq 2 ]
  [[ "$output" == *"PERFORMANCE_MONITOR_COLLECTION_INTERVAL: must be a positive number"* ]]
}

@test "SIGTERM ends an endless run cleanly with what was sampled flushed" {
  # shows each sample is flushed at once and a signal ends the loop with status 0
  "$sample" -i 500ms --collect load > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" &
  pid=$!
  sleep 1.8
  kill -TERM "$pid"
  code=0
  wait "$pid" || code=$?
  [ "$code" -eq 0 ]
  [ "$(wc -l < "$BATS_TEST_TMPDIR/out")" -ge 6 ]
  [ ! -s "$BATS_TEST_TMPDIR/err" ]
  run jq -e . "$BATS_TEST_TMPDIR/out"
  [ "$status" -eq 0 ]
}

@test "bad options are usage errors with status 2" {
  # shows unknown collectors, bad durations and tags are refused, not ignored
  run "$sample" --collect cpu,nosuch
  [ "$status" -eq 2 ]
  [[ "$output" == *'unknown collector "nosuch"'* ]]
  run "$sample" --no-collect bogus
  [ "$status" -eq 2 ]
  run "$sample" --window soon
  [ "$status" -eq 2 ]
  [[ "$output" == *"--window"* ]]
  run "$sample" -c 0
  [ "$status" -eq 2 ]
  run "$sample" --tag novalue --window 0
  [ "$status" -eq 2 ]
  [[ "$output" == *"KEY=VALUE"* ]]
  run "$sample" --process sh --collect load
  [ "$status" -eq 2 ]
  [[ "$output" == *"processes"* ]]
}

@test "--window 0 gives gauges only, at once" {
  # shows a zero window skips the second reading: no rate records, no waiting
  run "$sample" --window 0 --collect cpu,load,system
  [ "$status" -eq 0 ]
  [[ "$output" == *system.load.1m* ]]
  [[ "$output" == *system.uptime* ]]
  [[ "$output" != *system.cpu.usage* ]]
  [[ "$output" != *system.forks* ]]
}
