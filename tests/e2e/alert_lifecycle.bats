#!/usr/bin/env bats
# The alert lifecycle in record time: flapping, keep_firing_for, clear= hysteresis, escalate=,
# repeat=, absent(), on_missing=, silences and the bounded alert history.

setup() {
  export PM_HISTORY="$BATS_TEST_TMPDIR/store"
}

# gen V1,V2,...: one sample of x{host="a"} per minute from 10:00.
gen() {
  python3 -c '
import sys, json
for i, v in enumerate(sys.argv[1].split(",")):
    print(json.dumps({"ts": "2026-11-22T%02d:%02d:00Z" % (10 + i // 60, i % 60), "name": "x", "value": float(v), "tags": {"host": "a"}}))
' "$1" > "$BATS_TEST_TMPDIR/in"
}

states() { echo "$1" | jq -r '"\(.ts[11:16]) \(.state) \(.severity) \(.notification // "-")"' | tr '\n' ','; }

@test "flapping input is reported as flapping once and not re-notified each time" {
  # 30 alternating values, then 30 calm ones: two transitions go out, then flapping_start, and
  # the 26 further changes stay quiet; flapping_stop comes once the last 21 results are calm.
  vals=$(python3 -c 'print(",".join(["90" if i % 2 == 0 else "10" for i in range(30)] + ["10"] * 30))')
  gen "$vals"
  run "$PM_BIN/pm-alert" --rule 'f: x > 50' --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 0 ]
  [ "$(states "$output")" = "10:00 firing warning -,10:01 resolved warning -,10:02 firing warning -,10:03 resolved warning -,10:04 firing warning flapping_start,10:48 resolved warning flapping_stop," ]
  [ "$(echo "$output" | jq -r .flapping | head -n 5 | tail -n 1)" = "true" ]
  run "$PM_BIN/pm-alert" --rule 'f: x > 50' --summary --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/in"
  [ "${lines[1]}" = "f         15           15m       1       0" ]
}

@test "flapping=off notifies every change" {
  gen 90,10,90,10,90,10,90,10,90,10
  run "$PM_BIN/pm-alert" --rule 'f: x > 50 flapping=off' --now 2026-11-22T10:10:00Z "$BATS_TEST_TMPDIR/in"
  [ "$(echo "$output" | wc -l)" -eq 10 ]
}

@test "for D: a condition that breaks off before D never fires" {
  # Above 80 for one minute only, then for two: fires at the first record 2m after 10:03.
  gen 90,90,10,90,90,90,10
  run "$PM_BIN/pm-alert" --rule 'p: x > 80 for 2m' --now 2026-11-22T10:06:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 0 ]
  [ "$(states "$output")" = "10:05 firing warning -,10:06 resolved warning -," ]
}

@test "keep_firing_for holds a firing alert through short dips" {
  # Dips at 10:01 and 10:03 last under 2m; the alert resolves at 10:05, 2m into the last dip.
  gen 90,10,90,10,10,10,10
  run "$PM_BIN/pm-alert" --rule 'k: x > 50 keep_firing_for=2m flapping=off' --now 2026-11-22T10:06:00Z "$BATS_TEST_TMPDIR/in"
  [ "$(states "$output")" = "10:00 firing warning -,10:05 resolved warning -," ]
}

@test "repeat= goes on while keep_firing_for holds the alert" {
  # Fires at 10:00, repeat=2m: 10:02 while the value still holds, 10:04 and 10:06 inside the
  # dip from 10:03 that keep_firing_for=5m holds; resolves at 10:08, 5m into the dip.
  gen 90,90,90,10,10,10,10,10,10
  run "$PM_BIN/pm-alert" --rule 'k: x > 50 keep_firing_for=5m repeat=2m flapping=off' --now 2026-11-22T10:09:00Z "$BATS_TEST_TMPDIR/in"
  [ "$(states "$output")" = "10:00 firing warning -,10:02 firing warning repeat,10:04 firing warning repeat,10:06 firing warning repeat,10:08 resolved warning -," ]
}

@test "clear= keeps an alert firing until the value is past the clear level" {
  # Fires above 80; 75 and 72 are still above clear=70; 69 resolves.
  gen 90,75,72,69,90
  run "$PM_BIN/pm-alert" --rule 'c: x > 80 clear=70' --now 2026-11-22T10:04:00Z "$BATS_TEST_TMPDIR/in"
  [ "$(states "$output")" = "10:00 firing warning -,10:03 resolved warning -,10:04 firing warning -," ]
}

@test "escalate= raises the severity one step per period and repeat= re-notifies" {
  gen 90,90,90,90,90,90,90
  run "$PM_BIN/pm-alert" --rule 'e: x > 50 escalate=2m' --now 2026-11-22T10:06:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 2 ]
  [ "$(states "$output")" = "10:00 firing warning -,10:02 firing error escalation,10:04 firing critical escalation," ]
  run "$PM_BIN/pm-alert" --rule 'r: x > 50 repeat=2m' --now 2026-11-22T10:06:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 1 ]
  [ "$(states "$output")" = "10:00 firing warning -,10:02 firing warning repeat,10:04 firing warning repeat,10:06 firing warning repeat," ]
}

@test "a second level raises the severity while firing" {
  gen 60,95,60
  run "$PM_BIN/pm-alert" --rule 'l: x > 50 critical=90' --now 2026-11-22T10:02:00Z "$BATS_TEST_TMPDIR/in"
  [ "$(states "$output")" = "10:00 firing warning -,10:01 firing critical severity_change,10:02 firing warning severity_change," ]
}

@test "absent() fires at --now when the metric stopped, and resolves when it comes back" {
  # Last x at 10:02; at 10:10 it has been gone 8m > 5m. A later run with x resolves it.
  gen 1,1,1
  state="$BATS_TEST_TMPDIR/state.json"
  run "$PM_BIN/pm-alert" --rule 'gone: absent(x) for 5m severity=critical' --state "$state" --now 2026-11-22T10:10:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 2 ]
  [ "$(echo "$output" | jq -r '[.ts,.state,.severity,.condition,.value,.threshold]|join(" ")')" = "2026-11-22T10:10:00.000Z firing critical absent 480 300" ]
  echo '{"ts":"2026-11-22T10:11:00Z","name":"x","value":1}' > "$BATS_TEST_TMPDIR/more"
  run "$PM_BIN/pm-alert" --rule 'gone: absent(x) for 5m severity=critical' --state "$state" --now 2026-11-22T10:11:00Z "$BATS_TEST_TMPDIR/more"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '[.ts,.state]|join(" ")')" = "2026-11-22T10:11:00.000Z resolved" ]
}

@test "on_missing decides what a series whose data stopped does" {
  gen 9,9,9
  # alert: fires with condition "missing" once stale_after passed.
  run "$PM_BIN/pm-alert" --rule 'm: x > 50 on_missing=alert stale_after=2m' --now 2026-11-22T10:10:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 1 ]
  [ "$(echo "$output" | jq -r '[.ts,.state,.condition]|join(" ")')" = "2026-11-22T10:10:00.000Z firing missing" ]
  # ok: a firing alert resolves.
  run "$PM_BIN/pm-alert" --rule 'm: x > 5 on_missing=ok stale_after=2m' --now 2026-11-22T10:10:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 0 ]
  [ "$(states "$output")" = "10:00 firing warning -,10:10 resolved warning -," ]
  # unknown: UNKNOWN (3) when nothing fires.
  run "$PM_BIN/pm-alert" --rule 'm: x > 50 on_missing=unknown stale_after=2m' --now 2026-11-22T10:10:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 3 ]
  # keep (the default): nothing changes.
  run "$PM_BIN/pm-alert" --rule 'm: x > 5 stale_after=2m' --now 2026-11-22T10:10:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 1 ]
  [ "$(states "$output")" = "10:00 firing warning -," ]
}

@test "a silence stored in the state holds notifications back until it ends" {
  # Silenced until 10:03: the alert that fired at 10:00 is announced at 10:03, since 10:00.
  state="$BATS_TEST_TMPDIR/state.json"
  run "$PM_BIN/pm-alert" --rule 'k: x > 50' --state "$state" --silence 'k{host="a"}' --until 2026-11-22T10:03:00Z --now 2026-11-22T09:00:00Z
  [ "$status" -eq 0 ]
  [ "$(jq -c .silences "$state")" = '[{"from":1795338000000,"labels":[["host","a",false]],"rule":"k","until":1795341780000}]' ]
  gen 90,90,90,90,90,10
  run "$PM_BIN/pm-alert" --rule 'k: x > 50' --state "$state" --now 2026-11-22T10:05:00Z "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '"\(.ts[11:16]) \(.state) \(.since[11:16])"' | tr '\n' ,)" = "10:03 firing 10:00,10:05 resolved 10:00," ]
  # A silence for other tags does not hold anything back.
  rm "$state"
  "$PM_BIN/pm-alert" --rule 'k: x > 50' --state "$state" --silence 'k{host="b"}' --until 2026-11-22T10:03:00Z --now 2026-11-22T09:00:00Z
  run "$PM_BIN/pm-alert" --rule 'k: x > 50' --state "$state" --now 2026-11-22T10:05:00Z "$BATS_TEST_TMPDIR/in"
  [ "$(echo "$output" | jq -r '.ts[11:16]' | tr '\n' ,)" = "10:00,10:05," ]
}

@test "--silence --until 2h ends two hours from now, and does not silence the past" {
  # Shows: the man page's example; a replay of records older than the silence still notifies.
  state="$BATS_TEST_TMPDIR/state.json"
  run "$PM_BIN/pm-alert" --rule 'k: x > 50' --state "$state" --silence k --until 2h --now 2026-11-22T10:02:00Z
  [ "$status" -eq 0 ]
  [ "$(jq -c '.silences[] | [.from, .until]' "$state")" = '[1795341720000,1795348920000]' ] # 10:02, 12:02
  gen 90,90,90,90,90,10 # 10:00 .. 10:05
  run "$PM_BIN/pm-alert" --rule 'k: x > 50' --state "$state" --now 2026-11-22T10:05:00Z "$BATS_TEST_TMPDIR/in"
  [ "$(echo "$output" | jq -r '"\(.ts[11:16]) \(.state)"' | tr '\n' ,)" = "10:00 firing," ]
}

@test "--silence without --state or --until is a usage error" {
  run "$PM_BIN/pm-alert" --rule 'k: x > 50' --silence k --until 1h
  [ "$status" -eq 3 ]
  [ "$output" = "pm-alert: error: --silence needs --state FILE to keep the silence in" ]
  run "$PM_BIN/pm-alert" --rule 'k: x > 50' --silence k --state "$BATS_TEST_TMPDIR/s"
  [ "$status" -eq 3 ]
  [ "$output" = "pm-alert: error: --silence needs --until TIME (2h, 2026-11-22T18:00Z)" ]
}

@test "the alert history keeps the last ALERT_SYSTEM_MAX_HISTORY entries" {
  # 10 transitions, 3 kept: the newest.
  gen 90,10,90,10,90,10,90,10,90,10
  ALERT_SYSTEM_MAX_HISTORY=3 run "$PM_BIN/pm-alert" --rule 'f: x > 50 flapping=off' --alert-history "$BATS_TEST_TMPDIR/h/alerts.ndjson" \
    --now 2026-11-22T10:10:00Z "$BATS_TEST_TMPDIR/in"
  [ "$(wc -l < "$BATS_TEST_TMPDIR/h/alerts.ndjson")" -eq 3 ]
  [ "$(jq -r '.ts[11:16]' "$BATS_TEST_TMPDIR/h/alerts.ndjson" | tr '\n' ,)" = "10:07,10:08,10:09," ]
  [ "$(stat -c %a "$BATS_TEST_TMPDIR/h")" = "700" ]
  ALERT_SYSTEM_MAX_HISTORY=zero run "$PM_BIN/pm-alert" --rule 'f: x > 50' "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 3 ]
  [ "$output" = 'pm-alert: error: ALERT_SYSTEM_MAX_HISTORY: must be a positive integer, got "zero"' ]
}

@test "a damaged state file is refused with its name" {
  echo '{"oops": 1}' > "$BATS_TEST_TMPDIR/state.json"
  gen 1
  run "$PM_BIN/pm-alert" --rule 'k: x > 50' --state "$BATS_TEST_TMPDIR/state.json" "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 3 ]
  [[ "$output" == "pm-alert: error: $BATS_TEST_TMPDIR/state.json: state: not a pm-alert state file"* ]]
}
