#!/usr/bin/env bats
# Every file of examples/ works as written: the crontab and the textfile cron run as cron
# runs them, the systemd units pass systemd-analyze verify and their ExecStart= run, the
# rules file goes through pm-alert, the CI examples' shell steps run as a script and gate
# on the p95, and the webhook hook posts to a listener on 127.0.0.1. The sandbox (fixture
# /proc, pinned clock, paths needing root moved under a scratch root) is readme_blocks.py's.

bats_require_minimum_version 1.5.0

blocks() { PM_BIN="$PM_BIN" python3 "$PM_SOURCE/tests/e2e/readme_blocks.py" "$@"; }
examples="$PM_SOURCE/examples"

setup() {
  export PATH="$PM_BIN:$PATH"
}

@test "every example is exercised here, and the README points to examples/" {
  # shows that an example added without a test fails this file
  for file in $(cd "$examples" && find . -type f | sed 's|^\./||' | sort); do
    [ "$file" = README.md ] && continue
    grep -qF "examples/$file" "$BATS_TEST_FILENAME" || { echo "examples/$file is not tested here"; return 1; }
    grep -qF "$(basename "$file")" "$examples/README.md" || { echo "examples/README.md does not list $file"; return 1; }
  done
  grep -q 'examples/' "$PM_SOURCE/README.md"
}

@test "examples/crontab: each line runs as cron runs it, on a fresh account" {
  # shows the store filled, alerts evaluated quietly, the nightly page and the weekly forecast
  run blocks --keep "$BATS_TEST_TMPDIR" --setup "mkdir -p ~/.config/pm && cp '$examples/rules' ~/.config/pm/rules" \
    --crontab "$examples/crontab"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" != *FAIL* ]]
  [ "$(grep -c '^ok .*: cron: ' <<<"$output")" -eq 4 ]
  home=$(echo "$BATS_TEST_TMPDIR"/tmp*/home)
  # The store got the samples; the ingest line mailed nothing (its summary is filtered).
  [ "$(find "$home/.local/state/pm" -name '*.ndjson' -exec cat {} + | jq -s 'map(select(.name == "system.memory.usage")) | length')" -eq 1 ]
  grep -A1 'examples/crontab:8:' <<<"$output" | grep -qv 'mail:'
  [ -s "$home/.cache/pm/alert.state" ]
  [ "$(find "$home/reports" -name 'pm-????-??-??.html' | wc -l)" -eq 1 ]
  grep -q '<svg' "$home"/reports/pm-*.html
  # The weekly forecast names the root filesystem.
  grep -q 'mail: SERIES' <<<"$output"
  grep -q 'system.filesystem.usage{device="/dev/sda1"' <<<"$output"
}

@test "examples/rules: every rule parses, a quiet host is OK, a full disk and memory fire" {
  # shows the commented rules file in the rule language running cleanly on a plain host
  run --separate-stderr pm-alert --rules "$examples/rules" --check-rules
  [ "$status" -eq 0 ]
  [ "$(grep -c . <<<"$output")" -eq "$(grep -cE '^[a-z_]+: ' "$examples/rules")" ]
  fixture="$PM_SOURCE/tests/fixtures/proc/t1"
  # A plain host with no application metrics and nothing wrong: OK, one note per missing rule.
  run --separate-stderr bash -c "pm-sample --window 0 --proc-root '$fixture/proc' --sys-root '$fixture/sys' \
    --now 2026-11-22T10:00:00Z --format ndjson | pm-alert --rules '$examples/rules' --now 2026-11-22T10:00:00Z"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  [[ "$stderr" == *"rule slow_api matched no record"* ]]
  [[ "$stderr" != *error* ]]
  # A full disk fires at once (no for:), memory after its 5 minutes; exit status ERROR is 2.
  for minute in 0 1 2 3 4 5 6; do
    t="2026-11-22T10:0$minute:00Z"
    echo "{\"ts\":\"$t\",\"name\":\"system.memory.usage\",\"value\":95}"
    echo "{\"ts\":\"$t\",\"name\":\"system.filesystem.usage\",\"value\":97,\"tags\":{\"mount\":\"/\"}}"
    echo "{\"ts\":\"$t\",\"name\":\"system.cpu.usage\",\"value\":10,\"tags\":{\"cpu\":\"total\"}}"
  done > "$BATS_TEST_TMPDIR/bad.ndjson"
  run --separate-stderr pm-alert --rules "$examples/rules" --now 2026-11-22T10:06:00Z "$BATS_TEST_TMPDIR/bad.ndjson"
  [ "$status" -eq 2 ]
  [ "$(jq -r 'select(.state == "firing") | "\(.rule) \(.severity) \(.ts)"' <<<"$output")" = \
    "disk_full warning 2026-11-22T10:00:00.000Z
high_memory error 2026-11-22T10:05:00.000Z" ]
}

@test "examples/systemd: the units pass systemd-analyze verify" {
  # shows the units are valid systemd (systemd-analyze runs without a running systemd)
  cp "$examples"/systemd/* "$BATS_TEST_TMPDIR/"
  cd "$BATS_TEST_TMPDIR"
  run systemd-analyze verify --man=no ./pm-sample.service ./pm-sample.timer ./pm-report.service ./pm-report.timer
  echo "$output"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  # The check can fail: a bad calendar in a copy is refused.
  sed -i 's/^OnCalendar=.*/OnCalendar=every tuesday-ish/' pm-report.timer
  run systemd-analyze verify --man=no ./pm-report.service ./pm-report.timer
  [ "$status" -ne 0 ]
  [[ "$output" == *"Failed to parse calendar specification"* ]]
  # The schedules are the ones the comments give.
  [ "$(systemd-analyze calendar minutely | sed -n 's/^ *Normalized form: //p')" = "*-*-* *:*:00" ]
  grep -qx 'OnCalendar=minutely' "$examples/systemd/pm-sample.timer"
  grep -qx 'OnCalendar=\*-\*-\* 06:00:00' "$examples/systemd/pm-report.timer"
}

@test "examples/systemd: each service's ExecStart runs as systemd starts it" {
  # shows pm-sample.service filling /var/lib/pm and pm-report.service writing tonight's page
  run blocks --keep "$BATS_TEST_TMPDIR" --units "$examples/systemd/pm-sample.service" "$examples/systemd/pm-report.service"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(grep -c '^ok ' <<<"$output")" -eq 2 ]
  root=$(echo "$BATS_TEST_TMPDIR"/tmp*/root)
  [ -s "$root/var/cache/pm/sample.state" ]
  [ "$(find "$root/var/lib/pm" -name '*.ndjson' -exec cat {} + | jq -s 'map(select(.name == "system.load.1m")) | length')" -eq 1 ]
  page=$(find "$root/var/lib/pm/reports" -name "pm-$(date -u +%F).html")
  [ -n "$page" ]
  grep -q '<svg' "$page"
}

@test "examples/node-exporter-textfile.cron: a .prom file node_exporter serves" {
  # shows the textfile cron line feeding the real node_exporter on 127.0.0.1
  run blocks --keep "$BATS_TEST_TMPDIR" \
    --setup "pm-sample --window 0 --format ndjson | pm-ingest -H /var/lib/pm" \
    --crontab "$examples/node-exporter-textfile.cron"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" != *FAIL* ]]
  dir=$(echo "$BATS_TEST_TMPDIR"/tmp*/root/var/lib/prometheus/node-exporter)
  [ -s "$dir/pm.prom" ]
  run promtool check metrics < "$dir/pm.prom"
  [ "$status" -eq 0 ]
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  prometheus-node-exporter --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
    --collector.textfile --collector.textfile.directory="$dir" 2> "$BATS_TEST_TMPDIR/exporter.log" &
  exporter=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/metrics" > "$BATS_TEST_TMPDIR/scrape" && break; sleep 0.1; done
  kill "$exporter"
  wait "$exporter" || true
  grep -E '^system_memory_usage_percent\{.*host="vm".*\} 25$' "$BATS_TEST_TMPDIR/scrape"
  grep -qE '^node_textfile_scrape_error 0$' "$BATS_TEST_TMPDIR/scrape"
}

# listen PORTFILE BODIES STATUS: a webhook receiver on 127.0.0.1 (a free port, written to
# PORTFILE) that appends each POST's body as one line to BODIES and answers STATUS.
listen() {
  python3 - "$@" <<'PY' &
import http.server, sys
port_file, bodies, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with open(bodies, "ab") as f:
            f.write(self.headers["Content-Type"].encode() + b" " + body.strip() + b"\n")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os; os.rename(port_file + ".tmp", port_file)
server.serve_forever()
PY
  listener=$!
  for _ in $(seq 50); do [ -s "$1" ] && break; sleep 0.1; done
}

teardown() {
  [ -z "${listener:-}" ] || { kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null || true; }
}

@test "examples/notify-webhook: each alert event posted as JSON to the webhook" {
  # shows the hook posting the firing and the resolved event, the record intact
  listen "$BATS_TEST_TMPDIR/port" "$BATS_TEST_TMPDIR/bodies" 200
  printf '%s\n' '{"ts":"2026-11-22T10:00:00Z","name":"system.memory.usage","value":95,"tags":{"host":"db1"}}' \
    '{"ts":"2026-11-22T10:01:00Z","name":"system.memory.usage","value":40,"tags":{"host":"db1"}}' > "$BATS_TEST_TMPDIR/in"
  run --separate-stderr env PM_WEBHOOK_URL="http://127.0.0.1:$(cat "$BATS_TEST_TMPDIR/port")/hook" \
    pm-alert --rule 'mem: system.memory.usage > 90 severity=critical' --exec "$examples/notify-webhook" "$BATS_TEST_TMPDIR/in"
  echo "$stderr"
  [ "$status" -eq 0 ] # resolved by the end
  [ -z "$stderr" ]
  [ "$(wc -l < "$BATS_TEST_TMPDIR/bodies")" -eq 2 ]
  [ "$(cut -d' ' -f1 "$BATS_TEST_TMPDIR/bodies" | sort -u)" = application/json ]
  cut -d' ' -f2- "$BATS_TEST_TMPDIR/bodies" > "$BATS_TEST_TMPDIR/json"
  [ "$(jq -r '"\(.text)|\(.alert.rule)|\(.alert.state)|\(.alert.tags.host)|\(.alert.value)"' "$BATS_TEST_TMPDIR/json")" = \
    '[FIRING] critical: mem: system.memory.usage{host="db1"} = 95 (above 90)|mem|firing|db1|95
[RESOLVED] critical: mem: system.memory.usage{host="db1"} = 40 (resolved, threshold 90)|mem|resolved|db1|40' ]
}

@test "examples/notify-webhook: a webhook that fails or is not set is reported, not silent" {
  # shows curl --fail turning an HTTP 500 into a failed hook that pm-alert names on stderr
  listen "$BATS_TEST_TMPDIR/port" "$BATS_TEST_TMPDIR/bodies" 500
  echo '{"ts":"2026-11-22T10:00:00Z","name":"m","value":95}' > "$BATS_TEST_TMPDIR/in"
  run --separate-stderr env PM_WEBHOOK_URL="http://127.0.0.1:$(cat "$BATS_TEST_TMPDIR/port")/hook" \
    pm-alert --rule 'm: m > 90' --exec "$examples/notify-webhook" "$BATS_TEST_TMPDIR/in"
  echo "$stderr"
  [ "$status" -eq 1 ] # the alert is still a WARNING
  [[ "$stderr" == *"500"* ]]
  [[ "$stderr" == *"notify-webhook"* ]]
  [ "$(wc -l < "$BATS_TEST_TMPDIR/bodies")" -eq 1 ]
  run --separate-stderr env -u PM_WEBHOOK_URL pm-alert --rule 'm: m > 90' --exec "$examples/notify-webhook" "$BATS_TEST_TMPDIR/in"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"set PM_WEBHOOK_URL to the webhook address"* ]]
}

# ci_sandbox: a scratch checkout with a stand-in benchmark (about 50 ms a run).
ci_sandbox() {
  mkdir -p "$BATS_TEST_TMPDIR/repo"
  cd "$BATS_TEST_TMPDIR/repo"
  printf '#!/bin/sh\necho "benchmark: 1000 iterations"\nsleep 0.05\n' > bench.sh
  chmod +x bench.sh
}

# baseline SECONDS: a main-branch run whose benchmark took SECONDS each time.
baseline() {
  for i in $(seq 30); do
    echo "{\"ts\":\"2026-11-22T09:00:$((i + 10))Z\",\"name\":\"task.duration\",\"value\":$1,\"unit\":\"seconds\",\"tags\":{\"host\":\"ci\",\"task\":\"bench\"}}"
  done > main-bench.ndjson
}

@test "examples/ci/github-actions.yml: the shell steps run, pass against a slower main, fail against a faster one" {
  # shows the workflow's gate on the benchmark's p95 as GitHub would run its steps
  python3 "$PM_SOURCE/tests/e2e/example_steps.py" github "$examples/ci/github-actions.yml" > "$BATS_TEST_TMPDIR/steps.sh"
  ci_sandbox
  export GITHUB_STEP_SUMMARY="$BATS_TEST_TMPDIR/summary.md" GITHUB_SHA=0123abc GITHUB_REF=refs/pull/7/merge
  # No baseline yet: this run becomes it, the gate passes.
  run bash "$BATS_TEST_TMPDIR/steps.sh"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"no baseline from main yet"* ]]
  [ "$(jq -s 'map(select(.name == "task.duration")) | length' bench.ndjson)" -eq 30 ]
  [[ "$output" == *"benchmark: 1000 iterations"* ]] # the job's output reached the log
  # Against a main branch whose p95 was 1 s: faster, the gate passes and says so.
  baseline 1.0
  : > "$GITHUB_STEP_SUMMARY"
  run bash "$BATS_TEST_TMPDIR/steps.sh"
  [ "$status" -eq 0 ]
  grep -q 'task.duration' "$GITHUB_STEP_SUMMARY"
  grep -q 'testcase' pm-report.xml
  ! grep -q '<failure' pm-report.xml
  # Against a main branch whose p95 was 1 ms: the gate fails the job, named in the summary and JUnit.
  baseline 0.001
  : > "$GITHUB_STEP_SUMMARY"
  run bash "$BATS_TEST_TMPDIR/steps.sh"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"step 'benchmark: gate on the p95' failed: exit 1"* ]]
  grep -qi 'regress' "$GITHUB_STEP_SUMMARY"
  grep -q '<failure' pm-report.xml
  # On main, the run is kept as the next baseline.
  baseline 1.0
  GITHUB_REF=refs/heads/main run bash "$BATS_TEST_TMPDIR/steps.sh"
  [ "$status" -eq 0 ]
  cmp bench.ndjson main-bench.ndjson
}

@test "examples/ci/gitlab-ci.yml: the job's script runs, fails against a faster main" {
  # shows the GitLab job's gate on the p95 as the runner would run its script
  python3 "$PM_SOURCE/tests/e2e/example_steps.py" gitlab "$examples/ci/gitlab-ci.yml" performance > "$BATS_TEST_TMPDIR/job.sh"
  ci_sandbox
  export CI_COMMIT_SHA=0123abc CI_COMMIT_BRANCH=feature CI_DEFAULT_BRANCH=main
  baseline 1.0
  run bash "$BATS_TEST_TMPDIR/job.sh"
  echo "$output"
  [ "$status" -eq 0 ]
  grep -q 'testcase' pm-report.xml
  ! grep -q '<failure' pm-report.xml
  baseline 0.001
  run bash "$BATS_TEST_TMPDIR/job.sh"
  [ "$status" -eq 1 ]
  grep -q '<failure' pm-report.xml
  # On the default branch, the run becomes the cached baseline.
  baseline 1.0
  CI_COMMIT_BRANCH=main run bash "$BATS_TEST_TMPDIR/job.sh"
  [ "$status" -eq 0 ]
  cmp bench.ndjson main-bench.ndjson
}
