#!/usr/bin/env bats
# Every ```sh block of README.md runs as written, in a sandbox: fixture /proc and /sys,
# a pinned clock, a fresh HOME and PM_HISTORY, local servers for the URLs, paths that need
# root moved under a scratch root, crontab lines run as cron runs them. How each kind of
# block is run is written at the top of tests/e2e/readme_blocks.py.

bats_require_minimum_version 1.5.0

blocks() { python3 "$PM_SOURCE/tests/e2e/readme_blocks.py" "$@"; }

@test "every sh block of the README runs cleanly" {
  run --separate-stderr blocks "$PM_SOURCE/README.md"
  echo "$output"
  echo "$stderr"
  [ "$status" -eq 0 ]
  [[ "$output" != *FAIL* ]]
  # The check-web.sh script found the web server up and logged so.
  [[ "$output" == *"logger web: OK"* ]]
  # The cron line with mail ran to its end.
  [[ "$output" == *"cron: */5 * * * * pm-sample --state ~/.cache/pm/sample.state | pm-ingest --tee | pm-alert"* ]]
}

@test "each block the test does not run names the test that checks it" {
  run blocks "$PM_SOURCE/README.md" --list
  [ "$status" -eq 0 ]
  [ "$(grep -c ': run$' <<<"$output")" -ge 8 ]
  while IFS= read -r line; do
    for file in $(grep -oE 'tests/e2e/[a-z_]+\.bats' <<<"$line"); do
      [ -f "$PM_SOURCE/$file" ] || { echo "$line: no $file"; return 1; }
    done
    grep -qE 'tests/e2e/[a-z_]+\.bats' <<<"$line" || { echo "$line: names no test"; return 1; }
  done < <(grep ': skip' <<<"$output")
}

@test "the check can fail: a block with a command that fails is reported" {
  printf '# t\n\n```sh\npm-sample --collect nosuch   # one collector\n```\n' > "$BATS_TEST_TMPDIR/bad.md"
  run blocks "$BATS_TEST_TMPDIR/bad.md"
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAIL $BATS_TEST_TMPDIR/bad.md:4: pm-sample --collect nosuch   # one collector: exit status 2; stderr says error"* ]]
}
