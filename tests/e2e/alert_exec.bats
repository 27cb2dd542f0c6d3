#!/usr/bin/env bats
# pm-alert --exec: a hook runs once per transition with the record on stdin and PM_ALERT_* set,
# without a shell, so data never executes; a failing hook is reported and the alert is kept.

setup() {
  export PM_HISTORY="$BATS_TEST_TMPDIR/store"
  HOOK="$BATS_TEST_TMPDIR/hook.sh"
  cat > "$HOOK" <<'SH'
#!/bin/sh
# Records what it was given: its arguments, the variables and stdin.
out="$1"
{
  printf 'args=%s|%s\n' "$2" "$3"
  printf 'rule=%s state=%s severity=%s value=%s threshold=%s name=%s\n' \
    "$PM_ALERT_RULE" "$PM_ALERT_STATE" "$PM_ALERT_SEVERITY" "$PM_ALERT_VALUE" "$PM_ALERT_THRESHOLD" "$PM_ALERT_NAME"
  printf 'tags=%s\n' "$PM_ALERT_TAGS"
  printf 'message=%s\n' "$PM_ALERT_MESSAGE"
  printf 'stdin=%s\n' "$(cat)"
} >> "$out"
SH
  chmod +x "$HOOK"
}

@test "a tag value like \$(touch FILE) reaches the hook intact and executes nothing" {
  # The tag, the message and the arguments all carry shell syntax; none of it may run.
  marker="$BATS_TEST_TMPDIR/pwned"
  evil="\$(touch $marker)"
  printf '{"ts":"2026-11-22T10:00:00Z","name":"app.queue","value":50,"tags":{"job":"%s"}}\n' "$evil" > "$BATS_TEST_TMPDIR/in"
  run "$PM_BIN/pm-alert" --rule "q: app.queue > 10 message=\"queue {tags.job} is {value}\"" \
    --exec "$HOOK $BATS_TEST_TMPDIR/log 'a b' \"\`touch $marker\`\"" --now 2026-11-22T10:00:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 1 ]
  [ ! -e "$marker" ]
  log="$BATS_TEST_TMPDIR/log"
  grep -qxF "args=a b|\`touch $marker\`" "$log"
  grep -qxF "rule=q state=firing severity=warning value=50 threshold=10 name=app.queue" "$log"
  grep -qxF "tags={\"job\":\"$evil\"}" "$log"
  grep -qxF "message=queue $evil is 50" "$log"
  [ "$(sed -n 's/^stdin=//p' "$log" | jq -r .tags.job)" = "$evil" ]
  [ "$(echo "$output" | jq -r .tags.job)" = "$evil" ]
}

@test "the hook runs once per transition" {
  # Firing then resolved: two runs of the hook, in order.
  printf '{"ts":"2026-11-22T10:00:00Z","name":"x","value":50}\n{"ts":"2026-11-22T10:01:00Z","name":"x","value":1}\n' > "$BATS_TEST_TMPDIR/in"
  run "$PM_BIN/pm-alert" --rule "x: x > 10" --exec "$HOOK $BATS_TEST_TMPDIR/log" --now 2026-11-22T10:01:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 0 ]
  [ "$(grep -c '^rule=' "$BATS_TEST_TMPDIR/log")" -eq 2 ]
  [ "$(sed -n 's/^rule=x state=\([a-z]*\).*/\1/p' "$BATS_TEST_TMPDIR/log" | tr '\n' ' ')" = "firing resolved " ]
}

@test "a failing or missing hook is reported and the alert is still printed and stored" {
  # false exits 1; the second hook does not exist. Both are reported, the event survives.
  printf '{"ts":"2026-11-22T10:00:00Z","name":"x","value":50}\n' > "$BATS_TEST_TMPDIR/in"
  run "$PM_BIN/pm-alert" --rule "x: x > 10 severity=critical" --exec false --exec "$BATS_TEST_TMPDIR/nope" \
    --now 2026-11-22T10:00:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 2 ]
  [[ "$output" == *'pm-alert: warning: hook "false" exited with status 1 (alert "x" firing kept)'* ]]
  [[ "$output" == *"pm-alert: warning: hook \"$BATS_TEST_TMPDIR/nope\" could not be run: "* ]]
  [ "$(echo "$output" | grep '"kind":"alert"' | jq -r .state)" = "firing" ]
  [ "$(jq -r .rule "$PM_HISTORY/alerts.ndjson")" = "x" ]
}

@test "an unterminated quote in --exec is a usage error" {
  # Caught before any input is read.
  run "$PM_BIN/pm-alert" --rule "x: x > 10" --exec "notify 'oops" --now 2026-11-22T10:00:00Z /dev/null
  [ "$status" -eq 3 ]
  [[ "$output" == *"unterminated ' quote"* ]]
}
