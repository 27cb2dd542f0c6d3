#!/usr/bin/env python3
"""Benchmark data for pm-alert: N records in time order over 50 metrics x 20 hosts, and the
100 rules they run through (--rules-out FILE). Usage: gen_alert.py N [--rules-out FILE] > data.ndjson"""
import json
import random
import sys


def rules():
    out = []
    for m in range(50):
        out.append("value_%d: bench.metric%d > 90 for 1m severity=warning" % (m, m))
    for m in range(0, 40, 2):
        out.append("avg_%d: avg(bench.metric%d) over 5m > 70 severity=warning critical=85" % (m, m))
    for m in range(1, 50, 5):
        out.append("p95_%d: p95(bench.metric%d) by (host) over 5m > 95 severity=error" % (m, m))
    for m in range(3, 50, 5):
        out.append("max_%d: max(bench.metric%d{host!=\"h0\"}) over 1m > 99 repeat=10m" % (m, m))
    for m in range(4, 50, 10):
        out.append("absent_%d: absent(bench.metric%d) for 10m" % (m, m))
    out.append("requests_err: error_rate(api.request.duration) over 5m > 0.05 severity=critical")
    out.append("requests_slow: p99(api.request.duration) over 5m > 1 severity=warning")
    out.append("requests_rate: rate(api.request.duration) over 1m < 1 severity=warning")
    out.append("glob_any: bench.metric4* > 99.9 severity=info")
    out.append("glob_host: max(bench.metric1*{host=\"h1\"}) over 1m > 99.5")
    assert len(out) == 100, len(out)
    return out


def main():
    n = int(sys.argv[1])
    if "--rules-out" in sys.argv:
        with open(sys.argv[sys.argv.index("--rules-out") + 1], "w") as f:
            json.dump(rules(), f, indent=1)
    rnd = random.Random(42)
    write = sys.stdout.write
    base = 1795334400  # 2026-11-22T00:00:00Z
    # 1000 series sampled round-robin, 100 records per second of record time.
    for i in range(n):
        ms = base * 1000 + i * 10
        s, frac = divmod(ms, 1000)
        h, rem = divmod(s % 86400, 3600)
        ts = "2026-11-%02dT%02d:%02d:%02d.%03dZ" % (22 + s // 86400 - base // 86400, h, rem // 60, rem % 60, frac)
        k = i % 1000
        if k < 50:
            status = "500" if rnd.random() < 0.02 else "200"
            write('{"ts":"%s","name":"api.request.duration","value":%.4f,"unit":"seconds","tags":{"endpoint":"/e%d","status":"%s"}}\n'
                  % (ts, rnd.expovariate(8), k % 5, status))
        else:
            write('{"ts":"%s","name":"bench.metric%d","value":%.2f,"unit":"percent","tags":{"host":"h%d"}}\n'
                  % (ts, k % 50, rnd.uniform(0, 100), k // 50))


if __name__ == "__main__":
    main()
