#!/usr/bin/env bats
# pm-ingest in a stream: batches reach the store as they arrive; SIGTERM and a closed --tee
# reader end it quietly with everything read so far stored.

setup() {
  store="$BATS_TEST_TMPDIR/store"
}

record() { printf '{"ts":"2026-11-22T10:00:%02d.000Z","name":"m","value":%d}\n' "$1" "$1"; }

@test "records piped in from a slow producer are stored batch by batch; SIGTERM ends the run cleanly" {
  # Shows: no waiting for end of input before storing (one write per batch), and SIGTERM
  # flushes, prints the summary and exits 0.
  mkfifo "$BATS_TEST_TMPDIR/fifo"
  "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/fifo" 2> "$BATS_TEST_TMPDIR/err" &
  pid=$!
  exec 5> "$BATS_TEST_TMPDIR/fifo"
  record 1 >&5
  record 2 >&5
  for _ in $(seq 300); do [ -s "$store/2026/11/22/10.ndjson" ] && break; sleep 0.1; done
  [ "$(wc -l < "$store/2026/11/22/10.ndjson")" -eq 2 ] # stored while the input is still open
  record 3 >&5
  for _ in $(seq 300); do [ "$(wc -l < "$store/2026/11/22/10.ndjson")" -eq 3 ] && break; sleep 0.1; done
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$? # not `run wait`: run's subshell cannot wait for this shell's child
  exec 5>&-
  [ "$status" -eq 0 ]
  [ "$(cat "$BATS_TEST_TMPDIR/err")" = "pm-ingest: 3 records accepted, 0 rejected, 1 segment touched" ]
  [ "$(wc -l < "$store/2026/11/22/10.ndjson")" -eq 3 ]
}

@test "--tee into a reader that goes away: quiet exit 0, what was read is stored" {
  # Shows: pm-ingest --tee | head -1 neither fails nor loses the records it already read.
  for i in $(seq 0 59); do record "$i"; done > "$BATS_TEST_TMPDIR/in.ndjson"
  for _ in $(seq 2000); do cat "$BATS_TEST_TMPDIR/in.ndjson"; done > "$BATS_TEST_TMPDIR/big.ndjson"
  run bash -c "'$PM_BIN/pm-ingest' -H '$store' --tee --now 2026-11-22T11:00:00Z '$BATS_TEST_TMPDIR/big.ndjson' 2> '$BATS_TEST_TMPDIR/err' | head -1; echo \${PIPESTATUS[0]}"
  [ "${lines[0]}" = '{"ts":"2026-11-22T10:00:00.000Z","name":"m","value":0}' ]
  [ "${lines[1]}" = 0 ]
  stored=$(wc -l < "$store/2026/11/22/10.ndjson")
  [ "$stored" -gt 0 ]
  [ "$(cat "$BATS_TEST_TMPDIR/err")" = "pm-ingest: $stored records accepted, 0 rejected, 1 segment touched" ]
}
