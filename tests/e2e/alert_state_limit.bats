#!/usr/bin/env bats
# pm-alert's --state file is bounded: at most --max-series alerts per rule and at most
# --max-state-size bytes (PM_MAX_STATE_SIZE, default 128M), the least recently seen alerts
# (inactive ones first) left out with a warning; a file over the limit at start is refused
# unread, named, UNKNOWN (3), and left as it is.

bats_require_minimum_version 1.5.0

setup() {
  B="$BATS_TEST_TMPDIR"
  unset PM_MAX_SERIES PM_MAX_STATE_SIZE
  RULE='low: container.memory.usage < 1'
  # Three series, one record each, a second apart: c1 is the least recently seen.
  for i in 1 2 3; do
    printf '{"ts":"2026-11-22T10:00:0%dZ","name":"container.memory.usage","value":5,"tags":{"c":"%d"}}\n' "$i" "$i"
  done > "$B/three.ndjson"
  head -n 2 "$B/three.ndjson" > "$B/first.ndjson"
  tail -n 1 "$B/three.ndjson" > "$B/third.ndjson"
}

alerts_in() { jq -r '[.rules[].groups[].key] | join(" ")' "$1"; }

@test "--max-series N keeps N alerts per rule in the state across runs; the N+1st drops the least recently seen" {
  "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/s" --max-series 2 "$B/first.ndjson"
  run --separate-stderr "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/s" --max-series 3 "$B/third.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "" ]
  [ "$(alerts_in "$B/s")" = 'container.memory.usage{c="1"} container.memory.usage{c="2"} container.memory.usage{c="3"}' ]
  rm "$B/s"
  "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/s" --max-series 2 "$B/first.ndjson"
  run --separate-stderr "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/s" --max-series 2 "$B/third.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-alert: warning: $B/s: 1 alerts left out of the state, the least recently seen (inactive ones first), to keep it within 2 per rule (--max-series) and 134217728 bytes (--max-state-size)" ]
  [ "$(alerts_in "$B/s")" = 'container.memory.usage{c="2"} container.memory.usage{c="3"}' ]
}

@test "--max-state-size: a state of exactly SIZE bytes is written whole; at SIZE-1 the oldest alert goes; a firing one stays" {
  "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/whole" "$B/three.ndjson"
  size=$(stat -c %s "$B/whole")
  [ "$size" -gt 1024 ]
  run --separate-stderr "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/edge" --max-state-size "$size" "$B/three.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "" ]
  cmp "$B/whole" "$B/edge"
  PM_MAX_STATE_SIZE=$((size - 1)) run --separate-stderr "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/less" "$B/three.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "pm-alert: warning: $B/less: 1 alerts left out of the state, the least recently seen (inactive ones first), to keep it within 100000 per rule (--max-series) and $((size - 1)) bytes (--max-state-size)" ]
  [ "$(stat -c %s "$B/less")" -lt "$size" ]
  [ "$(alerts_in "$B/less")" = 'container.memory.usage{c="2"} container.memory.usage{c="3"}' ]
  # The state left is read back whole under the same limit.
  PM_MAX_STATE_SIZE=$((size - 1)) run --separate-stderr "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/less" "$B/third.ndjson"
  [ "$status" -eq 0 ]
  [ "$stderr" = "" ]
  # An alert firing is kept before inactive ones, even when it is the least recently seen.
  { printf '{"ts":"2026-11-22T10:00:00Z","name":"container.memory.usage","value":0,"tags":{"c":"0"}}\n'; cat "$B/three.ndjson"; } > "$B/four.ndjson"
  "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/whole4" "$B/four.ndjson" > /dev/null || true
  size4=$(stat -c %s "$B/whole4")
  run --separate-stderr "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/less4" --max-state-size $((size4 - 1)) "$B/four.ndjson"
  [ "$status" -eq 1 ] # low fires for c=0 (severity warning)
  [ "$(alerts_in "$B/less4")" = 'container.memory.usage{c="0"} container.memory.usage{c="2"} container.memory.usage{c="3"}' ]
}

@test "a state file over --max-state-size at start is refused unread, named, UNKNOWN (3), and left as it is" {
  "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/s" "$B/three.ndjson"
  size=$(stat -c %s "$B/s")
  cp "$B/s" "$B/before"
  run "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/s" --max-state-size 1K "$B/three.ndjson"
  [ "$status" -eq 3 ]
  [ "$output" = "pm-alert: error: $B/s: state: $size bytes, more than the 1024 of --max-state-size (PM_MAX_STATE_SIZE): not loaded; raise the limit, or remove the file to start again without the state" ]
  cmp "$B/before" "$B/s"
  # Raising the limit reads it; so does the default.
  run "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/s" --max-state-size "$size" "$B/third.ndjson"
  [ "$status" -eq 0 ]
}

@test "--max-state-size and PM_MAX_STATE_SIZE take bytes or K, M, G from 1K to 1T; anything else is UNKNOWN (3), named" {
  for good in 1024 1K 64M 2G 1024G 1GiB; do
    run "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/s" --max-state-size "$good" "$B/three.ndjson"
    [ "$status" -eq 0 ]
  done
  for bad in 1023 0 10T 1025G lots 1.5M -1K 64m; do
    run "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/s" --max-state-size "$bad" "$B/three.ndjson"
    [ "$status" -eq 3 ]
    [ "$output" = "pm-alert: error: --max-state-size: must be a size from 1K to 1T (bytes, or a number with K, M or G), got \"$bad\"" ]
  done
  PM_MAX_STATE_SIZE=huge run "$PM_BIN/pm-alert" -r "$RULE" --no-alert-history --state "$B/s" "$B/three.ndjson"
  [ "$status" -eq 3 ]
  [ "$output" = 'pm-alert: error: PM_MAX_STATE_SIZE: must be a size from 1K to 1T (bytes, or a number with K, M or G), got "huge"' ]
}
