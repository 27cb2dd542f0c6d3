#!/usr/bin/env bats
# The main job end to end: sample -> store -> alert -> report, through the history store.

bats_require_minimum_version 1.5.0

setup() {
  export PM_HISTORY="$BATS_TEST_TMPDIR/store"
  for minute in 00 01 02 03 04 05; do
    value=$([ "$minute" \> 01 ] && echo 95 || echo 20)
    echo "{\"ts\":\"2026-11-22T10:$minute:00.000Z\",\"name\":\"system.cpu.usage\",\"value\":$value,\"unit\":\"percent\",\"tags\":{\"host\":\"web-1\"}}"
  done > "$BATS_TEST_TMPDIR/cpu.ndjson"
}

@test "records stored by pm-ingest are read back by pm-alert and pm-report with --history" {
  run "$PM_BIN/pm-ingest" --now 2026-11-22T10:10:00Z "$BATS_TEST_TMPDIR/cpu.ndjson"
  [ "$status" -eq 0 ]
  [ "$output" = "pm-ingest: 6 records accepted, 0 rejected, 1 segment touched" ]

  # pm-alert replays the stored records: fires at 10:03 (held 1m since 10:02), still firing at the end.
  run --separate-stderr "$PM_BIN/pm-alert" -H --now 2026-11-22T10:06:00Z --no-alert-history \
    --rule 'high_cpu: system.cpu.usage > 80 for 1m severity=warning'
  [ "$status" -eq 1 ]
  [ "$(echo "$output" | jq -r 'select(.state == "firing") | .ts')" = "2026-11-22T10:03:00.000Z" ]

  # pm-report summarises the same series from the store, selected by time.
  run --separate-stderr "$PM_BIN/pm-report" -H --now 2026-11-22T10:10:00Z --since 2026-11-22T10:02Z --format json
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq '[.metrics[]] | .[0].count')" -eq 4 ]
}

@test "pm-sample output flows through pm-ingest --tee into pm-alert in one pipeline" {
  run --separate-stderr bash -c "'$PM_BIN/pm-sample' --value app.queue.depth=42 --tag env=test |
    '$PM_BIN/pm-ingest' --tee |
    '$PM_BIN/pm-alert' --no-alert-history --rule 'deep: app.queue.depth > 10 severity=critical'"
  [ "$status" -eq 2 ]
  [ "$(echo "$output" | jq -r '.rule + " " + .state + " " + (.value | tostring)')" = "deep firing 42" ]
  run "$PM_BIN/pm-report" -H --metric 'app.*' --format csv
  [ "$status" -eq 0 ]
  [[ "$output" == *"app.queue.depth"* ]]
}
