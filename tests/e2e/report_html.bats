#!/usr/bin/env bats
# The HTML report: one self-contained page whose SVG charts a real browser renders.

setup() {
  NOW=--now=2026-11-22T12:00Z
  python3 "$PM_SOURCE/tests/bench/gen_report.py" --records 3000 --derived > "$BATS_TEST_TMPDIR/in.ndjson"
  "$PM_BIN/pm-report" "$NOW" -f html -o "$BATS_TEST_TMPDIR/report.html" "$BATS_TEST_TMPDIR/in.ndjson"
}

chromium_bin() {
  command -v chromium || command -v chromium-browser || command -v google-chrome || true
}

run_chromium() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d)" "$@"
}

@test "the page is self-contained: no external resources, one chart per series" {
  # Shows: nothing to fetch (no src/href/url()), an SVG with a line path for every series.
  run grep -cE ' (src|href)=|url\(|@import' "$BATS_TEST_TMPDIR/report.html"
  [ "$output" = 0 ]
  run xmllint --html --noout "$BATS_TEST_TMPDIR/report.html"
  [ "$status" -eq 0 ]
  series=$("$PM_BIN/pm-report" "$NOW" -f json "$BATS_TEST_TMPDIR/in.ndjson" | jq '.metrics | length')
  [ "$(grep -c '<path class="series"' "$BATS_TEST_TMPDIR/report.html")" -eq "$series" ]
  grep -q 'class="anomaly"' "$BATS_TEST_TMPDIR/report.html"
  grep -q 'class="alert"' "$BATS_TEST_TMPDIR/report.html"
  grep -q '@media print' "$BATS_TEST_TMPDIR/report.html"
}

@test "a chart's axis spans the series' extremes and a band keeps peaks the means would hide" {
  # Shows: 2000 values, one spike of 50; the chart averages slots but the spike stays visible.
  python3 -c '
import datetime
t0 = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.timezone.utc)
for i in range(2000):
    v = 50 if i == 1000 else (1 if i % 2 else 3)
    print("{\"ts\":\"%s\",\"name\":\"q\",\"value\":%d}" % ((t0 + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ"), v))
' > "$BATS_TEST_TMPDIR/spike.ndjson"
  # --no-predict: the axis of the data alone (a forecast band may widen it, see report_predict.bats).
  "$PM_BIN/pm-report" "$NOW" --no-predict -f html -o "$BATS_TEST_TMPDIR/spike.html" "$BATS_TEST_TMPDIR/spike.ndjson"
  grep -q '<path class="range"' "$BATS_TEST_TMPDIR/spike.html"
  [ "$(grep -o '<text[^>]*text-anchor="end">[^<]*</text>' "$BATS_TEST_TMPDIR/spike.html" | sed 's/<[^>]*>//g' | head -2 | tr '\n' ' ')" = "50 1 " ]
}

@test "headless Chromium renders the charts: the DOM has the SVG paths and markers" {
  # Shows: a real browser parses the page into SVG elements with drawn paths.
  CHROMIUM=$(chromium_bin)
  [ -n "$CHROMIUM" ] || { echo "chromium is missing: scripts/install-deps installs it (.ci/packages)"; return 1; }
  run run_chromium --dump-dom "file://$BATS_TEST_TMPDIR/report.html"
  [ "$status" -eq 0 ]
  [[ "$output" == *'<svg xmlns="http://www.w3.org/2000/svg"'* ]]
  [[ "$output" == *'<path class="series" d="M70.0,'* ]]
  [[ "$output" == *'<circle class="anomaly"'* ]]
}

@test "headless Chromium screenshot of the page is non-trivial and shows the chart lines" {
  # Shows: the rendered pixels have many colours, are not blank, and include the line colour.
  CHROMIUM=$(chromium_bin)
  [ -n "$CHROMIUM" ] || { echo "chromium is missing: scripts/install-deps installs it (.ci/packages)"; return 1; }
  cd "$BATS_TEST_TMPDIR"
  # Charts first: a page of only the system series, so the charts are on screen.
  "$PM_BIN/pm-report" "$NOW" -f html --metric 'system.*' -o charts.html in.ndjson
  run run_chromium --screenshot="$BATS_TEST_TMPDIR/out.png" --window-size=1200,900 "file://$BATS_TEST_TMPDIR/charts.html"
  [ -s out.png ]
  run python3 "$PM_SOURCE/tests/fixtures/report/png_colours.py" out.png
  echo "$output"
  [ "$status" -eq 0 ]
  read -r width height colours nonwhite blue <<< "$output"
  [ "$width" -eq 1200 ]
  [ "$colours" -gt 50 ]
  [ "${nonwhite%.*}" -ge 3 ]
  [ "$blue" -gt 500 ]
}
