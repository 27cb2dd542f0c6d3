#!/usr/bin/env bats
# pm-report shows forecasts, trends, anomalies and recommendations: those of its input, in
# every summary format, with the forecast band and anomaly markers drawn on the html charts.

setup() {
  NOW=--now=2026-11-22T12:00Z
  # Two hours every 10 s: db latency near 100 ms with a 3-minute incident at 11:20 (1.2 s),
  # and /var filling linearly from 60 % to 84 %.
  python3 -c '
import datetime, random
random.seed(7)
t0 = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.timezone.utc)
for i in range(720):
    ts = (t0 + datetime.timedelta(seconds=10 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    latency = 1.2 + random.gauss(0, 0.05) if 480 <= i < 498 else 0.1 + random.gauss(0, 0.01)
    print("{\"ts\":\"%s\",\"name\":\"api.request.duration\",\"value\":%.4f,\"unit\":\"seconds\",\"tags\":{\"module\":\"db\",\"status\":\"200\"}}" % (ts, latency))
    print("{\"ts\":\"%s\",\"name\":\"system.filesystem.usage\",\"value\":%.3f,\"unit\":\"percent\",\"tags\":{\"mount\":\"/var\"}}" % (ts, 60 + i / 30 + random.gauss(0, 0.05)))
' > "$BATS_TEST_TMPDIR/run.ndjson"
}

chromium_bin() {
  command -v chromium || command -v chromium-browser || command -v google-chrome || true
}

run_chromium() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d)" "$@"
}

# The run followed by pm-predict's trends and forecasts of it, and one anomaly and one
# recommendation record such as pm-predict writes.
predicted_input() {
  {
    cat "$BATS_TEST_TMPDIR/run.ndjson"
    "$PM_BIN/pm-predict" "$NOW" --every 10m --horizon 1h --threshold 90 "$BATS_TEST_TMPDIR/run.ndjson"
    echo '{"ts":"2026-11-22T11:20:00.000Z","kind":"anomaly","name":"api.request.duration","tags":{"module":"db","status":"200"},"value":1.21,"expected":[0.07,0.13],"z":9.4,"score":0.999,"severity":"critical","method":"zscore"}'
    echo '{"ts":"2026-11-22T11:59:50.000Z","kind":"recommendation","name":"system.filesystem.usage","tags":{"mount":"/var"},"severity":"warning","message":"/var fills in about 30m","eta":"2026-11-22T12:29:50.000Z"}'
  } > "$BATS_TEST_TMPDIR/predicted.ndjson"
}

# The <svg> of the chart of series $1 in the DOM on stdin.
chart_of() {
  python3 -c '
import html, re, sys
dom = sys.stdin.read()
head = "<h3>" + html.escape(sys.argv[1], quote=False) + "</h3>"
start = dom.find(head)
if start < 0:
    sys.exit("no chart for " + sys.argv[1])
print(dom[start:dom.find("</svg>", start)])
' "$1"
}

@test "input forecasts, trends, anomalies and recommendations are listed in text" {
  # Shows: one Predictions row per series (model, horizon, value, interval, trend, eta), the
  # anomaly with its expected range and z, the recommendation with its evidence; status 0.
  predicted_input
  run "$PM_BIN/pm-report" "$NOW" "$BATS_TEST_TMPDIR/predicted.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" == *$'\nPredictions\n  series '*' model '*' horizon '*' value '*' interval '*' trend '*' eta'* ]]
  row=$(grep '^  system.filesystem.usage{mount="/var"} ' <<<"$output" | tail -1)
  [[ "$row" == *' 1h '*' 95% '*'..'*' increasing +'*'%/h  2026-11-22T1'*'(in '* ]]
  [[ "$output" == *'critical  api.request.duration{module="db",status="200"}  1.21s  70ms..130ms  +9.4  zscore'* ]]
  [[ "$output" == *$'  - [warning] /var fills in about 30m\n    system.filesystem.usage{mount="/var"}: eta=2026-11-22T12:29:50.000Z'* ]]
  [[ "$output" == *'health DEGRADED'*'anomaly (critical) on api.request.duration{module="db",status="200"}'* ]]
}

@test "input predictions in markdown and in the dashboard JSON's slots" {
  # Shows: markdown has the three sections; JSON fills predictions (trend and forecast per
  # series), anomalies (keyed by series) and recommendations.
  predicted_input
  run "$PM_BIN/pm-report" "$NOW" -f markdown "$BATS_TEST_TMPDIR/predicted.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" == *'### Anomalies'*'| 2026-11-22T11:20:00.000Z | critical | `api.request.duration{module="db",status="200"}` | 1.21s | 70ms..130ms | +9.4 | zscore |'* ]]
  [[ "$output" == *'### Predictions'*'| `system.filesystem.usage{mount="/var"}` | '*' | 1h | '*'increasing +'* ]]
  [[ "$output" == *'### Recommendations'*'- **warning**: /var fills in about 30m (`system.filesystem.usage{mount="/var"}`: eta=2026-11-22T12:29:50.000Z)'* ]]
  run "$PM_BIN/pm-report" "$NOW" -f json "$BATS_TEST_TMPDIR/predicted.ndjson"
  [ "$status" -eq 0 ]
  run jq -c '[(.predictions["system.filesystem.usage{mount=\"/var\"}"] | map(.kind) | sort),
              (.anomalies | keys), (.anomalies[][0].z), (.recommendations | map(.series)), .health.overall_status]' <<<"$output"
  [ "$output" = '[["forecast","trend"],["api.request.duration{module=\"db\",status=\"200\"}"],9.4,["system.filesystem.usage{mount=\"/var\"}"],"degraded"]' ]
}

@test "headless Chromium: the forecast band past the last point and the anomaly marker on their charts" {
  # Shows: in the DOM a real browser builds, the chart of /var holds the shaded band and the
  # dashed forecast line, starting at the last point and going right of it; the db chart
  # holds the anomaly's red dot.
  CHROMIUM=$(chromium_bin)
  [ -n "$CHROMIUM" ] || skip "chromium not installed"
  predicted_input
  run "$PM_BIN/pm-report" "$NOW" -f html -o "$BATS_TEST_TMPDIR/report.html" "$BATS_TEST_TMPDIR/predicted.ndjson"
  [ "$status" -eq 0 ]
  run_chromium --dump-dom "file://$BATS_TEST_TMPDIR/report.html" > "$BATS_TEST_TMPDIR/dom.html"
  disk=$(chart_of 'system.filesystem.usage{mount="/var"}' < "$BATS_TEST_TMPDIR/dom.html")
  [[ "$disk" == *'<path class="forecast-band" d="M'* ]]
  [[ "$disk" == *'<path class="forecast" d="M'* ]]
  # The band starts where the series line ends and reaches the right edge of the plot (630).
  last_x=$(grep -o '<path class="series" d="[^"]*"' <<<"$disk" | grep -o '[0-9.]*,[0-9.]*"$' | cut -d, -f1)
  band=$(grep -o '<path class="forecast-band" d="[^"]*"' <<<"$disk" | sed 's/.*d="M//; s/ Z"$//')
  [ "${band%%,*}" = "$last_x" ]
  [[ " $band" == *' L630.0,'* ]]
  db=$(chart_of 'api.request.duration{module="db",status="200"}' < "$BATS_TEST_TMPDIR/dom.html")
  [[ "$db" == *'<circle class="anomaly"'*'<title>anomaly critical 1.21s at 2026-11-22T11:20:00.000Z</title>'* ]]
  grep -q '<table class="predictions">' "$BATS_TEST_TMPDIR/dom.html"
  grep -q '<ul class="recommendations">' "$BATS_TEST_TMPDIR/dom.html"
}
