#!/usr/bin/env bats
# pm-report's exports checked by the real tools: promtool backfill and lint, node_exporter.

bats_require_minimum_version 1.5.0

setup() {
  NOW=--now=2026-11-22T12:00Z
  python3 "$PM_SOURCE/tests/bench/gen_report.py" --records 600 --step-ms 1000 --modules 2 --hosts 2 > "$BATS_TEST_TMPDIR/in.ndjson"
}

@test "openmetrics export backfills with promtool and tsdb dump gives back every sample" {
  # Shows: every sample with its value and timestamp survives create-blocks-from openmetrics.
  command -v promtool >/dev/null || skip "promtool not installed"
  run "$PM_BIN/pm-report" "$NOW" -f openmetrics -o "$BATS_TEST_TMPDIR/pm.om" "$BATS_TEST_TMPDIR/in.ndjson"
  [ "$status" -eq 0 ]
  [ "$(tail -n 1 "$BATS_TEST_TMPDIR/pm.om")" = "# EOF" ]
  grep -q '^# TYPE api_request_duration_seconds gauge$' "$BATS_TEST_TMPDIR/pm.om"
  grep -q '^# UNIT api_request_duration_seconds seconds$' "$BATS_TEST_TMPDIR/pm.om"
  run promtool tsdb create-blocks-from openmetrics "$BATS_TEST_TMPDIR/pm.om" "$BATS_TEST_TMPDIR/tsdb"
  echo "$output"
  [ "$status" -eq 0 ]
  mkdir -p "$BATS_TEST_TMPDIR/tsdb/wal" # dump opens the WAL, which a backfill does not write
  promtool tsdb dump "$BATS_TEST_TMPDIR/tsdb" > "$BATS_TEST_TMPDIR/dump.txt"
  run python3 - "$BATS_TEST_TMPDIR/in.ndjson" "$BATS_TEST_TMPDIR/dump.txt" <<'PY'
import collections, datetime, json, re, sys
want = collections.Counter()
for line in open(sys.argv[1]):
    r = json.loads(line)
    t = datetime.datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    labels = {k: v for k, v in r.get("tags", {}).items()}
    name = r["name"].replace(".", "_") + "_" + r["unit"]
    want[(name, tuple(sorted(labels.items())), round(t.timestamp() * 1000), r["value"])] += 1
got = collections.Counter()
for line in open(sys.argv[2]):
    m = re.match(r'^\{(.*)\} (\S+) (\d+)$', line.strip())
    assert m, line
    labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(1)))
    name = labels.pop("__name__")
    got[(name, tuple(sorted(labels.items())), int(m.group(3)), float(m.group(2)))] += 1
missing = want - got
extra = got - want
assert not missing and not extra, (list(missing)[:3], list(extra)[:3])
print("ok", sum(got.values()))
PY
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$output" = "ok 600" ]
}

@test "prometheus export passes promtool check metrics" {
  # Shows: the textfile export is valid Prometheus text 0.0.4 with HELP/TYPE, no timestamps.
  command -v promtool >/dev/null || skip "promtool not installed"
  run "$PM_BIN/pm-report" "$NOW" -f prometheus -o "$BATS_TEST_TMPDIR/pm.prom" "$BATS_TEST_TMPDIR/in.ndjson"
  [ "$status" -eq 0 ]
  run promtool check metrics < "$BATS_TEST_TMPDIR/pm.prom"
  echo "$output"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  grep -q '^# HELP system_cpu_usage_percent ' "$BATS_TEST_TMPDIR/pm.prom"
  # The latest value of each series: host0's last cpu sample.
  last=$(grep '"system.cpu.usage"' "$BATS_TEST_TMPDIR/in.ndjson" | grep '"host0"' | tail -n 1 | jq .value)
  grep -qx "system_cpu_usage_percent{host=\"host0\"} $last" "$BATS_TEST_TMPDIR/pm.prom"
}

@test "node_exporter's textfile collector exposes the prometheus export with node_textfile_scrape_error 0" {
  # Shows: a real prometheus-node-exporter reads the file written atomically by --output.
  command -v prometheus-node-exporter >/dev/null || skip "prometheus-node-exporter not installed"
  mkdir -p "$BATS_TEST_TMPDIR/textfile"
  run "$PM_BIN/pm-report" "$NOW" -f prometheus -o "$BATS_TEST_TMPDIR/textfile/pm.prom" "$BATS_TEST_TMPDIR/in.ndjson"
  [ "$status" -eq 0 ]
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  prometheus-node-exporter --collector.disable-defaults --collector.textfile \
    --collector.textfile.directory="$BATS_TEST_TMPDIR/textfile" --web.listen-address=127.0.0.1:$port \
    > "$BATS_TEST_TMPDIR/exporter.log" 2>&1 &
  pid=$!
  for i in $(seq 50); do curl -sf "http://127.0.0.1:$port/metrics" > "$BATS_TEST_TMPDIR/scrape.txt" && break; sleep 0.2; done
  kill $pid
  grep -qx 'node_textfile_scrape_error 0' "$BATS_TEST_TMPDIR/scrape.txt"
  grep -q '^api_request_duration_seconds{endpoint="/api/users",method="GET",module="database",status="200"} ' "$BATS_TEST_TMPDIR/scrape.txt"
  grep -q '^system_memory_usage_percent{host="host1"} ' "$BATS_TEST_TMPDIR/scrape.txt"
}

@test "influx export: one line per sample with its value, tags and time in nanoseconds" {
  # Shows: the line protocol export streams every sample, in input order.
  run "$PM_BIN/pm-report" "$NOW" -f influx "$BATS_TEST_TMPDIR/in.ndjson"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out.influx"
  run python3 - "$BATS_TEST_TMPDIR/in.ndjson" "$BATS_TEST_TMPDIR/out.influx" <<'PY'
import datetime, json, sys
records = [json.loads(l) for l in open(sys.argv[1])]
lines = open(sys.argv[2]).read().splitlines()
assert len(lines) == len(records), (len(lines), len(records))
for r, line in zip(records, lines):
    head, field, ts = line.split(" ")
    parts = head.split(",")
    tags = dict(p.split("=", 1) for p in parts[1:])
    t = datetime.datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    assert parts[0] == r["name"], line
    assert tags == dict(r["tags"], unit=r["unit"]), line
    assert float(field.split("=")[1]) == r["value"], line
    assert int(ts) == round(t.timestamp() * 1000) * 1000000, line
print("ok", len(lines))
PY
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$output" = "ok 600" ]
}

@test "failing gates are named in the export formats as pm_report_gate_failed" {
  # Shows: a CI gate's result travels to Prometheus and InfluxDB too; the exit status is 1.
  printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","name":"bench.duration","value":1,"unit":"seconds"}' > "$BATS_TEST_TMPDIR/base.ndjson"
  printf '%s\n' '{"ts":"2026-11-22T11:00:00Z","name":"bench.duration","value":2,"unit":"seconds"}' > "$BATS_TEST_TMPDIR/cur.ndjson"
  run "$PM_BIN/pm-report" "$NOW" -f prometheus "$BATS_TEST_TMPDIR/cur.ndjson" --baseline "$BATS_TEST_TMPDIR/base.ndjson" --fail-on-regression 5
  [ "$status" -eq 1 ]
  [[ "$output" == *'pm_report_gate_failed{gate="regression: bench.duration",kind="regression"} 1'* ]]
  run "$PM_BIN/pm-report" "$NOW" -f influx "$BATS_TEST_TMPDIR/cur.ndjson" --baseline "$BATS_TEST_TMPDIR/base.ndjson" --fail-on-regression 5
  [ "$status" -eq 1 ]
  [[ "$output" == *'pm_report.gate.failed,gate=regression:\ bench.duration,kind=regression value=1 '* ]]
}

@test "series that export under one name are not merged in silence: the later one is named and left out" {
  # Shows: a.b and a_b, lat (seconds) and lat_seconds, tags x-y and x_y meet in Prometheus names.
  printf '%s\n' \
    '{"ts":"2026-11-22T10:00:00Z","name":"a.b","value":1}' \
    '{"ts":"2026-11-22T10:00:00Z","name":"a_b","value":2}' \
    '{"ts":"2026-11-22T10:00:00Z","name":"c","value":2,"tags":{"x-y":"1","x_y":"2"}}' \
    '{"ts":"2026-11-22T10:00:00Z","name":"lat","value":2,"unit":"seconds"}' \
    '{"ts":"2026-11-22T10:00:01Z","name":"lat_seconds","value":3}' > "$BATS_TEST_TMPDIR/clash.ndjson"
  run --separate-stderr "$PM_BIN/pm-report" -f openmetrics "$BATS_TEST_TMPDIR/clash.ndjson"
  [ "$status" -eq 0 ]
  [ "$(grep -v '^#' <<< "$output")" = "$(printf '%s\n' 'a_b 1 1795341600.000' 'c{x_y="1"} 2 1795341600.000' 'lat_seconds 2 1795341600.000')" ]
  [ "$stderr" = "$(printf '%s\n' \
    'pm-report: warning: a_b exports as a_b, as a.b does: left out' \
    'pm-report: warning: tag x_y of c{x-y="1",x_y="2"} left out: it exports as label x_y, like an earlier tag' \
    'pm-report: warning: lat_seconds exports as lat_seconds, as lat does: left out')" ]
}

@test "samples of one series that share a millisecond are not dropped in silence: the last is kept, the rest counted" {
  # Shows: OpenMetrics timestamps must increase within a series, so the export keeps the last
  # sample read at each millisecond and says on stderr how many of which series it left out.
  printf '%s\n' \
    '{"ts":"2026-11-22T10:00:00.123Z","name":"lat","value":1,"unit":"seconds","tags":{"module":"db"}}' \
    '{"ts":"2026-11-22T10:00:00.123Z","name":"lat","value":2,"unit":"seconds","tags":{"module":"db"}}' \
    '{"ts":"2026-11-22T10:00:00.123Z","name":"lat","value":3,"unit":"seconds","tags":{"module":"db"}}' \
    '{"ts":"2026-11-22T10:00:00.124Z","name":"lat","value":4,"unit":"seconds","tags":{"module":"db"}}' \
    '{"ts":"2026-11-22T10:00:00.123Z","name":"lat","value":5,"unit":"seconds","tags":{"module":"web"}}' \
    '{"ts":"2026-11-22T10:00:01Z","name":"lat","value":6,"unit":"seconds","tags":{"module":"web"}}' \
    '{"ts":"2026-11-22T10:00:01Z","name":"lat","value":7,"unit":"seconds","tags":{"module":"web"}}' > "$BATS_TEST_TMPDIR/ms.ndjson"
  run --separate-stderr "$PM_BIN/pm-report" -f openmetrics "$BATS_TEST_TMPDIR/ms.ndjson"
  [ "$status" -eq 0 ]
  [ "$(grep -v '^#' <<< "$output")" = "$(printf '%s\n' \
    'lat_seconds{module="db"} 3 1795341600.123' 'lat_seconds{module="db"} 4 1795341600.124' \
    'lat_seconds{module="web"} 5 1795341600.123' 'lat_seconds{module="web"} 7 1795341601.000')" ]
  [ "$stderr" = "$(printf '%s\n' \
    'pm-report: warning: 2 samples of lat{module="db"} left out: a later sample of the series at the same millisecond replaced each (OpenMetrics timestamps must increase)' \
    'pm-report: warning: 1 sample of lat{module="web"} left out: a later sample of the series at the same millisecond replaced it (OpenMetrics timestamps must increase)')" ]
  # The Prometheus text carries one sample per series by design: nothing to say there.
  run --separate-stderr "$PM_BIN/pm-report" -f prometheus "$BATS_TEST_TMPDIR/ms.ndjson"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
}
