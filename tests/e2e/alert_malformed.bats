#!/usr/bin/env bats
# pm-alert refuses malformed rules with a precise message (column and what was expected) and
# exit status 3 (UNKNOWN, as the Monitoring Plugins do for bad usage), and --check-rules
# prints valid rules in canonical form.

setup() {
  export PM_HISTORY="$BATS_TEST_TMPDIR/store"
  CATALOGUE="$PM_SOURCE/tests/fixtures/alert/malformed_rules.tsv"
}

@test "every rule of the malformed catalogue gets its exact message and exit 3" {
  # At least 20 cases; each line is RULE<TAB>MESSAGE.
  count=0
  while IFS=$'\t' read -r rule message; do
    [[ "$rule" == "#"* ]] && continue
    run "$PM_BIN/pm-alert" --rule "$rule" --check-rules
    if [ "$status" -ne 3 ] || [ "$output" != "$message" ]; then
      echo "rule:     $rule"
      echo "expected: $message"
      echo "got:      $output (exit $status)"
      return 1
    fi
    count=$((count + 1))
  done < "$CATALOGUE"
  [ "$count" -ge 20 ]
}

@test "a malformed rule fails before any input is read" {
  # stdin would block if it were read; the rule error comes first.
  run timeout 5 "$PM_BIN/pm-alert" --rule 'x: y >' --now 2026-11-22T10:00:00Z
  [ "$status" -eq 3 ]
  [ "$output" = 'pm-alert: error: --rule 1:7: expected a number after ">", got end of rule' ]
}

@test "--check-rules prints rules canonically and exits 0" {
  run "$PM_BIN/pm-alert" --check-rules --rule 'high_cpu: system.cpu.usage>80 for 300s' \
    --rule "db_slow: p95( api.request.duration{module='database'} ) over 5m > 0.5 repeat=1h"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "high_cpu: system.cpu.usage > 80 for 5m severity=warning" ]
  [ "${lines[1]}" = 'db_slow: p95(api.request.duration{module="database"}) over 5m > 0.5 severity=warning repeat=1h' ]
}

@test "rules files: the dictionary form, a list, and their errors" {
  # The original module's form reads; a wrong field type names the file and the rule.
  cat > "$BATS_TEST_TMPDIR/rules.json" <<'JSON'
{"high_cpu": {"metric": "system.cpu.usage", "threshold": 80, "severity": "warning", "condition": "above", "duration": 120},
 "low_disk": {"metric": "system.filesystem.free", "threshold": 10, "condition": "below", "severity": "critical"}}
JSON
  run "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/rules.json" --check-rules
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "high_cpu: system.cpu.usage > 80 for 2m severity=warning" ]
  [ "${lines[1]}" = "low_disk: system.filesystem.free < 10 severity=critical" ]
  echo '[{"name": "x", "metric": "a", "threshold": 1, "condition": "sideways"}]' > "$BATS_TEST_TMPDIR/bad.json"
  run "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/bad.json" --check-rules
  [ "$status" -eq 3 ]
  [ "$output" = "pm-alert: error: $BATS_TEST_TMPDIR/bad.json: rule \"x\": \"condition\" must be above, below, equals, not_equals, at_or_above or at_or_below, got \"sideways\"" ]
  echo '["ok: a > 1", "bad: a >> 1"]' > "$BATS_TEST_TMPDIR/bad.json"
  run "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/bad.json" --check-rules
  [ "$status" -eq 3 ]
  [ "$output" = "pm-alert: error: $BATS_TEST_TMPDIR/bad.json: rule #2 1:9: expected a number after \">\", got \">\"" ]
  echo '{not json' > "$BATS_TEST_TMPDIR/bad.json"
  run "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/bad.json" --check-rules
  [ "$status" -eq 3 ]
  [ "$output" = "pm-alert: error: $BATS_TEST_TMPDIR/bad.json:1:3: not valid JSON: syntax error while parsing object key - invalid literal; last read: '{no'; expected string literal" ]
  printf '[\n  {"expr": "a: x > 1"},\n  {"expr": "b: y > 2",}\n]\n' > "$BATS_TEST_TMPDIR/bad.json"
  run "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/bad.json" --check-rules
  [ "$status" -eq 3 ]
  [[ "$output" == "pm-alert: error: $BATS_TEST_TMPDIR/bad.json:3:23: not valid JSON: "* ]]
}

@test "two rules with one name are refused, with where each was read" {
  run "$PM_BIN/pm-alert" --check-rules --rule 'a: x > 1' --rule 'a: y > 1'
  [ "$status" -eq 3 ]
  [ "$output" = 'pm-alert: error: --rule: two rules are named "a": give one another name (NAME: EXPR)' ]
  # Two rules named after their metric in a rules file (found by fuzzing: no file, no line).
  printf 's != 0\n# a comment\ns > 5 for 1m\n' > "$BATS_TEST_TMPDIR/dup.rules"
  run "$PM_BIN/pm-alert" --check-rules --rules "$BATS_TEST_TMPDIR/dup.rules"
  [ "$status" -eq 3 ]
  [ "$output" = "pm-alert: error: $BATS_TEST_TMPDIR/dup.rules:3: two rules are named \"s\" (the other in $BATS_TEST_TMPDIR/dup.rules:1): give one another name (NAME: EXPR)" ]
  run "$PM_BIN/pm-alert" --check-rules --defaults --rule 'high_cpu: x > 1'
  [ "$status" -eq 3 ]
  [ "$output" = 'pm-alert: error: --rule: two rules are named "high_cpu" (the other in --defaults): give one another name (NAME: EXPR)' ]
}
