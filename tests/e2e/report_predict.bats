#!/usr/bin/env bats
# pm-report shows forecasts, trends, anomalies and recommendations, those of its input (with
# --no-predict, only those) and its own computed from the samples, in
# every summary format, with the forecast band and anomaly markers drawn on the html charts.

bats_require_minimum_version 1.5.0

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
start = -1
for quote in (False, True): # the DOM a browser dumps, or the page as written
    if start < 0:
        start = dom.find("<h3>" + html.escape(sys.argv[1], quote=quote) + "</h3>")
if start < 0:
    sys.exit("no chart for " + sys.argv[1])
print(dom[start:dom.find("</svg>", start)])
' "$1"
}

@test "input forecasts, trends, anomalies and recommendations are listed in text" {
  # Shows: one Predictions row per series (model, horizon, value, interval, trend, eta), the
  # anomaly with its expected range and z, the recommendation with its evidence; status 0.
  predicted_input
  run "$PM_BIN/pm-report" "$NOW" --no-predict "$BATS_TEST_TMPDIR/predicted.ndjson"
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
  run "$PM_BIN/pm-report" "$NOW" --no-predict -f markdown "$BATS_TEST_TMPDIR/predicted.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" == *'### Anomalies'*'| 2026-11-22T11:20:00.000Z | critical | `api.request.duration{module="db",status="200"}` | 1.21s | 70ms..130ms | +9.4 | zscore |'* ]]
  [[ "$output" == *'### Predictions'*'| `system.filesystem.usage{mount="/var"}` | '*' | 1h | '*'increasing +'* ]]
  [[ "$output" == *'### Recommendations'*'- **warning**: /var fills in about 30m (`system.filesystem.usage{mount="/var"}`: eta=2026-11-22T12:29:50.000Z)'* ]]
  run "$PM_BIN/pm-report" "$NOW" --no-predict -f json "$BATS_TEST_TMPDIR/predicted.ndjson"
  [ "$status" -eq 0 ]
  run jq -c '[(.predictions["system.filesystem.usage{mount=\"/var\"}"] | map(.kind) | sort),
              (.anomalies | keys), (.anomalies[][0].z), (.recommendations | map(.series) | unique), .health.overall_status]' <<<"$output"
  [ "$output" = '[["forecast","trend"],["api.request.duration{module=\"db\",status=\"200\"}"],9.4,["system.filesystem.usage{mount=\"/var\"}"],"degraded"]' ]
}

@test "headless Chromium: the forecast band past the last point and the anomaly marker on their charts" {
  # Shows: in the DOM a real browser builds, the chart of /var holds the shaded band and the
  # dashed forecast line, starting at the last point and going right of it; the db chart
  # holds the anomaly's red dot.
  CHROMIUM=$(chromium_bin)
  [ -n "$CHROMIUM" ] || { echo "chromium is missing: scripts/install-deps installs it (.ci/packages)"; return 1; }
  predicted_input
  run "$PM_BIN/pm-report" "$NOW" --no-predict -f html -o "$BATS_TEST_TMPDIR/report.html" "$BATS_TEST_TMPDIR/predicted.ndjson"
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

@test "by default the report computes the anomaly, a forecast and a recommendation: text and markdown" {
  # Shows: from samples alone, the text lists the incident as an anomaly of db latency inside
  # its window (11:20 to 11:23), a forecast row for /var that rises, and a recommendation
  # naming /var; markdown has the same three sections; status 0.
  run "$PM_BIN/pm-report" "$NOW" "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 0 ]
  anomalies=$(sed -n '/^Anomalies$/,/^$/p' <<<"$output")
  grep -Eq '^  2026-11-22T11:2[0-3]:[0-9.]+Z  (warning|error|critical)  api.request.duration\{module="db",status="200"\}  1\.[0-9]+s ' <<<"$anomalies"
  ! grep -q 'system.filesystem.usage' <<<"$anomalies"
  row=$(grep '^  system.filesystem.usage{mount="/var"} ' <<<"$(sed -n '/^Predictions$/,/^$/p' <<<"$output")")
  [[ "$row" == *' 30m '*' 95% '*'increasing +'*'%/h'* ]] # a quarter of the 2 h span
  [[ "$(sed -n '/^Recommendations$/,$p' <<<"$output")" == *'/var'* ]]
  run "$PM_BIN/pm-report" "$NOW" -f markdown "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" == *'### Anomalies'*'| 2026-11-22T11:2'*'`api.request.duration{module="db",status="200"}`'* ]]
  [[ "$output" == *'### Predictions'*'| `system.filesystem.usage{mount="/var"}` | '*'| 30m |'*'increasing +'* ]]
  [[ "$output" == *'### Recommendations'*'`system.filesystem.usage{mount="/var"}`'* ]]
}

@test "by default the dashboard JSON's predictions, anomalies and recommendations are filled" {
  # Shows: predictions hold a trend and a forecast for both series, anomalies only the db
  # latency (all inside the incident), a recommendation on /var; the health verdict counts
  # them as documented (an error or critical anomaly or recommendation degrades it).
  run "$PM_BIN/pm-report" "$NOW" -f json "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 0 ]
  echo "$output" > "$BATS_TEST_TMPDIR/dash.json"
  run jq -c '[(.predictions | to_entries | map([.key, (.value | map(.kind) | sort)])),
              (.anomalies | keys),
              ([.anomalies[][] | .timestamp >= 1795346400 and .timestamp < 1795346580] | all),
              ([.recommendations[].series] | index("system.filesystem.usage{mount=\"/var\"}") != null)]' "$BATS_TEST_TMPDIR/dash.json"
  [ "$output" = '[[["api.request.duration{module=\"db\",status=\"200\"}",["forecast","trend"]],["system.filesystem.usage{mount=\"/var\"}",["forecast","trend"]]],["api.request.duration{module=\"db\",status=\"200\"}"],true,true]' ]
  severe=$(jq '[(.anomalies[][] , .recommendations[]) | select(.severity == "error" or .severity == "critical")] | length' "$BATS_TEST_TMPDIR/dash.json")
  status_=$(jq -r .health.overall_status "$BATS_TEST_TMPDIR/dash.json")
  if [ "$severe" -gt 0 ]; then [ "$status_" = degraded ]; else [ "$status_" = healthy ]; fi
  [ "$(jq .health.records "$BATS_TEST_TMPDIR/dash.json")" = 1440 ] # computed records are not counted as read
}

@test "headless Chromium: the computed forecast band and anomaly markers are on their charts" {
  # Shows: from samples alone, the /var chart has the band (twelve steps to the horizon) and
  # the db latency chart a red dot per anomaly.
  CHROMIUM=$(chromium_bin)
  [ -n "$CHROMIUM" ] || { echo "chromium is missing: scripts/install-deps installs it (.ci/packages)"; return 1; }
  run "$PM_BIN/pm-report" "$NOW" -f html -o "$BATS_TEST_TMPDIR/report.html" "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 0 ]
  run_chromium --dump-dom "file://$BATS_TEST_TMPDIR/report.html" > "$BATS_TEST_TMPDIR/dom.html"
  disk=$(chart_of 'system.filesystem.usage{mount="/var"}' < "$BATS_TEST_TMPDIR/dom.html")
  band=$(grep -o '<path class="forecast-band" d="[^"]*"' <<<"$disk")
  [ "$(grep -o ' L' <<<"$band" | wc -l)" -eq 24 ] # twelve upper and twelve lower corners
  db=$(chart_of 'api.request.duration{module="db",status="200"}' < "$BATS_TEST_TMPDIR/dom.html")
  anomalies=$(jq '.anomalies[] | length' <<<"$("$PM_BIN/pm-report" "$NOW" -f json "$BATS_TEST_TMPDIR/run.ndjson")")
  [ "$(grep -o '<circle class="anomaly"' <<<"$db" | wc -l)" -eq "$anomalies" ]
  [ "$anomalies" -gt 0 ]
  ! grep -q '<circle class="anomaly"' <<<"$disk"
}

@test "--no-predict leaves the slots empty and the charts without bands" {
  # Shows: with --no-predict nothing is computed: empty slots, no band, no marker, health from
  # the components alone; status 0.
  run "$PM_BIN/pm-report" "$NOW" --no-predict -f json "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 0 ]
  run jq -c '[.predictions, .anomalies, .recommendations, .health.reasons]' <<<"$output"
  [ "$output" = '[{},{},[],["db: p99 latency 1.191s > 1s"]]' ] # the incident's p99 still counts
  run "$PM_BIN/pm-report" "$NOW" --no-predict -f html "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" != *'forecast-band'* && "$output" != *'class="anomaly"'* ]]
  run "$PM_BIN/pm-report" "$NOW" --no-predict "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" != *Predictions* && "$output" != *Anomalies* && "$output" != *Recommendations* ]]
}

@test "pm-predict output in the input wins over the computed records of its kind and series" {
  # Shows: the input's trend for /var (with its --threshold 90) is the one kept, once; its
  # forecast path (10-minute steps) is the band, not the computed one (2m30s steps); the
  # anomalies, which the input lacks, are still computed.
  "$PM_BIN/pm-predict" "$NOW" --every 10m --horizon 1h --threshold 90 "$BATS_TEST_TMPDIR/run.ndjson" > "$BATS_TEST_TMPDIR/pred.ndjson"
  run "$PM_BIN/pm-report" "$NOW" -f json "$BATS_TEST_TMPDIR/run.ndjson" "$BATS_TEST_TMPDIR/pred.ndjson"
  [ "$status" -eq 0 ]
  run jq -c '[(.predictions["system.filesystem.usage{mount=\"/var\"}"] | map(select(.kind == "trend")) | map(.threshold)),
              (.anomalies | length > 0)]' <<<"$output"
  [ "$output" = '[[90],true]' ]
  "$PM_BIN/pm-report" "$NOW" -f html -o "$BATS_TEST_TMPDIR/both.html" "$BATS_TEST_TMPDIR/run.ndjson" "$BATS_TEST_TMPDIR/pred.ndjson"
  band=$(chart_of 'system.filesystem.usage{mount="/var"}' < "$BATS_TEST_TMPDIR/both.html" | grep -o '<path class="forecast-band" d="[^"]*"')
  [ "$(grep -o ' L' <<<"$band" | wc -l)" -eq 12 ] # six steps of 10 minutes, not twelve
}

@test "the cost is bounded: series beyond the first 50 are left out, and a note says so" {
  # Shows: 60 series of 20 points: 50 are predicted, the note on stderr names the 10 left out.
  python3 -c '
for s in range(60):
    for i in range(20):
        print("{\"ts\":%d,\"name\":\"m%02d\",\"value\":%d}" % (1795341600 + 60 * i, s, i))
' > "$BATS_TEST_TMPDIR/many.ndjson"
  run "$PM_BIN/pm-report" "$NOW" -f json -o "$BATS_TEST_TMPDIR/many.json" "$BATS_TEST_TMPDIR/many.ndjson"
  [ "$status" -eq 0 ]
  [[ "$output" == *'pm-report: predictions: 10 of 60 series left out: only the first 50 are analysed'* ]]
  [ "$(jq '.predictions | length' "$BATS_TEST_TMPDIR/many.json")" = 50 ]
  [ "$(jq -r '.predictions | keys | last' "$BATS_TEST_TMPDIR/many.json")" = m49 ]
}

@test "--horizon moves the forecasts; it is refused with --no-predict and for exports" {
  # Shows: --horizon 30m gives forecasts 30 minutes past the last sample; a usage error
  # (status 2) when nothing would use it.
  run "$PM_BIN/pm-report" "$NOW" --horizon 30m -f json "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 0 ]
  run jq -c '[.predictions[][] | select(.kind == "forecast") | .horizon] | unique' <<<"$output"
  [ "$output" = '["30m"]' ]
  run "$PM_BIN/pm-report" "$NOW" --horizon 30m --no-predict "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 2 ]
  [[ "$output" == *'--horizon'*'--no-predict'* ]]
  run "$PM_BIN/pm-report" "$NOW" --horizon 30m -f openmetrics "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 2 ]
  run "$PM_BIN/pm-report" "$NOW" --horizon soon "$BATS_TEST_TMPDIR/run.ndjson"
  [ "$status" -eq 2 ]
}

@test "a long recommendation is wrapped to the terminal's width, not cut" {
  # A real run printed a 149-column CPU recommendation into an 80-column report.
  msg='High CPU usage predicted - consider scaling resources: system.cpu.usage{cpu="1",host="vm"} stays above 80 % (forecast 93.2 % in 1 hour)'
  jq -cn --arg m "$msg" '{ts:"2026-11-22T11:59:00Z",kind:"recommendation",name:"system.cpu.usage",tags:{cpu:"1",host:"vm"},
    severity:"warning",message:$m,reason:"cpu_high_predicted",forecast:93.2,threshold:80}' > "$BATS_TEST_TMPDIR/rec.ndjson"
  echo '{"ts":"2026-11-22T11:59:00Z","name":"system.cpu.usage","value":93.2,"unit":"percent","tags":{"cpu":"1","host":"vm"}}' \
    >> "$BATS_TEST_TMPDIR/rec.ndjson"
  COLUMNS=80 run "$PM_BIN/pm-report" "$NOW" --no-predict "$BATS_TEST_TMPDIR/rec.ndjson"
  [ "$status" -eq 0 ]
  local LC_ALL=C.UTF-8
  while IFS= read -r line; do
    [ "${#line}" -le 80 ] || { echo "too wide (${#line}): $line"; return 1; }
  done <<<"$output"
  [ "$(grep -c 'consider scaling\|(forecast 93.2 %' <<<"$output")" -eq 2 ] # on two lines
  # Every word of the message is there, in order, on lines of the section.
  section=$(sed -n '/^Recommendations$/,/^$/p' <<<"$output")
  [[ "$section" == *'  - [warning] High CPU usage predicted - consider scaling'* ]]
  [[ "$(tr -s ' \n' '  ' <<<"$section")" == *"$(tr -s ' ' <<<"$msg")"* ]]
}

@test "the text report fits 40, 60 and 80 columns: tables drop columns, then expand; nothing is cut but a title" {
  # A real 40-column pane showed every section 45 to 92 columns wide; at 80 the health
  # reason of a filling disk was 92.
  local LC_ALL=C.UTF-8
  for width in 40 60 80; do
    COLUMNS=$width run --separate-stderr "$PM_BIN/pm-report" "$NOW" --fail-on 'p95(api.request.duration{module="db"}) over 2h > 0.05' \
      "$BATS_TEST_TMPDIR/run.ndjson"
    [ "$status" -eq 1 ] # the gate fails
    while IFS= read -r line; do
      [ "${#line}" -le "$width" ] || { echo "too wide at $width (${#line}): $line"; return 1; }
    done <<<"$output"
    [[ "$output" == *'Predictions'* && "$output" == *'Gates'* ]]
  done
  # At 80 and 60 the Predictions table keeps its shape; at 40 it cannot, and each forecast
  # becomes a block with every column, the series broken across lines but whole.
  COLUMNS=60 run "$PM_BIN/pm-report" "$NOW" "$BATS_TEST_TMPDIR/run.ndjson"
  grep -qE '^  series +horizon +value +interval$' <<<"$output"
  COLUMNS=40 run --separate-stderr "$PM_BIN/pm-report" "$NOW" --fail-on 'p95(api.request.duration{module="db"}) over 2h > 0.05' \
    "$BATS_TEST_TMPDIR/run.ndjson"
  predictions=$(sed -n '/^Predictions$/,/^$/p' <<<"$output")
  [[ "$predictions" == *$'\n    model     holt\n    horizon   30m\n'* ]]
  [[ "$(tr -d ' \n' <<<"$predictions")" == *'system.filesystem.usage{mount="/var"}modelholthorizon30mvalue90.0%interval95%'* ]]
  [[ "$(tr -d ' \n' <<<"$predictions")" == *'api.request.duration{module="db",status="200"}model'* ]]
  # The headline and the gate's message are wrapped at spaces, every word kept.
  [[ "$(head -2 <<<"$output" | tr -s ' \n' '  ')" == 'pm-report 2026-11-22T12:00:00.000Z: 1440 records, 2 series, health '* ]]
  gates=$(sed -n '/^Gates$/,$p' <<<"$output")
  [[ "$gates" == *'  FAIL  fail-on:'$'\n''    p95(api.request.duration{module="db"'* ]]
  message=${stderr#*gate failed: fail-on: p95(api.request.duration\{module=\"db\"\}) over 2h > 0.05: }
  [[ "$message" == 'p95 of api.request.duration{module="db",status="200"} over the whole run '* ]]
  [[ "$(tr -d ' \n' <<<"$gates")" == *"$(tr -d ' ' <<<"$message")" ]]
}
