#!/usr/bin/env bats
# HTML charts a person can trust, checked in the DOM headless Chromium builds: the thresholds
# of the rules that judged a series drawn at their height, a percentage's axis from zero
# (a cut axis marked), round UTC time ticks with a caption, related series in one chart.

setup() {
  NOW=--now=2026-11-22T12:00Z
  # An hour every 30 s: CPU use 40..46 %, user and system, load 1/5/15 min, network in/out,
  # and a latency of 0.2..0.3 s (not a share: its axis does not start at zero).
  python3 -c '
import datetime
t0 = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.timezone.utc)
def rec(ts, name, value, unit=None, **tags):
    u = ",\"unit\":\"%s\"" % unit if unit else ""
    t = ",\"tags\":{%s}" % ",".join("\"%s\":\"%s\"" % kv for kv in sorted(tags.items())) if tags else ""
    print("{\"ts\":\"%s\",\"name\":\"%s\",\"value\":%g%s%s}" % (ts, name, value, u, t))
for i in range(120):
    ts = (t0 + datetime.timedelta(seconds=30 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    rec(ts, "system.cpu.usage", 40 + (i % 7), "percent", cpu="total")
    rec(ts, "system.cpu.user", 30 + (i % 5), "percent", cpu="total")
    rec(ts, "system.cpu.system", 8 + (i % 3), "percent", cpu="total")
    rec(ts, "system.load.1m", 1.0 + (i % 4) / 10)
    rec(ts, "system.load.5m", 0.9 + (i % 3) / 20)
    rec(ts, "system.load.15m", 0.8)
    rec(ts, "system.network.rx_bytes", 150000 + 1000 * (i % 9), "bytes/s", interface="eth0")
    rec(ts, "system.network.tx_bytes", 50000 + 1000 * (i % 4), "bytes/s", interface="eth0")
    rec(ts, "app.latency", 0.2 + (i % 10) / 100, "seconds")
' > "$BATS_TEST_TMPDIR/in.ndjson"
  printf '%s\n' '# judged on the chart' 'cpu_hot: system.cpu.usage > 50 severity=warning critical=70' > "$BATS_TEST_TMPDIR/rules.txt"
  "$PM_BIN/pm-report" "$NOW" --no-predict --rules "$BATS_TEST_TMPDIR/rules.txt" -f html -o "$BATS_TEST_TMPDIR/report.html" \
    "$BATS_TEST_TMPDIR/in.ndjson"
  CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
  [ -n "$CHROMIUM" ] || { echo "chromium is missing: scripts/install-deps installs it (.ci/packages)"; return 1; }
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d)" \
    --dump-dom "file://$BATS_TEST_TMPDIR/report.html" > "$BATS_TEST_TMPDIR/dom.html" 2> /dev/null
  [ -s "$BATS_TEST_TMPDIR/dom.html" ]
}

# check PYTHON: runs the assertions in PYTHON with `charts` (title -> parsed svg: a list of
# (tag, attributes, text)) from the DOM Chromium dumped.
check() {
  python3 - "$BATS_TEST_TMPDIR/dom.html" "$1" <<'PY'
import html.parser, sys
class Charts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts, self.title, self.current, self.in_h3, self.stack = {}, None, None, False, []
    def handle_starttag(self, tag, attrs):
        if tag == "h3":
            self.in_h3, self.title = True, ""
        elif tag == "svg":
            self.current = self.charts.setdefault(self.title, [])
        elif self.current is not None:
            self.current.append([tag, dict(attrs), ""])
    def handle_endtag(self, tag):
        if tag == "h3":
            self.in_h3 = False
        elif tag == "svg":
            self.current = None
    def handle_data(self, data):
        if self.in_h3:
            self.title += data
        elif self.current:
            self.current[-1][2] += data
parser = Charts()
parser.feed(open(sys.argv[1], encoding="utf-8").read())
charts = parser.charts
def of(title, cls, tag=None):
    return [[e[0], e[1], e[2].strip()] for e in charts[title] if e[1].get("class") == cls and (tag is None or e[0] == tag)]
exec(sys.argv[2])
PY
}

@test "the thresholds of the rule that judged a series are drawn at their height" {
  # Shows: cpu_hot's warning (50) and critical (70) levels as dashed lines, each at the y its
  # value has on the axis (0 at the foot, 70 % at the top), with the rule named.
  check '
svg = "system.cpu.usage{cpu=\"total\"}"
axis = of(svg, "y-axis")[0][1]
top, foot = float(axis["y1"]), float(axis["y2"])
assert of(svg, "y-max")[0][2] == "70.0%", of(svg, "y-max")
assert of(svg, "y-min")[0][2] == "0.0%", of(svg, "y-min")
lines = {e[1]["data-severity"]: e for e in of(svg, "threshold", "line")}
assert set(lines) == {"warning", "critical"}, lines
for severity, value in (("warning", 50), ("critical", 70)):
    y = float(lines[severity][1]["y1"])
    want = top + (foot - top) * (1 - value / 70)
    assert abs(y - want) < 0.1, (severity, y, want)
    assert float(lines[severity][1]["data-value"]) == value
labels = [e[2] for e in of(svg, "threshold-label")]
assert "cpu_hot warning 50.0%" in labels and "cpu_hot critical 70.0%" in labels, labels
# Series no rule judged have none.
assert not of("app.latency", "threshold", "line")
'
}

@test "a percentage's axis starts at zero; an axis that does not is marked as cut" {
  # Shows: CPU user and system (30..40 %) from 0.0 %, no break mark; the latency (0.2..0.29 s)
  # keeps its own range and carries the break mark saying where the axis starts.
  check '
cpu = "system.cpu.user{cpu=\"total\"}, system.cpu.system{cpu=\"total\"}"
assert of(cpu, "y-min")[0][2] == "0.0%", of(cpu, "y-min")
assert not of(cpu, "axis-break")
lat = "app.latency"
assert of(lat, "y-min")[0][2] == "200ms", of(lat, "y-min")
assert of(lat, "y-max")[0][2] == "290ms", of(lat, "y-max")
brk = of(lat, "axis-break")
assert brk, charts[lat]
assert any(e[0] == "title" and e[2].strip() == "the axis starts at 200ms, not at zero" for e in charts[lat])
'
}

@test "time ticks at round UTC times with a caption" {
  # Shows: the hour 10:00..10:59:30 gets ticks every 10 minutes, labelled HH:MM, placed
  # left to right, and a caption naming UTC and the span.
  check '
ticks = [e for e in of("app.latency", "tick", "text")]
labels = [e[2] for e in ticks]
assert labels == ["10:00", "10:10", "10:20", "10:30", "10:40", "10:50"], labels
xs = [float(e[1]["x"]) for e in ticks]
assert xs == sorted(xs) and xs[0] == 70.0, xs
caption = of("app.latency", "caption")[0][2]
assert caption == "time (UTC) 2026-11-22T10:00:00Z to 2026-11-22T10:59:30Z", caption
'
}

@test "related series share one chart: load 1m/5m/15m, CPU user/system, network in/out" {
  # Shows: one chart holds the three load lines (in that order, a legend each), another CPU
  # user and system, another rx and tx of eth0; none of them is charted a second time.
  check '
load = "system.load.1m, system.load.5m, system.load.15m"
series = [e[1]["data-series"] for e in of(load, "series", "path")]
assert series == ["system.load.1m", "system.load.5m", "system.load.15m"], series
assert [e[2] for e in of(load, "legend")] == ["system.load.1m", "system.load.5m", "system.load.15m"]
assert len({e[1]["stroke"] for e in of(load, "series", "path")}) == 3
net = "system.network.rx_bytes{interface=\"eth0\"}, system.network.tx_bytes{interface=\"eth0\"}"
assert len(of(net, "series", "path")) == 2, charts.keys()
assert len(of("system.cpu.user{cpu=\"total\"}, system.cpu.system{cpu=\"total\"}", "series", "path")) == 2
assert "system.load.5m" not in charts and "system.cpu.system{cpu=\"total\"}" not in charts, list(charts)
assert len(charts) == 5, list(charts)
'
}

@test "in a screenshot the threshold lines sit where their values are on a zero-based axis" {
  # Shows: the pixels Chromium paints: the warning line (50 %) 50/70 of the plot's height
  # above the time axis, the critical line (70 %) at the top of the plot, 136 px above it.
  cd "$BATS_TEST_TMPDIR"
  "$PM_BIN/pm-report" "$NOW" --no-predict --rules rules.txt --metric system.cpu.usage -f html -o cpu.html in.ndjson
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d)" \
    --screenshot="$BATS_TEST_TMPDIR/cpu.png" --window-size=1200,900 "file://$BATS_TEST_TMPDIR/cpu.html" 2> /dev/null
  [ -s cpu.png ]
  # The row of each colour with the most pixels: a horizontal line of it.
  row_of() { python3 "$PM_SOURCE/tests/fixtures/report/png_rows.py" cpu.png "$1" 200 | sort -k2 -n | tail -n 1 | cut -d' ' -f1; }
  axis=$(row_of 999999)
  warning=$(row_of bf8700)
  critical=$(row_of cf222e)
  echo "x axis row $axis, warning $warning, critical $critical"
  [ -n "$axis" ]
  [ -n "$warning" ]
  [ -n "$critical" ]
  # 136 px of plot for 0..70 %: 50 % is 97.1 px up, 70 % 136 px (a pixel either way).
  [ "$((axis - warning))" -ge 96 ]
  [ "$((axis - warning))" -le 98 ]
  [ "$((axis - critical))" -ge 135 ]
  [ "$((axis - critical))" -le 137 ]
}
