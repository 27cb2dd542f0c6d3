#!/usr/bin/env bats
# The hostile-input catalogue: each input of tests/e2e/hostile/gen.py through every tool that
# reads records (pm-ingest, pm-alert, pm-report, pm-predict), with the messages and exit
# statuses of tests/e2e/hostile/CASE.expected (written by transcript.sh: bad lines named
# SOURCE:LINE and counted, a non-zero status for them, the store and every output strict
# JSON, nothing rewritten in silence). Then what a transcript cannot show: an endless line
# from a pipe in bounded memory, and tag values that look like shell reaching a hook as data.

bats_require_minimum_version 1.5.0

hostile="$PM_SOURCE/tests/e2e/hostile"

check_case() {
  "$hostile/gen.py" "$1" "$BATS_TEST_TMPDIR/in"
  mkdir -p "$BATS_TEST_TMPDIR/work"
  "$hostile/transcript.sh" "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/work" > "$BATS_TEST_TMPDIR/actual"
  diff -u "$hostile/$1.expected" "$BATS_TEST_TMPDIR/actual"
}

@test "every case of gen.py has its transcript and every transcript its case" {
  diff <("$hostile/gen.py" --list | sort) <(cd "$hostile" && ls ./*.expected | sed 's|^\./||; s|\.expected$||' | sort)
}

@test "invalid UTF-8 (a lone continuation byte, an overlong /, a surrogate) is refused with its byte" { check_case invalid_utf8; }
@test "a raw NUL is refused, an escaped one kept" { check_case nul_bytes; }
@test "a line of 50 MB is refused at 16 MiB, the next line read" { check_case line_50mb; }
@test "1e400 and -1e400 are not finite numbers" { check_case value_1e400; }
@test "-0 is a number" { check_case negative_zero; }
@test "NaN, Infinity and -Infinity are not JSON" { check_case nan_infinity; }
@test "integers past 2^64 are numbers, as the value and in an extra field" { check_case huge_integers; }
@test "10,000 levels of nesting are refused at 1024" { check_case nesting_10000; }
@test "a repeated field, tag or extra key is refused" { check_case duplicate_keys; }
@test "a record of 100,000 tags goes through every tool in linear time" { check_case tags_100000; }
@test "a tag value of 1 MB goes through; messages quoting it are cut at 4 KiB" { check_case tag_value_1mb; }
@test "CRLF line ends are read" { check_case crlf; }
@test "a byte order mark opening the input is skipped" { check_case bom; }
@test "empty and blank lines are skipped" { check_case empty_lines; }
@test "years 0001 and 9999 are read, a time an offset takes past them refused" { check_case year_1_and_9999; }
@test "epoch seconds 1e20, -1 and -1e20 are out of range" { check_case epoch_extremes; }
@test "names that are paths or shell are refused; such tag values are data" { check_case names_paths_shell; }
@test "10 MB of binary garbage is refused line by line" { check_case binary_10mb; }

@test "an endless line from a pipe: refused once at 16 MiB, memory bounded, SIGTERM ends the run" {
  for tool in "pm-ingest -H $BATS_TEST_TMPDIR/store" "pm-alert --no-alert-history --rule x>0" "pm-report" "pm-predict"; do
    # shellcheck disable=SC2086 # the tool and its options are meant to be split
    (yes x | tr -d '\n') | "$PM_BIN"/$tool > /dev/null 2> "$BATS_TEST_TMPDIR/err" &
    pid=$!
    for _ in $(seq 100); do grep -q 'longer than' "$BATS_TEST_TMPDIR/err" && break; sleep 0.1; done
    sleep 1 # reading on, past the limit
    peak=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
    kill -TERM "$pid"
    status=0
    wait "$pid" || status=$?
    echo "$tool: peak ${peak} kB, status $status"
    cat "$BATS_TEST_TMPDIR/err"
    [ "$(head -1 "$BATS_TEST_TMPDIR/err")" = "${tool%% *}: stdin:1: line longer than 16777216 bytes (PM_MAX_LINE_BYTES)" ]
    [ "$peak" -lt 204800 ] # 200 MB: the 16 MiB line's buffers, not the input
    [ "$status" -ne 0 ] && [ "$status" -lt 128 ] # ended by its own hand, the bad line counted
  done
}

@test "tag values that look like shell reach an --exec hook as data, never run" {
  cd "$BATS_TEST_TMPDIR"
  "$hostile/gen.py" names_paths_shell in
  cat > hook <<'HOOK'
#!/bin/sh
printf '%s\n' "$PM_ALERT_TAGS" > hook.env
cat > hook.stdin
HOOK
  chmod +x hook
  run -1 "$PM_BIN/pm-alert" --no-alert-history --rule 'hostile: m >= 3' --now 2026-11-22T11:00:00Z --exec ./hook in
  [ ! -e pwned ]
  [ "$(cat hook.env)" = '{"cmd":"$(touch pwned)`id`;|&","path":"../../x"}' ]
  [ "$(jq -r '.tags.cmd' hook.stdin)" = '$(touch pwned)`id`;|&' ]
}
