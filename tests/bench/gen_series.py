#!/usr/bin/env python3
"""Generates a series explosion: one container-memory sample per container id (deterministic).

gen_series.py [--series N] [--records-per-series R] [--start EPOCH] [--step-ms MS]

Writes N * R records of container.memory.usage (bytes) tagged host and container=c<id>,
as a per-container exporter whose ids churn would: R rounds, each visiting every container
once, the rounds --step-ms apart. The shape of issue 13's "1M distinct series" case.
"""
import argparse
import datetime
import sys

p = argparse.ArgumentParser()
p.add_argument("--series", type=int, default=1000000)
p.add_argument("--records-per-series", type=int, default=1)
p.add_argument("--start", type=float, default=1795341600.0)  # 2026-11-22T10:00:00Z
p.add_argument("--step-ms", type=int, default=10000)
a = p.parse_args()

out = sys.stdout
for r in range(a.records_per_series):
    t = datetime.datetime.fromtimestamp(a.start + r * a.step_ms / 1000.0, datetime.timezone.utc)
    ts = t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
    lines = []
    for i in range(a.series):
        lines.append('{"ts":"%s","name":"container.memory.usage","value":%d,"unit":"bytes",'
                     '"tags":{"container":"c%07d","host":"h%d"}}\n' % (ts, 50000000 + (i * 7919 + r * 104729) % 100000000, i, i % 16))
        if len(lines) == 10000:
            out.write("".join(lines))
            lines = []
    out.write("".join(lines))
