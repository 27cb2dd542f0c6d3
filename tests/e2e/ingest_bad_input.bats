#!/usr/bin/env bats
# Every kind of bad input: a message naming source and line, the raw line in rejected/,
# the other lines still stored, exit status 1.

setup() {
  store="$BATS_TEST_TMPDIR/store"
  input="$BATS_TEST_TMPDIR/in.ndjson"
  good='{"ts":"2026-11-22T10:00:00.000Z","name":"good","value":1}'
}

# Feeds a good line, the bad one, and another good line; checks message, status, store and rejected/.
check_rejected() {
  local reason=$1
  { echo "$good"; cat "$BATS_TEST_TMPDIR/bad"; echo "$good"; } > "$input"
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$input"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $input:2: $reason" ]
  [ "${lines[1]}" = "pm-ingest: 2 records accepted, 1 rejected, 1 segment touched" ]
  [ "$(grep -c good "$store/2026/11/22/10.ndjson")" -eq 2 ]
  cmp "$BATS_TEST_TMPDIR/bad" "$store/rejected/2026-11-22.lines"
  run jq -r '"\(.source):\(.line): \(.reason)"' "$store/rejected/2026-11-22.reasons"
  [ "$output" = "$input:2: $reason" ]
}

@test "a line that is not JSON" {
  # Shows: plain text is refused.
  echo 'cpu=12' > "$BATS_TEST_TMPDIR/bad"
  check_rejected "not valid JSON"
}

@test "JSON that is not an object, and JSON cut short" {
  # Shows: an array and an unfinished object are refused.
  echo '[1,2,3]' > "$BATS_TEST_TMPDIR/bad"
  check_rejected "line is not a JSON object"
  rm -r "$store"
  echo '{"ts":"2026-11-22T10:00:00Z","name":"m","value":1' > "$BATS_TEST_TMPDIR/bad"
  check_rejected "not valid JSON"
}

@test "a missing value" {
  # Shows: value is required for samples.
  echo '{"ts":"2026-11-22T10:00:00Z","name":"m"}' > "$BATS_TEST_TMPDIR/bad"
  check_rejected 'missing field "value"'
}

@test "a value that is not a number" {
  # Shows: the message quotes what was sent.
  echo '{"ts":"2026-11-22T10:00:00Z","name":"m","value":"abc"}' > "$BATS_TEST_TMPDIR/bad"
  check_rejected '"value" must be a number, got "abc"'
}

@test "a bad time" {
  # Shows: month 13 is named as the problem.
  echo '{"ts":"2026-13-22T10:00:00Z","name":"m","value":1}' > "$BATS_TEST_TMPDIR/bad"
  check_rejected '"ts": invalid time "2026-13-22T10:00:00Z": no such date'
}

@test "a bad name" {
  # Shows: names follow [A-Za-z_][A-Za-z0-9_.:-]*.
  echo '{"ts":"2026-11-22T10:00:00Z","name":"cpu usage","value":1}' > "$BATS_TEST_TMPDIR/bad"
  check_rejected '"name" "cpu usage" may hold only letters, digits and _ . : -'
}

@test "binary garbage is kept byte for byte" {
  # Shows: NUL and invalid UTF-8 bytes reach rejected/ unchanged.
  printf '\x00\x01\xff\xfe\x80garbage\x7f\n' > "$BATS_TEST_TMPDIR/bad"
  check_rejected "not valid UTF-8 at byte 3"
}

@test "a 10 MB line is refused and kept whole" {
  # Shows: one huge line neither stops the run nor gets lost.
  { printf '{"ts":"2026-11-22T10:00:00Z","name":"'; head -c 10000000 /dev/zero | tr '\0' a; printf '","value":1}\n'; } > "$BATS_TEST_TMPDIR/bad"
  check_rejected '"name" is longer than 255 bytes'
  [ "$(stat -c %s "$store/rejected/2026-11-22.lines")" -eq "$(stat -c %s "$BATS_TEST_TMPDIR/bad")" ]
}

@test "--strict stops at the first bad line, keeps it, stores what came before" {
  # Shows: --strict ends the run with status 1 at the first bad line.
  printf '%s\n' "$good" 'bad' "$good" > "$input"
  run "$PM_BIN/pm-ingest" -H "$store" --strict --now 2026-11-22T11:00:00Z "$input"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: 1 record accepted, 1 rejected, 1 segment touched" ]
  [ "${lines[1]}" = "pm-ingest: error: $input:2: not valid JSON" ]
  [ "$(wc -l < "$store/2026/11/22/10.ndjson")" -eq 1 ]
  [ "$(cat "$store/rejected/2026-11-22.lines")" = bad ]
}

@test "an unreadable input is an error, a bad --retention a usage error" {
  # Shows: exit 1 for a missing file, 2 for a bad option value.
  run "$PM_BIN/pm-ingest" -H "$store" "$BATS_TEST_TMPDIR/missing"
  [ "$status" -eq 1 ]
  [[ "$output" == *"pm-ingest: error: cannot read $BATS_TEST_TMPDIR/missing: no such file or directory"* ]]
  run "$PM_BIN/pm-ingest" -H "$store" --retention soon "$input"
  [ "$status" -eq 2 ]
  [[ "$output" == "pm-ingest: error: --retention: "* ]]
}
