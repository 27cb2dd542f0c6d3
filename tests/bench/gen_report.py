#!/usr/bin/env python3
"""Generates NDJSON records for pm-report tests and benchmarks (deterministic for a seed).

gen_report.py [--records N] [--seed S] [--start EPOCH] [--step-ms MS] [--modules M]
              [--series-per-metric K] [--derived]

Writes N records: api.request.duration samples (tags module, endpoint, method, status;
about 3% errors, latency log-normal per module) interleaved with system gauges
(system.cpu.usage, system.memory.usage per host), one every --step-ms milliseconds.
With --derived it adds a few alert, anomaly, forecast and recommendation records.
"""
import argparse
import datetime
import math
import random
import sys

p = argparse.ArgumentParser()
p.add_argument("--records", type=int, default=1000)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--start", type=float, default=1795341600.0)  # 2026-11-22T10:00:00Z
p.add_argument("--step-ms", type=int, default=10)
p.add_argument("--modules", type=int, default=4)
p.add_argument("--hosts", type=int, default=3)
p.add_argument("--derived", action="store_true")
a = p.parse_args()

rng = random.Random(a.seed)
names = ["database", "auth", "api", "cache", "search", "billing", "queue", "storage"]
modules = [names[i] if i < len(names) else "module%d" % i for i in range(a.modules)]
median = {m: 0.02 * (i + 1) ** 1.5 for i, m in enumerate(modules)}
error_share = {m: 0.01 + 0.03 * i for i, m in enumerate(modules)}
endpoints = ["/api/users", "/api/orders", "/api/items"]
out = sys.stdout
buf = []


def ts_text(ms):
    t = datetime.datetime.fromtimestamp(ms / 1000.0, tz=datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


start_ms = int(round(a.start * 1000))
for i in range(a.records):
    ms = start_ms + i * a.step_ms
    ts = ts_text(ms)
    r = rng.random()
    if r < 0.8:
        m = modules[rng.randrange(len(modules))]
        v = round(rng.lognormvariate(math.log(median[m]), 0.5), 6)
        status = "500" if rng.random() < error_share[m] else "200"
        ep = endpoints[rng.randrange(len(endpoints))]
        buf.append('{"ts":"%s","name":"api.request.duration","value":%s,"unit":"seconds",'
                   '"tags":{"endpoint":"%s","method":"GET","module":"%s","status":"%s"}}' % (ts, repr(v), ep, m, status))
    else:
        host = "host%d" % rng.randrange(a.hosts)
        if r < 0.9:
            v = round(min(100.0, max(0.0, rng.gauss(45, 15))), 2)
            buf.append('{"ts":"%s","name":"system.cpu.usage","value":%s,"unit":"percent","tags":{"host":"%s"}}' % (ts, repr(v), host))
        else:
            v = round(min(100.0, max(0.0, rng.gauss(60, 5))), 2)
            buf.append('{"ts":"%s","name":"system.memory.usage","value":%s,"unit":"percent","tags":{"host":"%s"}}' % (ts, repr(v), host))
    if len(buf) >= 10000:
        out.write("\n".join(buf) + "\n")
        buf = []
if a.derived:
    end = ts_text(start_ms + a.records * a.step_ms)
    mid = ts_text(start_ms + (a.records // 2) * a.step_ms)
    buf.append('{"ts":"%s","kind":"alert","name":"system.cpu.usage","value":91.5,"tags":{"host":"host0"},'
               '"rule":"high_cpu","state":"firing","severity":"warning","threshold":80,"condition":"> 80",'
               '"message":"host0: system.cpu.usage = 91.500 (threshold: 80.000)","since":"%s"}' % (mid, mid))
    buf.append('{"ts":"%s","kind":"anomaly","name":"system.cpu.usage","value":99.0,"tags":{"host":"host1"},'
               '"expected":[15,75],"z":4.2,"score":0.97,"severity":"critical","method":"zscore"}' % mid)
    buf.append('{"ts":"%s","kind":"forecast","name":"system.memory.usage","value":71.2,"tags":{"host":"host0"},'
               '"lower":65.0,"upper":77.4,"confidence":0.95,"trend":"increasing","model":"linear"}' % end)
    buf.append('{"ts":"%s","kind":"recommendation","name":"system.memory.usage","tags":{"host":"host0"},'
               '"severity":"warning","message":"memory grows 40 MB/h: possible leak"}' % end)
if buf:
    out.write("\n".join(buf) + "\n")
