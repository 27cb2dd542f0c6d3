#!/usr/bin/env bats
# pm-sample --check: tcp, http and exec health checks, Monitoring Plugins perfdata.

bats_require_minimum_version 1.5.0

value_of() { jq -r --arg n "$1" 'select(.name == $n) | .value' <<<"$2"; }

start_server() { # MODE [DIR]: starts the fixture server, sets $port
  python3 "$PM_SOURCE/tests/fixtures/probes/server.py" "$1" "$BATS_TEST_TMPDIR/port" "${@:2}" 3>&- &
  server_pid=$!
  for _ in $(seq 100); do [ -s "$BATS_TEST_TMPDIR/port" ] && break; sleep 0.05; done
  port=$(cat "$BATS_TEST_TMPDIR/port")
}

closed_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

teardown() {
  [ -z "${server_pid:-}" ] || kill "$server_pid" 2>/dev/null || true
}

@test "a check against a closed port gives health.up 0 at once" {
  # The issue's example: a closed port is down well within the timeout.
  port=$(closed_port)
  start=$(date +%s%N)
  run --separate-stderr "$PM_BIN/pm-sample" --timeout 5s --check db=tcp://127.0.0.1:$port
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$status" -eq 0 ]
  [ "$(value_of health.up "$output")" = 0 ]
  [ "$(jq -r 'select(.name == "health.up") | .message' <<<"$output")" = "connection refused" ]
  [ "$(jq -r 'select(.name == "health.up") | .tags.check' <<<"$output")" = db ]
  [ "$elapsed_ms" -lt 3000 ]
}

@test "a check against an address that drops packets gives up at the timeout" {
  start_server blackhole
  start=$(date +%s%N)
  run --separate-stderr "$PM_BIN/pm-sample" --timeout 500ms --check hole=tcp://127.0.0.1:$port
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$status" -eq 0 ]
  [ "$(value_of health.up "$output")" = 0 ]
  [ "$(jq -r 'select(.name == "health.up") | .message' <<<"$output")" = "timed out" ]
  [ "$elapsed_ms" -ge 450 ]
  [ "$elapsed_ms" -lt 3000 ]
}

@test "tcp and http checks against a live server are up, with latency and status" {
  start_server http "$PM_SOURCE/tests/fixtures/probes"
  run --separate-stderr "$PM_BIN/pm-sample" --check port=tcp://127.0.0.1:$port \
    --check page=http://127.0.0.1:$port/metrics.prom --check broken=http://127.0.0.1:$port/status/503
  [ "$status" -eq 0 ]
  [ "$(jq -r 'select(.name == "health.up") | "\(.tags.check)=\(.value)"' <<<"$output" | tr '\n' ' ')" = \
    "port=1 page=1 broken=0 " ]
  [ "$(jq -r 'select(.name == "health.http.status") | .value' <<<"$output" | tr '\n' ' ')" = "200 503 " ]
  [ "$(jq -r 'select(.name == "health.latency") | .unit' <<<"$output" | sort -u)" = seconds ]
}

@test "an http check that hangs is down at the timeout" {
  start_server http "$PM_SOURCE/tests/fixtures/probes"
  run --separate-stderr "$PM_BIN/pm-sample" --timeout 300ms --check slow=http://127.0.0.1:$port/slow
  [ "$status" -eq 0 ]
  [ "$(value_of health.up "$output")" = 0 ]
  [ "$(jq -r 'select(.name == "health.up") | .message' <<<"$output")" = "timed out" ]
}

@test "the real check_load plugin's performance data become metrics" {
  plugin=/usr/lib/nagios/plugins/check_load
  [ -x "$plugin" ] || skip "monitoring-plugins-basic is not installed"
  run --separate-stderr "$PM_BIN/pm-sample" --check "load=exec:$plugin -w 5,4,3 -c 10,8,6"
  [ "$status" -eq 0 ]
  expected=$("$plugin" -w 5,4,3 -c 10,8,6; echo "exit=$?") || true
  plugin_status=${expected##*exit=}
  [ "$(value_of health.status "$output")" = "$plugin_status" ]
  [ "$(jq -r 'select(.tags.check == "load") | .name' <<<"$output" | sort | tr '\n' ' ')" = \
    "health.latency health.load.load1 health.load.load15 health.load.load5 health.status health.up " ]
  [ "$(jq -r 'select(.name == "health.load.load1") | .warn' <<<"$output")" = 5.000 ]
  # load1 agrees with /proc/loadavg within what can change between the two readings.
  awk -v a="$(value_of health.load.load1 "$output")" -v b="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 2) }'
}

@test "an exec check maps the plugin's state and keeps its status text" {
  run --separate-stderr "$PM_BIN/pm-sample" --check 'w=exec:echo "DISK WARNING - 91% used | used=91%;90;95;0;100"; exit 1'
  [ "$status" -eq 0 ]
  [ "$(value_of health.up "$output")" = 0 ]
  [ "$(value_of health.status "$output")" = 1 ]
  [ "$(value_of health.w.used "$output")" = 91 ]
  [ "$(jq -r 'select(.name == "health.w.used") | .unit' <<<"$output")" = percent ]
  [ "$(jq -r 'select(.name == "health.up") | .message' <<<"$output")" = "DISK WARNING - 91% used" ]
}

@test "an exec check that outlives the timeout is killed with its children" {
  start=$(date +%s%N)
  run --separate-stderr "$PM_BIN/pm-sample" --timeout 300ms --check "slow=exec:sleep 30 & sleep 30"
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$status" -eq 0 ]
  [ "$(value_of health.status "$output")" = 2 ]
  [ "$elapsed_ms" -lt 3000 ]
}

@test "nothing from a check's output or name is ever run: \$(...) executes nothing" {
  run --separate-stderr "$PM_BIN/pm-sample" \
    --check 'e=exec:echo '\''OK | $(touch '"$BATS_TEST_TMPDIR"'/x)=1'\''' \
    --tag 'note=$(touch '"$BATS_TEST_TMPDIR"'/y)'
  [ ! -e "$BATS_TEST_TMPDIR/x" ]
  [ ! -e "$BATS_TEST_TMPDIR/y" ]
  [ "$(value_of health.up "$output")" = 1 ]
}

@test "bad performance data is named on stderr and fails the run" {
  run --separate-stderr "$PM_BIN/pm-sample" --check 'p=exec:echo "OK | a=1 b=oops"'
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"pm-sample: check p:1: "* ]]
  [ "$(value_of health.up "$output")" = 1 ]
}

@test "bad --check and --timeout arguments are usage errors" {
  for bad in "db" "db=tcp://localhost" "web=https://localhost/" "x=udp://h:1" "1x=tcp://h:1"; do
    run --separate-stderr "$PM_BIN/pm-sample" --check "$bad"
    [ "$status" -eq 2 ] || { echo "$bad: $status"; return 1; }
    [[ "$stderr" == "pm-sample: error: --check"* ]] || { echo "$bad: $stderr"; return 1; }
  done
  run --separate-stderr "$PM_BIN/pm-sample" --timeout soon --check db=tcp://h:1
  [ "$status" -eq 2 ]
  [[ "$stderr" == "pm-sample: error: --timeout: "* ]]
  run --separate-stderr "$PM_BIN/pm-sample" --timeout 5s
  [ "$status" -eq 2 ]
  [[ "$stderr" == "pm-sample: error: --timeout applies to --check and --scrape; neither was given"* ]]
}

@test "checks repeat with --interval and --count" {
  port=$(closed_port)
  run --separate-stderr "$PM_BIN/pm-sample" -i 200ms -c 3 --check db=tcp://127.0.0.1:$port
  [ "$status" -eq 0 ]
  [ "$(jq -r 'select(.name == "health.up") | .value' <<<"$output" | wc -l)" -eq 3 ]
}
