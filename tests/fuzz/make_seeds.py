#!/usr/bin/python3
"""Writes the seed corpora of tests/fuzz/corpus/TARGET/ from the fixtures and from small
runs of the built tools (their --state files and baselines): run it as
tests/fuzz/make_seeds.py BUILD_BIN_DIR after changing a format. Seeds are inputs the
targets read, so a target's option byte (see each target's first comment) leads them."""
import hashlib
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"


def seed(target, data):
    if isinstance(data, str):
        data = data.encode()
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)


def head(path, limit=4096):
    """The first lines of a fixture, at most `limit` bytes (large seeds slow the fuzzer)."""
    out = b""
    for line in path.read_bytes().splitlines(keepends=True):
        if len(out) + len(line) > limit:
            break
        out += line
    return out


def fixtures():
    for path in [FIX / "alert" / "cpu_spike.ndjson", FIX / "report" / "baseline_records.ndjson"]:
        for line in path.read_bytes().splitlines()[:6]:
            seed("record", line)
    for line in [
        '{"ts":"2026-11-22T10:15:00.123Z","name":"api.request.duration","value":0.234,"unit":"seconds",'
        '"tags":{"endpoint":"/api/users","method":"GET","status":"200"}}',
        '{"name":"x","value":1}',
        '{"ts":1234567890.123,"name":"a.b","value":-0.0,"tags":{"status":200,"ok":true}}',
        '{"ts":"2026-11-22T12:15:00+02:00","kind":"alert","name":"high_cpu","rule":"high_cpu","state":"firing",'
        '"value":91,"threshold":80,"expected":[1,2.5],"nested":{"a":[null,{"b":"\\u00e9\\n"}]}}',
        '{"kind":"trend","name":"disk.used","slope":1e-3,"r2":0.9,"trend":"increasing"}',
        '{"ts":"2026-11-22T10:15:00Z","name":"x","value":1E3,"unit":"bytes","tags":{"k\\"ey":"v\\u0000"}}',
    ]:
        seed("record", line)

    for text in ["2026-11-22T10:15:00.123Z", "2026-11-22t10:15:00+02:00", "2026-11-22 10:15:00.123456789-08:30",
                 "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "1234567890.123", "2026-11-20",
                 "2026-11-20T10:00Z", "90s", "1h30m", "1.5h", "500ms", "2w", "36500d", "7d"]:
        seed("time", text)

    for line in (FIX / "alert" / "malformed_rules.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            seed("rule", line.split("\t")[0])
    rules = [
        "high_cpu: system.cpu.usage > 80 for 5m severity=warning",
        'db_slow:  p95(api.request.duration{module="database"}) over 5m > 0.5 severity=warning',
        "errors:   error_rate(api.request.duration) over 5m > 0.05 severity=critical",
        "stale:    absent(system.cpu.usage) for 10m severity=critical",
        'anom: anomaly(api.request.duration{module="db",host!="b"}, method=robust) > 0.99 for 20s',
        "disk: avg(system.filesystem.usage) by (mount) over 1h >= 90 clear=85 critical=95 escalate=1h repeat=30m",
        'mem: system.memory.usage > 85 keep_firing_for=5m on_missing=alert stale_after=2m flapping=off '
        'message="{rule} at {value} on {tags.host}"',
        "sys*.cpu.*: rate(system.cpu.*{cpu=~\"cpu[0-9]+\"}) over 30s != 0",
    ]
    for rule in rules:
        seed("rule", rule)
    seed("rules_file", "\n".join(rules) + "\n# a comment\n\n")
    seed("rules_file", '[{"name":"high_cpu","metric":"system.cpu.usage","threshold":80,"severity":"warning"},'
                       '"errors: error_rate(api.request.duration) over 5m > 0.05",'
                       '{"name":"p","aggregate":"p95","metric":"api.request.duration","window":"5m","threshold":0.5,'
                       '"condition":"above","tags":{"module":"db"},"by":["module"],"for":"1m"},'
                       '{"name":"a","aggregate":"anomaly","method":"zscore","metric":"x","threshold":0.9},'
                       '{"name":"e","expr":"absent(x) for 10m"}]')
    seed("rules_file", '{"high_cpu": {"metric": "system.cpu.usage", "threshold": 80, "severity": "warning"},'
                       ' "low": {"metric": "requests", "threshold": 10, "condition": "below", "repeat": "1h"}}')

    prom = [head(FIX / "format" / "node_exporter.prom"), (FIX / "probes" / "metrics.prom").read_bytes(),
            b'# TYPE h histogram\nh_bucket{le="0.1"} 1 1700000000000\nh_bucket{le="+Inf"} 2\n'
            b'h_sum 0.3\nh_count 2\nx{a="b\\"c\\\\d\\ne",b=""} NaN\ny -Inf 1700000000.5\n']
    for body in prom:
        seed("prometheus", b"\x00" + body)
        seed("prometheus", b"\x02" + body)
    om = [(FIX / "probes" / "metrics.om").read_bytes(),
          b'# TYPE c counter\n# UNIT c_bytes bytes\nc_total 1 1700000000.123 # {trace="a"} 0.5\n# EOF\n']
    for body in om:
        seed("prometheus", b"\x01" + body)

    lp = (FIX / "format" / "telegraf.lp").read_bytes()
    for precision in range(4):
        seed("influx", bytes([precision]) + lp)
    seed("influx", b"\x00m,unit=bytes value=1,b=t,c=\"s\\\"x\",d=-3i,e=4u\nm\\ x,t\\=k=v\\,w f=1e3 -1\n")

    nagios = sorted((FIX / "format" / "nagios").iterdir()) + [FIX / "probes" / "check_load.out"]
    for i, path in enumerate(nagios):
        seed("nagios", bytes([i % 2]) + path.read_bytes())

    for path in sorted((FIX / "format" / "sadf").iterdir()):
        seed("sadf", path.read_bytes())
    seed("sadf", '{"sysstat": {"hosts": [{"nodename": "a\\u00e9", "statistics": [\n'
                 '{"timestamp": {"date": "2026-01-02", "time": "03:04:05", "utc": 0}, "queue": {"ldavg-1": 1e-3}},\n'
                 '{"timestamp": {"date": "2026-02-30", "time": "25:00:00", "utc": 1}, "memory": {"memused": 0}}\n'
                 ']}]}}\n{"sysstat": {"hosts": []}}\n')

    seed("csv", "ts,name,value,unit,host\n2026-11-22T10:00:00Z,system.cpu.usage,50,percent,web1\n"
                "1234567890.5,x,1e3,,\n")
    seed("csv", '\ufeffname,value,"tag ""q""",time\n"a.b","2","x,\ny",\n\n"c",-0,"",2026-11-22\n')

    for answer in [
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nTrailer: t\r\n\r\n",
        b"HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\nno such page",
        b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort",
        b"HTTP/1.1 503\r\n\r\n",
    ]:
        for flags in (0x00, 0x05, 0x40, 0x80):
            seed("http", bytes([flags]) + answer)

    forecasts()


def forecasts():
    """Series for the forecast target: four option bytes (model, flags, more, step), then
    three bytes a point: spacing in bits 3-5 (4: one step), the value's kind in bits 0-2
    (5: the next two bytes as a signed number), then the value."""
    import math
    shapes = {
        "season": lambda i: 1000 * math.sin(2 * math.pi * i / 60) + 50 * (i % 7),
        "fill": lambda i: 40 * i + 300 * (i % 5),
        "walk": lambda i: ((i * 7919) % 2001) - 1000,
    }
    for name, shape in shapes.items():
        points = b"".join(bytes([0x25]) + int(shape(i)).to_bytes(2, "big", signed=True) for i in range(300))
        for model in range(9):
            seed("forecast", bytes([model, 0x00, 0x00, 59]) + points)
        seed("forecast", bytes([0, 0x33, 0x00, 59]) + points)  # --threshold 90, --every 10 steps, 2000 steps ahead
        seed("forecast", bytes([0, 0x0D, 0x00, 59]) + points)  # --threshold -5 --below --robust
        seed("forecast", bytes([0, 0x00, 0x07, 59]) + points)  # --step 1m --season 1h
        seed("forecast", bytes([0, 0x00, 0x18, 59]) + points)  # --anomalies --scores
        seed("forecast", bytes([0, 0x00, 0x60, 59]) + points)  # --follow --confidence 0.8


def from_tools(bin_dir):
    """State files and baselines as the tools write them."""
    bin_dir = pathlib.Path(bin_dir)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        env = dict(os.environ, TZ="UTC", LC_ALL="C")
        # pm-sample: a t0 reading 2 s before the one the target takes from t1 (see sample_state.cpp).
        state = tmp / "sample.state"
        subprocess.run([bin_dir / "pm-sample", "--state", state, "--proc-root", FIX / "proc" / "t0" / "proc",
                        "--sys-root", FIX / "proc" / "t0" / "sys", "--no-collect", "filesystem"],
                       env=env, check=True, capture_output=True)
        lines = state.read_text().splitlines()[:-1]  # the end line is added by the target
        lines = [("wall_ms 1764000000000" if l.startswith("wall_ms ") else
                  "monotonic_ns 1000000000000" if l.startswith("monotonic_ns ") else l) for l in lines]
        seed("sample_state", b"\x00" + ("\n".join(lines) + "\n").encode())
        seed("sample_state", b"\x01" + state.read_bytes())

        # pm-alert: states of the target's rules after a few records.
        rules = tmp / "rules"
        source = (ROOT / "tests" / "fuzz" / "alert_state.cpp").read_text()
        rules.write_text(source.split('R"(')[1].split(')"')[0])
        records = tmp / "records"
        out = []
        for i in range(12):
            ts = f"2025-11-24T16:{i:02d}:00.000Z"
            out.append(f'{{"ts":"{ts}","name":"system.cpu.usage","value":{60 + 4 * i},"unit":"percent"}}')
            out.append(f'{{"ts":"{ts}","name":"system.memory.usage","value":{50 + (30 if i == 9 else i % 3)}}}')
            status = 500 if i % 4 == 0 else 200
            out.append(f'{{"ts":"{ts}","name":"api.request.duration","value":0.{i + 1},"unit":"seconds",'
                       f'"tags":{{"module":"database","status":"{status}"}}}}')
        records.write_text("\n".join(out) + "\n")
        for n, now in ((12, "2025-11-24T16:12:00Z"), (30, "2025-11-24T16:40:00Z")):
            alert_state = tmp / f"alert{n}.state"
            part = tmp / f"part{n}"
            part.write_text("\n".join(out[:n]) + "\n")
            subprocess.run([bin_dir / "pm-alert", "--rules", rules, "--state", alert_state, "--now", now,
                            "--silence", 'high_cpu{host="a"}', "--until", "2030-01-01T00:00:00Z"],
                           env=env, check=True, capture_output=True)
            subprocess.run([bin_dir / "pm-alert", "--rules", rules, "--state", alert_state, "--now", now,
                            "--no-alert-history", part], env=env, capture_output=True)
            seed("alert_state", alert_state.read_bytes())

        baseline = tmp / "baseline.json"
        subprocess.run([bin_dir / "pm-predict", "--learn-baseline", baseline, records], env=env, check=True,
                       capture_output=True)
        seed("baseline", baseline.read_bytes())


if __name__ == "__main__":
    fixtures()
    if len(sys.argv) > 1:
        from_tools(sys.argv[1])
