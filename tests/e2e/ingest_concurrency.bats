#!/usr/bin/env bats
# Concurrent writers and crashes: flock'ed whole-line appends lose nothing and tear nothing.

setup() {
  store="$BATS_TEST_TMPDIR/store"
}

# Prints COUNT records named NAME, spread over three hours so that writers meet in every segment.
records() {
  awk -v name="$1" -v count="$2" 'BEGIN {
    for (i = 0; i < count; i++)
      printf "{\"ts\":\"2026-11-22T%02d:%02d:%02d.%03dZ\",\"name\":\"%s\",\"value\":%d,\"tags\":{\"host\":\"web-01\"}}\n",
             9 + i % 3, (i / 60) % 60, i % 60, i % 1000, name, i
  }'
}

@test "two pm-ingest processes writing 100,000 records each at once leave exactly 200,000 intact records" {
  # Shows: appends under flock, whole lines, one write per batch: no interleaving, no loss.
  records writer.a 100000 > "$BATS_TEST_TMPDIR/a.ndjson"
  records writer.b 100000 > "$BATS_TEST_TMPDIR/b.ndjson"
  # Small pipe reads make many small batches, so the two writers really take turns.
  (cat "$BATS_TEST_TMPDIR/a.ndjson" | "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T12:00:00Z 2> "$BATS_TEST_TMPDIR/a.err") &
  (cat "$BATS_TEST_TMPDIR/b.ndjson" | "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T12:00:00Z 2> "$BATS_TEST_TMPDIR/b.err") &
  wait
  [ "$(cat "$BATS_TEST_TMPDIR/a.err")" = "pm-ingest: 100000 records accepted, 0 rejected, 3 segments touched" ]
  [ "$(cat "$BATS_TEST_TMPDIR/b.err")" = "pm-ingest: 100000 records accepted, 0 rejected, 3 segments touched" ]
  run sh -c "cat '$store'/2026-11-22/*.ndjson | wc -l"
  [ "$output" -eq 200000 ]
  # Every line is a whole record, and each writer's values 0..99999 are there once.
  run sh -c "cat '$store'/2026-11-22/*.ndjson | jq -r '\"\(.name) \(.value)\"' | sort -u | wc -l"
  [ "$status" -eq 0 ]
  [ "$output" -eq 200000 ]
  run sh -c "cat '$store'/2026-11-22/*.ndjson | jq -r .name | sort | uniq -c | awk '{print \$2, \$1}'"
  [ "${lines[0]}" = "writer.a 100000" ]
  [ "${lines[1]}" = "writer.b 100000" ]
}

@test "pm-ingest killed with SIGKILL mid-stream three times leaves a readable store; the next run stores all" {
  # Shows: a crash loses at most the batch in flight, never tears the store for good: a torn
  # tail is moved to rejected/ by the next writer, and that run stores every one of its records.
  for round in 1 2 3; do
    "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T12:00:00Z 2>/dev/null < <(records "killed.$round" 100000000) &
    pid=$!
    sleep 0.7
    kill -9 "$pid"
    wait "$pid" || true
  done
  [ -n "$(ls "$store"/2026-11-22/)" ]
  records final 30000 > "$BATS_TEST_TMPDIR/final.ndjson"
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T12:00:00Z "$BATS_TEST_TMPDIR/final.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" == "pm-ingest: 30000 records accepted, 0 rejected, 3 segments touched"* ]]
  # Every line in the store is a whole record that jq accepts, and all 30000 of the last run are there.
  run sh -c "cat '$store'/2026-11-22/*.ndjson | jq -c 'select(.name == \"final\")' | wc -l"
  [ "$status" -eq 0 ]
  [ "$output" -eq 30000 ]
  # What the killed runs stored is intact: each of their lines is complete and valid.
  run sh -c "cat '$store'/2026-11-22/*.ndjson | jq -e 'select(.name | startswith(\"killed.\")) | .value >= 0' | sort -u"
  [ "$status" -eq 0 ]
  [ "$output" = true ]
  # Torn tails, if the kills cut a write, are in rejected/ with their reason, never in a segment.
  if [ -e "$store/rejected/2026-11-22.reasons" ]; then
    run jq -r .reason "$store/rejected/2026-11-22.reasons"
    [[ "$output" == *"torn last line"* ]]
  fi
}

@test "a torn last line left by a crash: readers skip it, the next writer moves it to rejected/" {
  # Shows: the repair that follows a crash mid-write, made deterministic by tearing the file by hand.
  mkdir -p "$store/2026-11-22"
  printf '%s\n%s' '{"ts":"2026-11-22T10:00:00.000Z","name":"m","value":1}' '{"ts":"2026-11-22T10:00:01.000Z","na' > "$store/2026-11-22/10.ndjson"
  echo '{"ts":"2026-11-22T10:00:02.000Z","name":"m","value":2}' > "$BATS_TEST_TMPDIR/in.ndjson"
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T12:00:00Z "$BATS_TEST_TMPDIR/in.ndjson"
  [ "$status" -eq 0 ]
  [ "$output" = "pm-ingest: 1 record accepted, 0 rejected, 1 segment touched, 1 torn line moved to rejected/" ]
  run jq -c . "$store/2026-11-22/10.ndjson"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 2 ]
  [ "$(cat "$store/rejected/2026-11-22.lines")" = '{"ts":"2026-11-22T10:00:01.000Z","na' ]
  run jq -r '"\(.line) \(.reason)"' "$store/rejected/2026-11-22.reasons"
  [[ "$output" == "2 torn last line"* ]]
}
