#!/usr/bin/env bats
# Bytes that are not UTF-8 are never rewritten: in every format the line is refused with
# SOURCE:LINE, kept raw in rejected/, counted, and pm-ingest exits 1.

bats_require_minimum_version 1.5.0

setup() {
  store="$BATS_TEST_TMPDIR/store"
}

# Ingests $BATS_TEST_TMPDIR/in as format $1; the line $2 must be refused, $3 records kept.
check_utf8() {
  local format=$1 line=$2 accepted=$3 byte=$4
  rm -rf "$store"
  run -1 "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z --format "$format" "$BATS_TEST_TMPDIR/in"
  [ "${lines[0]}" = "pm-ingest: $BATS_TEST_TMPDIR/in:$line: not valid UTF-8 at byte $byte" ]
  [[ "${lines[1]}" == "pm-ingest: $accepted record"*" accepted, 1 rejected, "* ]]
  sed -n "${line}p" "$BATS_TEST_TMPDIR/in" | cmp - "$store/rejected/2026-11-22.lines"
  ! grep -rq $'\xef\xbf\xbd' "$store/2026" 2>/dev/null
}

@test "prometheus: a label value that is not UTF-8" {
  # Shows: two metrics that differ only by an invalid byte do not become one series.
  printf 'm{a="x\xff"} 1 1795341600000\nm{a="x\xfe"} 2 1795341600000\nm{a="ok"} 3 1795341600000\n' > "$BATS_TEST_TMPDIR/in"
  rm -rf "$store"
  run -1 "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z --format prometheus "$BATS_TEST_TMPDIR/in"
  [ "${lines[0]}" = "pm-ingest: $BATS_TEST_TMPDIR/in:1: not valid UTF-8 at byte 7" ]
  [ "${lines[1]}" = "pm-ingest: $BATS_TEST_TMPDIR/in:2: not valid UTF-8 at byte 7" ]
  [ "${lines[2]}" = "pm-ingest: 1 record accepted, 2 rejected, 1 segment touched" ]
  [ "$(wc -l < "$store/rejected/2026-11-22.lines")" -eq 2 ]
  head -2 "$BATS_TEST_TMPDIR/in" | cmp - "$store/rejected/2026-11-22.lines"
}

@test "influx: a tag value that is not UTF-8" {
  # Shows: an overlong encoding (C0 AF) is refused like any invalid byte.
  printf 'cpu,host=a usage=1 1795341600000000000\ncpu,host=\xc0\xaf usage=2 1795341600000000000\n' > "$BATS_TEST_TMPDIR/in"
  check_utf8 influx 2 1 10
}

@test "csv: a tag cell that is not UTF-8" {
  # Shows: the header stays, the bad row goes to rejected/.
  printf 'ts,name,value,host\n2026-11-22T10:00:00Z,m,1,a\n2026-11-22T10:00:00Z,m,2,\xed\xa0\x80\n' > "$BATS_TEST_TMPDIR/in"
  check_utf8 csv 3 1 26
}

@test "nagios: performance data that is not UTF-8" {
  # Shows: a label with a lone continuation byte is refused.
  printf "DISK OK | '/\x80'=5;8;9\n" > "$BATS_TEST_TMPDIR/in"
  check_utf8 nagios 1 0 13
}

@test "valid UTF-8 passes in every format" {
  # Shows: é and 日本 in tags are kept as they are.
  printf 'm{a="\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac"} 1 1795341600000\n' > "$BATS_TEST_TMPDIR/in"
  run -0 "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z --format prometheus --tee "$BATS_TEST_TMPDIR/in"
  [[ "${lines[0]}" == *'"tags":{"a":"é日本"}'* ]]
}
