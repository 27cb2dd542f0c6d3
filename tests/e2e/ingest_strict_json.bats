#!/usr/bin/env bats
# Every line pm stores or passes on is strict JSON (RFC 8259): extra fields are copied as
# written, so they are checked as strictly as the fields pm reads; a time that an offset
# carries past year 9999 or before year 1 is refused like any other bad time.

setup() {
  store="$BATS_TEST_TMPDIR/store"
  head='{"ts":"2026-11-22T10:00:00.000Z","name":"m","value":1'
}

# Ingests a good line, then `head` plus the extra text $1; expects the second line refused
# with reason $2, kept raw in rejected/, exit 1, and a store that jq reads.
check_refused() {
  local extra=$1 reason=$2
  printf '%s}\n%s%s}\n' "$head" "$head" "$extra" > "$BATS_TEST_TMPDIR/in"
  rm -rf "$store"
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/in"
  echo "$extra -> $output"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $BATS_TEST_TMPDIR/in:2: $reason" ]
  [ "${lines[1]}" = "pm-ingest: 1 record accepted, 1 rejected, 1 segment touched" ]
  [ "$(cat "$store/rejected/2026-11-22.lines")" = "$head$extra}" ]
  jq -c . "$store/2026/11/22/10.ndjson" > /dev/null
}

@test "bad numbers in an extra field are refused" {
  # Shows: 1.2.3, 01, - and 1. are not JSON numbers.
  check_refused ',"x":1.2.3' 'field "x": not valid JSON: bad number "1.2."'
  check_refused ',"x":01' 'field "x": not valid JSON: bad number "01"'
  check_refused ',"x":-' 'field "x": not valid JSON: bad number "-"'
  check_refused ',"x":[1.]' 'field "x": not valid JSON: bad number: digits expected after the decimal point'
}

@test "misspelt literals in an extra field are refused" {
  # Shows: tru and nulll are not true and null.
  check_refused ',"x":tru' 'field "x": not valid JSON: bad literal (true, false or null expected)'
  check_refused ',"x":nulll' 'field "x": not valid JSON: bad literal (true, false or null expected)'
}

@test "broken arrays, objects and strings in an extra field are refused" {
  # Shows: the nested text is checked, not only skipped over.
  check_refused ',"x":[1,,2]' "field \"x\": not valid JSON: unexpected \",\""
  check_refused ',"x":[1,2,]' 'field "x": not valid JSON: value expected after '"','"
  check_refused ',"x":{"a":1,}' 'field "x": not valid JSON: object key must be a string'
  check_refused ',"x":"\u12"' 'field "x": not valid JSON: bad \u escape in a string (four hex digits expected)'
  check_refused ',"x":{"a":{"b":1,"b":2}}' 'field "x": not valid JSON: repeated key "b"'
}

@test "a repeated extra field is refused" {
  # Shows: jq would keep only the last one; pm says so instead of storing both.
  check_refused ',"x":1,"y":2,"x":3' 'duplicate field "x"'
}

@test "valid extra fields are stored as they came" {
  # Shows: the check refuses nothing that is JSON.
  line="$head"',"x":[1,-0.5e+3,true,false,null,{"a":"\u00e9\n","b":[]}],"y":{}}'
  echo "$line" | "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z
  [ "$(cat "$store/2026/11/22/10.ndjson")" = "$line" ]
}

@test "pm-report and pm-alert refuse the same lines" {
  # Shows: the tools that pass records on read through the same strict parser.
  printf '%s}\n%s,"x":tru}\n' "$head" "$head" > "$BATS_TEST_TMPDIR/in"
  run "$PM_BIN/pm-report" --format json "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 1 ]
  [[ "$output" == *"pm-report: $BATS_TEST_TMPDIR/in:2: field \"x\": not valid JSON: bad literal"* ]]
  run "$PM_BIN/pm-alert" --rule 'r: m > 5' "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 3 ]
  [[ "$output" == *"pm-alert: $BATS_TEST_TMPDIR/in:2: field \"x\": not valid JSON: bad literal"* ]]
}

@test "a time that an offset carries out of years 0001-9999 is refused" {
  # Shows: 9999-12-31T23:30-01:00 is in year 10000 in UTC; 0001-01-01T00:30+01:00 in year 0.
  printf '{"ts":"9999-12-31T23:30:00-01:00","name":"m","value":1}\n' > "$BATS_TEST_TMPDIR/in"
  run "$PM_BIN/pm-ingest" -H "$store" --retention 36500d --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $BATS_TEST_TMPDIR/in:1: \"ts\": invalid time \"9999-12-31T23:30:00-01:00\": out of range (years 0001 to 9999 in UTC)" ]
  printf '{"ts":"0001-01-01T00:30:00+01:00","name":"m","value":1}\n' > "$BATS_TEST_TMPDIR/in"
  run "$PM_BIN/pm-report" "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 1 ]
  [[ "${lines[0]}" = "pm-report: $BATS_TEST_TMPDIR/in:1: \"ts\": invalid time \"0001-01-01T00:30:00+01:00\": out of range (years 0001 to 9999 in UTC)" ]]
}
