#!/usr/bin/env bats
# pm-sample --scrape URL and --value NAME=NUMBER.

bats_require_minimum_version 1.5.0

value_of() { jq -r --arg n "$1" 'select(.name == $n) | .value' <<<"$2"; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_fixture_server() {
  python3 "$PM_SOURCE/tests/fixtures/probes/server.py" http "$BATS_TEST_TMPDIR/port" "$PM_SOURCE/tests/fixtures/probes" 3>&- &
  server_pid=$!
  for _ in $(seq 100); do [ -s "$BATS_TEST_TMPDIR/port" ] && break; sleep 0.05; done
  port=$(cat "$BATS_TEST_TMPDIR/port")
}

teardown() {
  [ -z "${server_pid:-}" ] || kill "$server_pid" 2>/dev/null || true
}

@test "a scraped exposition becomes records with labels as tags" {
  start_fixture_server
  run --separate-stderr "$PM_BIN/pm-sample" --scrape "http://127.0.0.1:$port/metrics.prom"
  [ "$status" -eq 0 ]
  [ "$(jq -r 'select(.name == "app_requests_total" and .tags.method == "POST") | .value' <<<"$output")" = 3 ]
  [ "$(jq -r 'select(.name == "app_requests_total") | .tags.instance' <<<"$output" | sort -u)" = "127.0.0.1:$port" ]
  [ "$(jq -r 'select(.name == "app_requests_total") | .type' <<<"$output" | sort -u)" = counter ]
  [ "$(jq -r 'select(.name == "app_temperature") | .tags.instance' <<<"$output")" = sensor-1 ]
  [ "$(value_of scrape.up "$output")" = 1 ]
  [ "$(value_of scrape.samples "$output")" = 8 ]
  [ -z "$stderr" ]
}

@test "an OpenMetrics answer is read as OpenMetrics, with its unit" {
  start_fixture_server
  run --separate-stderr "$PM_BIN/pm-sample" --scrape "http://127.0.0.1:$port/metrics.om"
  [ "$status" -eq 0 ]
  [ "$(jq -r 'select(.name == "app_uptime_seconds") | "\(.value) \(.unit)"' <<<"$output")" = "3600.5 seconds" ]
}

@test "a scrape of the real node_exporter agrees with /proc" {
  exporter=$(command -v prometheus-node-exporter || command -v node_exporter || true)
  [ -n "$exporter" ] || skip "prometheus-node-exporter is not installed"
  port=$(free_port)
  "$exporter" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults --collector.loadavg \
    --collector.meminfo --collector.stat >/dev/null 2>&1 3>&- &
  server_pid=$!
  for _ in $(seq 100); do
    curl_ok=$(python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/metrics')" 2>/dev/null && echo y)
    [ -n "$curl_ok" ] && break
    sleep 0.1
  done
  run --separate-stderr "$PM_BIN/pm-sample" --scrape "http://127.0.0.1:$port/metrics"
  [ "$status" -eq 0 ]
  [ "$(value_of scrape.up "$output")" = 1 ]
  [ "$(value_of scrape.samples "$output")" -gt 20 ]
  memtotal=$(awk '/^MemTotal:/ { printf "%.0f", $2 * 1024 }' /proc/meminfo)
  [ "$(jq -r 'select(.name == "node_memory_MemTotal_bytes") | .value | floor' <<<"$output")" = "$memtotal" ]
  [ "$(jq -r 'select(.name == "node_memory_MemTotal_bytes") | .type' <<<"$output")" = gauge ]
  [ "$(jq -r 'select(.name == "node_load1") | .tags.instance' <<<"$output")" = "127.0.0.1:$port" ]
  # Summaries keep their quantile label and their type.
  [ "$(jq -r 'select(.name == "go_gc_duration_seconds" and .tags.quantile == "0.5") | .type' <<<"$output")" = summary ]
}

@test "a failed scrape gives scrape.up 0, a warning, and status 1" {
  port=$(free_port)
  run --separate-stderr "$PM_BIN/pm-sample" --timeout 2s --scrape "http://127.0.0.1:$port/metrics"
  [ "$status" -eq 1 ]
  [ "$(value_of scrape.up "$output")" = 0 ]
  [[ "$stderr" == *"pm-sample: warning: scrape http://127.0.0.1:$port/metrics: connection refused"* ]]
}

@test "a non-2xx answer is a failed scrape" {
  start_fixture_server
  run --separate-stderr "$PM_BIN/pm-sample" --scrape "http://127.0.0.1:$port/status/500"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"scrape http://127.0.0.1:$port/status/500: HTTP 500"* ]]
}

@test "https and other schemes are usage errors" {
  run --separate-stderr "$PM_BIN/pm-sample" --scrape https://127.0.0.1:9100/metrics
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"https is not supported"* ]]
}

@test "--value emits custom metrics with --tag and host" {
  run --separate-stderr "$PM_BIN/pm-sample" --value deploy.count=3 --value build.size=1.5e6 --tag env=ci \
    --now 2026-11-22T10:00:00Z
  [ "$status" -eq 0 ]
  [ "$(jq -c 'del(.tags.host)' <<<"$output")" = \
    '{"ts":"2026-11-22T10:00:00.000Z","name":"deploy.count","value":3,"tags":{"env":"ci"}}
{"ts":"2026-11-22T10:00:00.000Z","name":"build.size","value":1500000,"tags":{"env":"ci"}}' ]
  [ "$(jq -r .tags.host <<<"$output" | sort -u)" = "$(hostname)" ]
}

@test "bad --value arguments are usage errors naming the problem" {
  run --separate-stderr "$PM_BIN/pm-sample" --value deploy.count
  [ "$status" -eq 2 ]
  [[ "$stderr" == *'pm-sample: error: --value wants NAME=NUMBER, got "deploy.count"'* ]]
  run --separate-stderr "$PM_BIN/pm-sample" --value x=abc
  [ "$status" -eq 2 ]
  [[ "$stderr" == *'"abc" is not a finite number'* ]]
  run --separate-stderr "$PM_BIN/pm-sample" --value '9x=1'
  [ "$status" -eq 2 ]
  [ -z "$output" ]
}
