#!/usr/bin/env bats
# A rules file is bounded: more than 10,000 rules is refused whole, with one line saying so,
# instead of taking the memory of the machine and printing a line per rule.

bats_require_minimum_version 1.5.0

@test "a rules file of 10,001 rules is a usage error; 10,000 are read" {
  # Shows: the limit is exact and the message names the file and the count.
  python3 -c 'import json; print(json.dumps(["r%d: m > 1" % i for i in range(10001)]))' > "$BATS_TEST_TMPDIR/big.json"
  run -3 "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/big.json" --check-rules
  [ "$output" = "pm-alert: error: $BATS_TEST_TMPDIR/big.json: 10001 rules, more than the limit of 10000 per file (PM_MAX_RULES)" ]
  python3 -c 'import json; print(json.dumps(["r%d: m > 1" % i for i in range(10000)]))' > "$BATS_TEST_TMPDIR/ok.json"
  run "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/ok.json" --check-rules
  [ "$status" -eq 0 ]
}
