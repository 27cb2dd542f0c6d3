#!/usr/bin/env bats
# Every example of the man pages' EXAMPLES sections runs as written, in the README test's
# sandbox (fixture /proc and /sys, a pinned clock, fresh HOME and store, local servers),
# with the inputs they name from tests/fixtures/man and a store holding 21 days of hourly
# samples. How each block is taken is written at the top of tests/e2e/readme_blocks.py.

bats_require_minimum_version 1.5.0

blocks() { python3 "$PM_SOURCE/tests/e2e/readme_blocks.py" "$@"; }

@test "every example of every man page runs cleanly" {
  # shows the EXAMPLES of man/*.1 working as a reader would type them
  run --separate-stderr blocks --man "$PM_SOURCE"/man/*.1
  echo "$output"
  echo "$stderr"
  [ "$status" -eq 0 ]
  [[ "$output" != *FAIL* ]]
  # Each page's examples ran (the pm front door's too), and the live views were stopped.
  for page in pm pm-sample pm-ingest pm-alert pm-predict pm-report; do
    grep -qE "^ok +$PM_SOURCE/man/$page\\.1:[0-9]+: " <<<"$output" || { echo "no example of $page ran"; return 1; }
  done
  [ "$(grep -c '^ok ' <<<"$output")" -ge 40 ]
  grep -qE "^ok .*pm-sample -i 1s\$" <<<"$output"
  # The rules file of pm-alert(1) was written where its comment says, and used.
  grep -qE "^ok .*pm-alert\\.1:[0-9]+: file ~/.config/pm/rules\$" <<<"$output"
}

@test "a block the test does not run is output, or names the test that checks it" {
  # shows nothing is left out in silence
  run blocks --man "$PM_SOURCE"/man/*.1
  while IFS= read -r line; do
    [[ "$line" == *": output" ]] && continue
    grep -qE 'tests/e2e/[a-z_]+\.bats' <<<"$line" || { echo "$line: names no test"; return 1; }
    for file in $(grep -oE 'tests/e2e/[a-z_]+\.bats' <<<"$line"); do
      [ -f "$PM_SOURCE/$file" ] || { echo "$line: no $file"; return 1; }
    done
  done < <(grep '^skip ' <<<"$output")
}

@test "the check can fail: an example that fails, or a skip that names no test, is reported" {
  # shows the extraction reads .EX and .nf blocks of EXAMPLES only, groff escapes undone
  cat > "$BATS_TEST_TMPDIR/bad.1" <<'PAGE'
.TH BAD 1
.SH DESCRIPTION
.nf
pm-sample --collect outside-examples-not-run
.fi
.SH EXAMPLES
.EX
pm\-sample \-\-collect nosuch
.EE
.\" example: skip no reason given
.nf
false
.fi
.nf
pm-sample \e
  --collect load --format ndjson
.fi
PAGE
  run blocks --man "$BATS_TEST_TMPDIR/bad.1"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAIL $BATS_TEST_TMPDIR/bad.1:8: pm-sample --collect nosuch: exit status 2; stderr says error"* ]]
  [[ "$output" == *"FAIL $BATS_TEST_TMPDIR/bad.1:12: a skipped example must name the test that checks it"* ]]
  [[ "$output" == *"ok   $BATS_TEST_TMPDIR/bad.1:15: pm-sample    --collect load --format ndjson"* ]]
  [[ "$output" != *outside-examples* ]]
}
