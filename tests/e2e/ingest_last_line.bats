#!/usr/bin/env bats
# A last line without a newline (files are full of them) is read, stored and teed like any
# other, in every form a record can take, and pm-ingest ends with status 0.

setup() {
  store="$BATS_TEST_TMPDIR/store"
  segment="$store/2026/11/22/10.ndjson"
}

ingest() {
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$@"
}

@test "a non-canonical last record without newline is stored whole" {
  # Shows: the crash of issue 13 (a ts without milliseconds on the last, unterminated line).
  printf '{"ts":"2026-11-22T10:15:00Z","name":"a","value":1}\n{"ts":"2026-11-22T10:15:01Z","name":"a","value":2}' \
    > "$BATS_TEST_TMPDIR/in"
  ingest < "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 0 ]
  [ "$output" = "pm-ingest: 2 records accepted, 0 rejected, 1 segment touched" ]
  run cat "$segment"
  [ "${lines[0]}" = '{"ts":"2026-11-22T10:15:00.000Z","name":"a","value":1}' ]
  [ "${lines[1]}" = '{"ts":"2026-11-22T10:15:01.000Z","name":"a","value":2}' ]
  [ "${#lines[@]}" -eq 2 ]
  [ "$(tail -c 1 "$segment" | od -An -c | tr -d ' ')" = '\n' ]
}

@test "a canonical last record without newline is stored with one, from a file and a pipe" {
  # Shows: the zero-copy path copies a line it cannot borrow with its newline.
  printf '{"ts":"2026-11-22T10:15:00.000Z","name":"a","value":1}' > "$BATS_TEST_TMPDIR/in"
  ingest "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 0 ]
  printf '{"ts":"2026-11-22T10:16:00.000Z","name":"a","value":3}' | {
    run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z --tee
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = '{"ts":"2026-11-22T10:16:00.000Z","name":"a","value":3}' ]
  }
  run cat "$segment"
  [ "${lines[0]}" = '{"ts":"2026-11-22T10:15:00.000Z","name":"a","value":1}' ]
  [ "${lines[1]}" = '{"ts":"2026-11-22T10:16:00.000Z","name":"a","value":3}' ]
}

@test "a teed non-canonical last record is written once and whole" {
  # Shows: --tee passes on the record as stored, from the last unterminated line.
  printf '{"ts":"2026-11-22T10:15:00+00:00","name":"b","value":7,"tags":{"z":"1","a":"2"}}' |
    { run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z --tee; [ "$status" -eq 0 ]
      [ "${lines[0]}" = '{"ts":"2026-11-22T10:15:00.000Z","name":"b","value":7,"tags":{"a":"2","z":"1"}}' ]
      [ "${#lines[@]}" -eq 2 ]; }
}

@test "a bad last line without newline is rejected with its number and kept raw" {
  # Shows: the rejected/ copy of an unterminated line is the line as sent.
  printf '{"ts":"2026-11-22T10:15:00Z","name":"a","value":1}\n{"ts":"2026-11-22T10:15:01Z","name":"a"}' \
    > "$BATS_TEST_TMPDIR/in"
  ingest "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $BATS_TEST_TMPDIR/in:2: missing field \"value\"" ]
  [ "$(grep -c '"a"' "$segment")" -eq 1 ]
  grep -qF '{"ts":"2026-11-22T10:15:01Z","name":"a"}' "$store/rejected/2026-11-22.lines"
}

@test "other formats' last lines without newline are stored too" {
  # Shows: InfluxDB line protocol and Prometheus text ending mid-line lose nothing.
  printf 'cpu,host=a usage=1 1795342500000000000\ncpu,host=a usage=2 1795342501000000000' > "$BATS_TEST_TMPDIR/in"
  ingest --format influx "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 0 ]
  [ "$(wc -l < "$segment")" -eq 2 ]
  printf '# TYPE up gauge\nup{job="x"} 1 1795342502000' > "$BATS_TEST_TMPDIR/in"
  ingest --format prometheus "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 0 ]
  grep -qF '"name":"up"' "$segment"
}

@test "10 MB of binary garbage is rejected line by line, nothing stored, no crash" {
  # Shows: random bytes (ending mid-line) are refused whole; every non-blank line is counted.
  python3 -c 'import random, sys; random.seed(13); sys.stdout.buffer.write(random.randbytes(10 << 20))' \
    > "$BATS_TEST_TMPDIR/garbage"
  expected=$(python3 -c 'import sys; print(sum(1 for l in open(sys.argv[1], "rb").read().split(b"\n") if l.strip(b" \t\r")))' \
    "$BATS_TEST_TMPDIR/garbage")
  ingest "$BATS_TEST_TMPDIR/garbage"
  [ "$status" -eq 1 ]
  [ "${lines[-1]}" = "pm-ingest: 0 records accepted, $expected rejected, 0 segments touched" ]
  [ ! -e "$store/2026" ]
}
