#!/usr/bin/env bats
# pm-ingest stores records in hour segments of their own time, canonical, and they read back.

bats_require_minimum_version 1.5.0

setup() {
  store="$BATS_TEST_TMPDIR/store"
  input="$BATS_TEST_TMPDIR/in.ndjson"
}

@test "records land in the segment of their own UTC hour, canonical, and cat/jq read them back" {
  # Shows: time forms are normalised (offset, no fraction, epoch seconds), tags sorted and
  # stringified, late records go to their own hour, the summary line counts it all.
  cat > "$input" <<'IN'
{"ts":"2026-11-22T10:15:00.123Z","name":"api.request.duration","value":0.234,"unit":"seconds","tags":{"endpoint":"/api/users","method":"GET","status":"200"}}
{"ts":"2026-11-22T12:30:00+02:00","name":"system.cpu.usage","value":12.5,"unit":"percent"}
{"name":"system.load.1m","ts":1795347300,"value":1.5,"tags":{"host":"b","cpu":1}}
{"ts":"2026-11-22T09:59:59Z","name":"late.record","value":3}
IN
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$input"
  [ "$status" -eq 0 ]
  [ "$output" = "pm-ingest: 4 records accepted, 0 rejected, 3 segments touched" ]
  run cat "$store/2026/11/22/10.ndjson"
  [ "${lines[0]}" = '{"ts":"2026-11-22T10:15:00.123Z","name":"api.request.duration","value":0.234,"unit":"seconds","tags":{"endpoint":"/api/users","method":"GET","status":"200"}}' ]
  [ "${lines[1]}" = '{"ts":"2026-11-22T10:30:00.000Z","name":"system.cpu.usage","value":12.5,"unit":"percent"}' ]
  [ "${#lines[@]}" -eq 2 ]
  run cat "$store/2026/11/22/09.ndjson"
  [ "$output" = '{"ts":"2026-11-22T09:59:59.000Z","name":"late.record","value":3}' ]
  run jq -c . "$store/2026/11/22/11.ndjson"
  [ "$status" -eq 0 ]
  [ "$output" = '{"ts":"2026-11-22T11:35:00.000Z","name":"system.load.1m","value":1.5,"tags":{"cpu":"1","host":"b"}}' ]
}

@test "a second run appends, and what the store holds is exactly what was sent, canonical" {
  # Shows: round trip through two runs; canonical input is stored byte for byte.
  for i in 0 1 2 3 4; do
    printf '{"ts":"2026-11-22T10:0%d:00.000Z","name":"m","value":%d,"tags":{"run":"1"}}\n' "$i" "$i"
  done > "$input"
  sed 's/"run":"1"/"run":"2"/' "$input" > "$BATS_TEST_TMPDIR/second.ndjson"
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$input"
  [ "$status" -eq 0 ]
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z < "$BATS_TEST_TMPDIR/second.ndjson"
  [ "$status" -eq 0 ]
  [ "$output" = "pm-ingest: 5 records accepted, 0 rejected, 1 segment touched" ]
  cat "$input" "$BATS_TEST_TMPDIR/second.ndjson" > "$BATS_TEST_TMPDIR/expected"
  run diff -u "$BATS_TEST_TMPDIR/expected" "$store/2026/11/22/10.ndjson"
  [ "$status" -eq 0 ]
}

@test "a record without ts is stamped with the arrival time" {
  # Shows: pm(7) THE RECORD: pm-ingest stamps records that lack ts (clock pinned with --now).
  echo '{"name":"m","value":1}' > "$input"
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T10:20:30.456Z "$input"
  [ "$status" -eq 0 ]
  run cat "$store/2026/11/22/10.ndjson"
  [ "$output" = '{"ts":"2026-11-22T10:20:30.456Z","name":"m","value":1}' ]
}

@test "--tee passes the accepted records on, canonical, and stores them too" {
  # Shows: the pipeline form pm-sample | pm-ingest --tee | pm-alert.
  printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","name":"a","value":1}' 'oops' '{"ts":"2026-11-22T10:00:01.000Z","name":"b","value":2}' > "$input"
  run --separate-stderr "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z --tee "$input"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = '{"ts":"2026-11-22T10:00:00.000Z","name":"a","value":1}' ]
  [ "${lines[1]}" = '{"ts":"2026-11-22T10:00:01.000Z","name":"b","value":2}' ]
  [ "${#lines[@]}" -eq 2 ]
  [ "$(wc -l < "$store/2026/11/22/10.ndjson")" -eq 2 ]
}

@test "--check validates only: messages and status, nothing stored" {
  # Shows: --check writes no segment and no rejected/ file.
  printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","name":"a","value":1}' '{"name":"b"}' > "$input"
  run "$PM_BIN/pm-ingest" -H "$store" --check "$input"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $input:2: missing field \"value\"" ]
  [ "${lines[1]}" = "pm-ingest: 1 record accepted, 1 rejected, 0 segments touched (--check: nothing stored)" ]
  [ ! -e "$store" ]
}

@test "store files are 0600 in 0700 directories" {
  # Shows: metrics can be sensitive (pm-ingest(1) THE STORE), whatever the umask allows more.
  printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","name":"a","value":1}' 'bad' > "$input"
  umask 022
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$input"
  [ "$status" -eq 1 ]
  [ "$(stat -c %a "$store")" = 700 ]
  [ "$(stat -c %a "$store/2026")" = 700 ]
  [ "$(stat -c %a "$store/2026/11/22")" = 700 ]
  [ "$(stat -c %a "$store/2026/11/22/10.ndjson")" = 600 ]
  [ "$(stat -c %a "$store/rejected")" = 700 ]
  [ "$(stat -c %a "$store/rejected/2026-11-22.lines")" = 600 ]
}

@test "records older than the retention are refused and kept in rejected/; old segments are pruned" {
  # Shows: --retention beats PERFORMANCE_MONITOR_RETENTION_PERIOD; pruning on write deletes
  # whole segments older than the retention.
  mkdir -p "$store/2026/11/20" && echo '{"ts":"2026-11-20T08:00:00.000Z","name":"old","value":1}' > "$store/2026/11/20/08.ndjson"
  printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","name":"a","value":1}' '{"ts":"2026-11-21T09:00:00Z","name":"b","value":2}' > "$input"
  PERFORMANCE_MONITOR_RETENTION_PERIOD=600 run "$PM_BIN/pm-ingest" -H "$store" --retention 1d --now 2026-11-22T11:00:00Z "$input"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $input:2: \"ts\" 2026-11-21T09:00:00.000Z is older than the retention period (1d); raise --retention to keep it" ]
  [ ! -e "$store/2026/11/20" ]
  [ -e "$store/2026/11/22/10.ndjson" ]
  run cat "$store/rejected/2026-11-22.lines"
  [ "$output" = '{"ts":"2026-11-21T09:00:00Z","name":"b","value":2}' ]
}
