#!/usr/bin/env bats
# pm-ingest reads Prometheus/OpenMetrics, Influx line protocol, Monitoring Plugins output and
# CSV (given with --format or detected per input) and stores canonical records.

bats_require_minimum_version 1.5.0

setup() {
  store="$BATS_TEST_TMPDIR/store"
  fixtures="$PM_SOURCE/tests/fixtures/format"
}

# All records in the store, one per line, in segment order.
stored() { cat "$store"/*/*/*/*.ndjson; }

@test "a node_exporter exposition round-trips into the store (detected as Prometheus)" {
  # Shows: labels become sorted tags, # TYPE a "type" field, records stamped with the arrival time.
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$fixtures/node_exporter.prom"
  [ "$status" -eq 0 ]
  [ "$output" = "pm-ingest: 507 records accepted, 0 rejected, 1 segment touched" ]
  run stored
  [ "${#lines[@]}" -eq 507 ]
  [[ "$output" == *'{"ts":"2026-11-22T11:00:00.000Z","name":"go_goroutines","value":7,"type":"gauge"}'* ]]
  [[ "$output" == *'{"ts":"2026-11-22T11:00:00.000Z","name":"node_cpu_seconds_total","value":619.27,"tags":{"cpu":"0","mode":"idle"},"type":"counter"}'* ]]
  # Every stored line is valid JSON with a canonical ts.
  run sh -c "cat '$store'/*/*/*/*.ndjson | jq -r .ts | sort -u"
  [ "$output" = "2026-11-22T11:00:00.000Z" ]
}

@test "Influx line protocol with escapes round-trips, nanosecond times kept to the millisecond" {
  # Shows: one record per field (measurement.field), escaped blanks in tags, a line with a bad
  # name refused and kept raw while the others are stored.
  run "$PM_BIN/pm-ingest" -H "$store" --format influx --now 2023-11-15T00:00:00Z "$fixtures/telegraf.lp"
  [ "$status" -eq 1 ]
  [[ "$output" == *"pm-ingest: $fixtures/telegraf.lp:6: line protocol: \"name\" \"my app,v2.latency\" may hold only letters"* ]]
  [[ "$output" == *"pm-ingest: 12 records accepted, 1 rejected, 2 segments touched" ]]
  run sh -c "cat '$store'/2023/11/14/22.ndjson | head -1"
  [ "$output" = '{"ts":"2023-11-14T22:13:20.123Z","name":"cpu.usage_idle","value":97.5,"tags":{"cpu":"cpu-total","host":"web 01"}}' ]
  run grep -c '"path":"/var,log"' "$store/2023/11/14/22.ndjson"
  [ "$output" -eq 2 ]
  [ "$(cat "$store/rejected/2023-11-15.lines")" = "$(sed -n 6p "$fixtures/telegraf.lp")" ]
}

@test "--precision reads Influx timestamps in s, ms or us; without it they are nanoseconds" {
  # Shows: the same instant written in seconds and in milliseconds lands at 2026-11-22T11:00Z
  # with --precision; read as nanoseconds (the default) it is 1970 and refused as too old.
  printf 'cpu,host=a usage=1 1795345200\n' > "$BATS_TEST_TMPDIR/s.lp"
  printf 'cpu,host=a usage=2 1795345200123\n' > "$BATS_TEST_TMPDIR/ms.lp"
  printf 'cpu,host=a usage=3 1795345200123456\n' > "$BATS_TEST_TMPDIR/us.lp"
  run --separate-stderr "$PM_BIN/pm-ingest" -H "$store" --tee --precision s --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/s.lp"
  [ "$status" -eq 0 ]
  [ "$output" = '{"ts":"2026-11-22T11:00:00.000Z","name":"cpu.usage","value":1,"tags":{"host":"a"}}' ]
  run --separate-stderr "$PM_BIN/pm-ingest" -H "$store" --tee --format influx --precision ms --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/ms.lp"
  [ "$status" -eq 0 ]
  [ "$output" = '{"ts":"2026-11-22T11:00:00.123Z","name":"cpu.usage","value":2,"tags":{"host":"a"}}' ]
  run --separate-stderr "$PM_BIN/pm-ingest" -H "$store" --tee --precision us --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/us.lp"
  [ "$status" -eq 0 ]
  [ "$output" = '{"ts":"2026-11-22T11:00:00.123Z","name":"cpu.usage","value":3,"tags":{"host":"a"}}' ]
  [ "$(jq -r .value "$store/2026/11/22/11.ndjson" | tr '\n' ' ')" = "1 2 3 " ]
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/s.lp"
  [ "$status" -eq 1 ]
  [[ "${lines[0]}" == "pm-ingest: $BATS_TEST_TMPDIR/s.lp:1: \"ts\" 1970-01-01T00:00:01.795Z is older than the retention period"* ]]
}

@test "a wrong --precision, or one with a format it does not apply to, is a usage error" {
  run "$PM_BIN/pm-ingest" --check --precision m < /dev/null
  [ "$status" -eq 2 ]
  [ "$output" = 'pm-ingest: error: --precision: unknown influx precision "m": expected ns, us, ms or s' ]
  run "$PM_BIN/pm-ingest" --check --format csv --precision s < /dev/null
  [ "$status" -eq 2 ]
  [ "$output" = 'pm-ingest: error: --precision applies to --format influx (or auto), not csv' ]
}

@test "check_load and check_disk output become their state and one record per perfdata label" {
  # Shows: Monitoring Plugins output, UOM to unit, warn/crit kept, the service as a tag.
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$fixtures/nagios/check_load.txt" "$fixtures/nagios/check_disk.txt"
  [ "$status" -eq 0 ]
  [ "$output" = "pm-ingest: 8 records accepted, 0 rejected, 1 segment touched" ]
  run stored
  [ "${lines[0]}" = '{"ts":"2026-11-22T11:00:00.000Z","name":"nagios.state","value":0,"tags":{"service":"load"},"output":"LOAD OK - total load average: 1.14, 0.65, 0.37"}' ]
  [ "${lines[1]}" = '{"ts":"2026-11-22T11:00:00.000Z","name":"load.load1","value":1.14,"tags":{"service":"load"},"warn":"15.000","crit":"30.000","min":0}' ]
  [ "${lines[5]}" = '{"ts":"2026-11-22T11:00:00.000Z","name":"disk","value":18452840448,"unit":"bytes","tags":{"label":"/","service":"disk"},"warn":"216442024755","crit":"243497277849","min":0,"max":270552530944}' ]
}

@test "a plugin's state is stored without perfdata; text that is not plugin output is an error" {
  # Shows: DISK CRITICAL with no perfdata stores nagios.state 2 (it stored nothing before), a log
  # of status lines gives one state per line, and a line with no state nor perfdata is refused.
  printf 'DISK CRITICAL - free space: / 3%% (1 GiB)\nDISK WARNING - free space: / 8%%\n' > "$BATS_TEST_TMPDIR/disk.txt"
  run --separate-stderr "$PM_BIN/pm-ingest" -H "$store" --tee --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/disk.txt"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = '{"ts":"2026-11-22T11:00:00.000Z","name":"nagios.state","value":2,"tags":{"service":"disk"},"output":"DISK CRITICAL - free space: / 3% (1 GiB)"}' ]
  [ "${lines[1]}" = '{"ts":"2026-11-22T11:00:00.000Z","name":"nagios.state","value":1,"tags":{"service":"disk"},"output":"DISK WARNING - free space: / 8%"}' ]
  [ "${#lines[@]}" -eq 2 ]
  [ "$stderr" = "pm-ingest: 2 records accepted, 0 rejected, 1 segment touched" ]
  [ "$(stored | wc -l)" -eq 2 ]
  printf 'hello world\n' > "$BATS_TEST_TMPDIR/not.txt"
  run "$PM_BIN/pm-ingest" -H "$store" --format nagios --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/not.txt"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $BATS_TEST_TMPDIR/not.txt:1: not Monitoring Plugins output: \"hello world\" has no state (\"SERVICE STATE - text\", STATE one of OK, WARNING, CRITICAL, UNKNOWN) and no performance data after \"|\"" ]
  [ "${lines[1]}" = "pm-ingest: 0 records accepted, 1 rejected, 0 segments touched" ]
}

@test "CSV with a header: remaining columns become tags" {
  # Shows: ts,name,value,unit,TAG... read from stdin, detected by its header.
  printf 'ts,name,value,unit,host\n2026-11-22T10:00:00+01:00,system.cpu.usage,12.5,percent,web-01\n' > "$BATS_TEST_TMPDIR/in.csv"
  run --separate-stderr "$PM_BIN/pm-ingest" -H "$store" --tee --now 2026-11-22T11:00:00Z < "$BATS_TEST_TMPDIR/in.csv"
  [ "$status" -eq 0 ]
  [ "$output" = '{"ts":"2026-11-22T09:00:00.000Z","name":"system.cpu.usage","value":12.5,"unit":"percent","tags":{"host":"web-01"}}' ]
  [ "$(cat "$store/2026/11/22/09.ndjson")" = "$output" ]
}

@test "malformed Influx, Prometheus, perfdata and CSV lines: message, raw in rejected/, exit 1" {
  # Shows: the bad-input rule holds for every format, and good lines around the bad one are stored.
  printf 'cpu,host=a usage=1 1795345200000000000\ncpu,host=a usage=abc 1795345200000000000\n' > "$BATS_TEST_TMPDIR/bad.lp"
  printf 'up 1\nmetric{a="b" 1\n' > "$BATS_TEST_TMPDIR/bad.prom"
  printf 'LOAD OK - x|load1=abc;;\n' > "$BATS_TEST_TMPDIR/bad.txt"
  printf 'ts,name,value\nx,y\n' > "$BATS_TEST_TMPDIR/bad.csv"
  run "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/bad.lp" "$BATS_TEST_TMPDIR/bad.prom"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $BATS_TEST_TMPDIR/bad.lp:2: line protocol: field \"usage\" of \"cpu\" must be a float, integer (3i), unsigned (3u), boolean or string, got \"abc\"" ]
  [ "${lines[1]}" = "pm-ingest: $BATS_TEST_TMPDIR/bad.prom:2: expected \",\" or \"}\" after the value of label \"a\"" ]
  [ "${lines[2]}" = "pm-ingest: 2 records accepted, 2 rejected, 1 segment touched" ]
  run "$PM_BIN/pm-ingest" -H "$store" --format nagios --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/bad.txt"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $BATS_TEST_TMPDIR/bad.txt:1: perfdata \"load1\": value must be a number, got \"abc\"" ]
  run "$PM_BIN/pm-ingest" -H "$store" --format csv --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/bad.csv"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "pm-ingest: $BATS_TEST_TMPDIR/bad.csv:2: the row has 2 fields, the header 3" ]
  run cat "$store/rejected/2026-11-22.lines"
  [ "$output" = "$(printf 'cpu,host=a usage=abc 1795345200000000000\nmetric{a="b" 1\nLOAD OK - x|load1=abc;;\nx,y')" ]
  [ "$(wc -l < "$store/2026/11/22/11.ndjson")" -eq 2 ]
}

@test "the exposition format's own example: +Inf at a time before 1970 is skipped with a warning" {
  # Shows: a non-finite sample is dropped whatever its timestamp, as pm-ingest(1) says.
  printf '%s\n' 'something_weird{problem="division by zero"} +Inf -3982045' 'http_requests_total{code="200"} 1027 1795345200000' > "$BATS_TEST_TMPDIR/spec.prom"
  run --separate-stderr "$PM_BIN/pm-ingest" -H "$store" --now 2026-11-22T11:00:00Z "$BATS_TEST_TMPDIR/spec.prom"
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"skipped 1 sample with a NaN/Inf value"* ]]
  [ "$(jq -r '[.name, .value] | @tsv' "$store/2026/11/22/11.ndjson")" = "$(printf 'http_requests_total\t1027')" ]
}

@test "an unknown --format is a usage error" {
  # Shows: exit 2 and the list of formats.
  run "$PM_BIN/pm-ingest" --format xml --check < /dev/null
  [ "$status" -eq 2 ]
  [ "$output" = 'pm-ingest: error: --format: "xml" is not one of auto, ndjson, prometheus, openmetrics, influx, nagios, csv, sadf (see pm-ingest --help)' ]
}
