#!/usr/bin/env bats
# pm-ingest reads sysstat's `sadf -j` JSON (--format sadf, or detected): years of sar history
# become records under pm-sample's names, stamped with each sample's time, tagged with the host.

bats_require_minimum_version 1.5.0

setup() {
  store="$BATS_TEST_TMPDIR/store"
  fixtures="$PM_SOURCE/tests/fixtures/format/sadf"
}

@test "real sadf -j -- -A output is detected and stored in its own hour, by sample time" {
  # Shows: 2 samples x 64 figures; names, units and tags as pm-sample's; host from nodename.
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-12-03T13:00:00Z "$fixtures/sadf_A.json"
  [ "$status" -eq 0 ]
  [ "$output" = "pm-ingest: 128 records accepted, 0 rejected, 1 segment touched" ]
  [ "$(wc -l < "$store/2026/12/03/12.ndjson")" -eq 128 ]
  run grep -c '"host":"vm"' "$store/2026/12/03/12.ndjson"
  [ "$output" -eq 128 ]
  run grep -F '"name":"system.memory.usage"' "$store/2026/12/03/12.ndjson"
  [ "${lines[0]}" = '{"ts":"2026-12-03T12:47:51.000Z","name":"system.memory.usage","value":6.643188699461925,"unit":"percent","tags":{"host":"vm"}}' ]
  [ "${#lines[@]}" -eq 2 ]
  run jq -r 'select(.name == "system.cpu.usage" and .tags.cpu == "total") | "\(.ts) \(.value)"' "$store/2026/12/03/12.ndjson"
  [ "$output" = "$(printf '2026-12-03T12:47:51.000Z 100\n2026-12-03T12:47:52.000Z 100')" ]
}

@test "pm-report reads the stored sar history like pm-sample's" {
  # Shows: the records are ordinary series (the point of mapping to pm-sample's names).
  "$PM_BIN/pm-ingest" -H "$store" --format sadf --now 2026-12-03T13:00:00Z "$fixtures/sadf_A.json" 2>/dev/null
  run --separate-stderr "$PM_BIN/pm-report" -H "$store" --now 2026-12-03T13:00:00Z --since 1h --metric system.load.1m --format csv
  [ "$status" -eq 0 ]
  [[ "$output" == *"system.load.1m"* ]]
}

@test "sadf -T local times are read in TZ: the same instants as sadf's UTC stamps" {
  run env TZ=Europe/Paris "$PM_BIN/pm-ingest" -H "$store" --tee --now 2026-12-03T13:00:00Z "$fixtures/sadf_local_paris.json"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = '{"ts":"2026-12-03T12:47:51.000Z","name":"system.cpu.usage","value":100,"unit":"percent","tags":{"cpu":"total","host":"vm"}}' ]
}

@test "a malformed sadf document: SOURCE:LINE, what came before is stored, exit 1" {
  # Shows: the first sample is complete and stored; the broken line is named and kept raw.
  sed '123s/"usr": 85.57/"usr": 85..57/' "$fixtures/sadf_A.json" > "$BATS_TEST_TMPDIR/bad.json"
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-12-03T13:00:00Z "$BATS_TEST_TMPDIR/bad.json"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $BATS_TEST_TMPDIR/bad.json:123: invalid JSON: \"85..57\" is not a number, true, false or null" ]
  [ "${lines[1]}" = "pm-ingest: $BATS_TEST_TMPDIR/bad.json:232: the 109 lines after the malformed sadf JSON above were not read" ]
  [ "${lines[2]}" = "pm-ingest: 64 records accepted, 2 rejected, 1 segment touched" ]
  [ "$(wc -l < "$store/2026/12/03/12.ndjson")" -eq 64 ]
  grep -qF '"usr": 85..57' "$store/rejected/2026-12-03.lines"
}

@test "a truncated sadf document is an error at its last line" {
  head -n 100 "$fixtures/sadf_A.json" > "$BATS_TEST_TMPDIR/cut.json"
  run "$PM_BIN/pm-ingest" -H "$store" --format sadf --now 2026-12-03T13:00:00Z "$BATS_TEST_TMPDIR/cut.json"
  [ "$status" -eq 1 ]
  [[ "${lines[0]}" == "pm-ingest: $BATS_TEST_TMPDIR/cut.json:100: the sadf document ends early (truncated?): "* ]]
}
