#!/usr/bin/env bats
# pm-alert --exec hooks are bounded: one that hangs is killed with its process group after
# --exec-timeout and alerting goes on; data too large for the environment still reaches the
# hook, on stdin, instead of the hook failing to start.

bats_require_minimum_version 1.5.0

setup() {
  export PM_HISTORY="$BATS_TEST_TMPDIR/store"
  printf '{"ts":"2026-11-22T10:00:00Z","name":"m","value":50}\n' > "$BATS_TEST_TMPDIR/in"
}

@test "a hook that hangs is killed with its children after --exec-timeout" {
  # Shows: the event is still printed, the warning names the timeout, the grandchild dies too.
  cat > "$BATS_TEST_TMPDIR/hang.sh" <<SH
#!/bin/sh
sleep 300 &
echo \$! > "$BATS_TEST_TMPDIR/child"
wait
SH
  chmod +x "$BATS_TEST_TMPDIR/hang.sh"
  start=$(date +%s)
  run -1 "$PM_BIN/pm-alert" --rule 'r: m > 10' --exec "$BATS_TEST_TMPDIR/hang.sh" --exec-timeout 1s \
    --now 2026-11-22T10:00:00Z "$BATS_TEST_TMPDIR/in"
  [ $(( $(date +%s) - start )) -lt 10 ]
  [[ "$output" == *'"state":"firing"'* ]]
  [[ "$output" == *"pm-alert: warning: hook \"$BATS_TEST_TMPDIR/hang.sh\" ran longer than 1s (--exec-timeout): its process group was killed (alert \"r\" firing kept)"* ]]
  sleep 0.2
  state=$(ps -o stat= -p "$(cat "$BATS_TEST_TMPDIR/child")" || true)
  [[ -z "$state" || "$state" == Z* ]]
}

@test "a hook that never reads a large stdin is killed at the timeout, not waited on for ever" {
  # Shows: a 1 MB record does not block pm-alert on a full pipe.
  big=$(head -c 1000000 /dev/zero | tr '\0' x)
  printf '{"ts":"2026-11-22T10:00:00Z","name":"m","value":50,"tags":{"t":"%s"}}\n' "$big" > "$BATS_TEST_TMPDIR/in"
  run -1 timeout 20 "$PM_BIN/pm-alert" --rule 'r: m > 10' --exec "sleep 60" --exec-timeout 1s \
    --now 2026-11-22T10:00:00Z "$BATS_TEST_TMPDIR/in"
  [[ "$output" == *"hook \"sleep\" ran longer than 1s (--exec-timeout)"* ]]
}

@test "a 200 KB tag value reaches the hook on stdin; the variable is left out and named" {
  # Shows: without the limit the hook failed with 'argument list too long'.
  big=$(head -c 200000 /dev/zero | tr '\0' y)
  printf '{"ts":"2026-11-22T10:00:00Z","name":"m","value":50,"tags":{"t":"%s"}}\n' "$big" > "$BATS_TEST_TMPDIR/in"
  cat > "$BATS_TEST_TMPDIR/hook.sh" <<SH
#!/bin/sh
{ echo "omitted=\$PM_ALERT_OMITTED rule=\$PM_ALERT_RULE tags=\${#PM_ALERT_TAGS}"; cat; } > "$BATS_TEST_TMPDIR/got"
SH
  chmod +x "$BATS_TEST_TMPDIR/hook.sh"
  run -1 "$PM_BIN/pm-alert" --rule 'r: m > 10' --exec "$BATS_TEST_TMPDIR/hook.sh" \
    --now 2026-11-22T10:00:00Z "$BATS_TEST_TMPDIR/in"
  [[ "$output" != *"hook"* ]]
  [ "$(head -1 "$BATS_TEST_TMPDIR/got")" = "omitted=PM_ALERT_SERIES,PM_ALERT_TAGS,PM_ALERT_MESSAGE rule=r tags=0" ]
  [ "$(sed -n 2p "$BATS_TEST_TMPDIR/got" | jq -r '.tags.t | length')" -eq 200000 ]
}

@test "--exec-timeout takes a duration" {
  # Shows: a bad or zero value is a usage error (status 3, as the Monitoring Plugins).
  run -3 "$PM_BIN/pm-alert" --rule 'r: m > 10' --exec true --exec-timeout soon "$BATS_TEST_TMPDIR/in"
  [[ "$output" == *"--exec-timeout: invalid duration \"soon\""* ]]
  run -3 "$PM_BIN/pm-alert" --rule 'r: m > 10' --exec true --exec-timeout 0s "$BATS_TEST_TMPDIR/in"
  [[ "$output" == *"--exec-timeout: must be longer than zero"* ]]
}
