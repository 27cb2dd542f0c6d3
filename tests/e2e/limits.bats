#!/usr/bin/env bats
# The input limits (README, Guarantees): each has a variable that changes it, the limit is
# exact (at it the input is read, one past it refused with a message naming the variable),
# and a value the tool cannot use is a usage error naming the variable.

bats_require_minimum_version 1.5.0

setup() {
  B="$BATS_TEST_TMPDIR"
  NOW=--now=2026-11-22T10:01:00Z
  export PM_HISTORY="$B/store"
}

teardown() {
  [ -z "${server_pid:-}" ] || kill "$server_pid" 2>/dev/null || true
}

# A record line of exactly $1 bytes (the name padded with a tag value).
line_of() {
  python3 -c '
import sys
n = int(sys.argv[1])
head, tail = "{\"ts\":\"2026-11-22T10:00:00.000Z\",\"name\":\"x\",\"value\":1,\"tags\":{\"p\":\"", "\"}}"
print(head + "a" * (n - len(head) - len(tail)) + tail)' "$1"
}

@test "PM_MAX_LINE_BYTES: a line at the limit is read, one byte more refused, in pm-ingest and pm-report" {
  line_of 200 > "$B/at.ndjson"
  line_of 201 > "$B/over.ndjson"
  PM_MAX_LINE_BYTES=200 run "$PM_BIN/pm-ingest" "$NOW" --check "$B/at.ndjson"
  [ "$status" -eq 0 ]
  PM_MAX_LINE_BYTES=200 run "$PM_BIN/pm-ingest" "$NOW" --check "$B/over.ndjson"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$B/over.ndjson:1: line longer than 200 bytes (PM_MAX_LINE_BYTES)"* ]]
  PM_MAX_LINE_BYTES=200 run --separate-stderr "$PM_BIN/pm-report" --format json "$B/at.ndjson"
  [ "$status" -eq 0 ]
  PM_MAX_LINE_BYTES=200 run --separate-stderr "$PM_BIN/pm-report" --format json "$B/over.ndjson"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"$B/over.ndjson:1: line longer than 200 bytes (PM_MAX_LINE_BYTES)"* ]]
  # The default (16 MiB) reads the line; a size with a suffix is a size.
  run "$PM_BIN/pm-ingest" "$NOW" --check "$B/over.ndjson"
  [ "$status" -eq 0 ]
  PM_MAX_LINE_BYTES=1KiB run "$PM_BIN/pm-ingest" "$NOW" --check "$B/over.ndjson"
  [ "$status" -eq 0 ]
}

@test "PM_MAX_CSV_COLUMNS and PM_MAX_CSV_RECORD_BYTES bound a CSV header, row and record" {
  printf 'name,value,a\nx,1,p\n' > "$B/three.csv"
  PM_MAX_CSV_COLUMNS=3 run "$PM_BIN/pm-ingest" "$NOW" --check --format csv "$B/three.csv"
  [ "$status" -eq 0 ]
  PM_MAX_CSV_COLUMNS=2 run "$PM_BIN/pm-ingest" "$NOW" --check --format csv "$B/three.csv"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$B/three.csv:1: the CSV header has 3 columns, more than the limit of 2 (PM_MAX_CSV_COLUMNS)"* ]]
  # A quoted field over two lines: 11 bytes joined ("x,1,\"p" + newline + "q\"").
  printf 'name,value,a\nx,1,"p\nq"\n' > "$B/quoted.csv"
  PM_MAX_CSV_RECORD_BYTES=9 run "$PM_BIN/pm-ingest" "$NOW" --check --format csv "$B/quoted.csv"
  [ "$status" -eq 0 ]
  PM_MAX_CSV_RECORD_BYTES=8 run "$PM_BIN/pm-ingest" "$NOW" --check --format csv "$B/quoted.csv"
  [ "$status" -eq 1 ]
  [[ "$output" == *"more than 8 bytes (PM_MAX_CSV_RECORD_BYTES): is a quote left open?"* ]]
}

@test "PM_MAX_RULES and PM_MAX_RULES_BYTES bound a rules file, in the rule language and in JSON" {
  printf 'a: x > 1\nb: x > 2\n' > "$B/rules"
  printf '["a: x > 1", "b: x > 2"]\n' > "$B/rules.json"
  for f in rules rules.json; do
    PM_MAX_RULES=2 run "$PM_BIN/pm-alert" --rules "$B/$f" --check-rules
    [ "$status" -eq 0 ]
    PM_MAX_RULES=1 run "$PM_BIN/pm-alert" --rules "$B/$f" --check-rules
    [ "$status" -eq 3 ]
    [ "$output" = "pm-alert: error: $B/$f: 2 rules, more than the limit of 1 per file (PM_MAX_RULES)" ]
  done
  size=$(stat -c %s "$B/rules")
  PM_MAX_RULES_BYTES=$size run "$PM_BIN/pm-alert" --rules "$B/rules" --check-rules
  [ "$status" -eq 0 ]
  PM_MAX_RULES_BYTES=$((size - 1)) run "$PM_BIN/pm-alert" --rules "$B/rules" --check-rules
  [ "$status" -eq 3 ]
  [ "$output" = "pm-alert: error: $B/rules: larger than the limit of $((size - 1)) bytes (PM_MAX_RULES_BYTES)" ]
  # pm-report reads its --rules through the same limits.
  printf '{"ts":"2026-11-22T10:00:00Z","name":"x","value":5}\n' > "$B/in.ndjson"
  PM_MAX_RULES=1 run "$PM_BIN/pm-report" --rules "$B/rules" --format json "$B/in.ndjson"
  [ "$status" -eq 2 ]
  [[ "$output" == *"$B/rules: 2 rules, more than the limit of 1 per file (PM_MAX_RULES)"* ]]
}

@test "PM_MAX_BODY_BYTES bounds a scrape's body" {
  python3 "$PM_SOURCE/tests/fixtures/probes/server.py" http "$B/port" "$PM_SOURCE/tests/fixtures/probes" 3>&- &
  server_pid=$!
  for _ in $(seq 100); do [ -s "$B/port" ] && break; sleep 0.05; done
  port=$(cat "$B/port")
  size=$(stat -c %s "$PM_SOURCE/tests/fixtures/probes/metrics.prom")
  PM_MAX_BODY_BYTES=$size run --separate-stderr "$PM_BIN/pm-sample" --scrape "http://127.0.0.1:$port/metrics.prom"
  [ "$status" -eq 0 ]
  [ "$(jq -r 'select(.name == "scrape.up") | .value' <<<"$output")" = 1 ]
  PM_MAX_BODY_BYTES=$((size - 1)) run --separate-stderr "$PM_BIN/pm-sample" --scrape "http://127.0.0.1:$port/metrics.prom"
  [ "$(jq -r 'select(.name == "scrape.up") | .value' <<<"$output")" = 0 ]
  [[ "$stderr" == *"HTTP body larger than $((size - 1)) bytes (PM_MAX_BODY_BYTES)"* ]]
}

@test "a limit's variable with a value the tool cannot use is a usage error naming it" {
  printf '{"ts":"2026-11-22T10:00:00Z","name":"x","value":5}\n' > "$B/in.ndjson"
  for value in 0 -5 lots 1.5 16XiB 99999999999999999999; do
    PM_MAX_LINE_BYTES=$value run "$PM_BIN/pm-ingest" "$NOW" --check "$B/in.ndjson"
    [ "$status" -eq 2 ]
    [[ "$output" == "pm-ingest: error: PM_MAX_LINE_BYTES: must be a positive number of bytes (or KiB, MiB, GiB), got \"$value\""* ]]
  done
  PM_MAX_RULES=1KiB run "$PM_BIN/pm-alert" --rules /dev/null --check-rules
  [ "$status" -eq 3 ]
  [[ "$output" == 'pm-alert: error: PM_MAX_RULES: must be a positive integer, got "1KiB"'* ]]
}
