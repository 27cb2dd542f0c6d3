#!/usr/bin/env python3
"""Generates series of many shapes for pm-predict's benchmarks, as pm's NDJSON records.

  gen_predict.py --series 200 --points 5000 [--step 300] [--seed 1] [--start EPOCH]

Records are in pm's canonical form (`--epoch`: ts as epoch seconds). Each series is
`bench.value` tagged shape=SHAPE,id=N; the shapes cycle through noise,
trend, damped trend, daily season, weekly season, multiplicative season, level shift and
random walk, with levels and noise drawn per series. `--split H` writes the last H points of
every series to FILE.holdout (same format) and the rest to stdout: the forecast benchmark
fits on the first part and scores on the held-out one.
"""
import argparse
import datetime
import json
import math
import random
import sys

SHAPES = ["noise", "trend", "damped", "daily", "weekly", "multiplicative", "shift", "walk"]


def series(shape, n, step, rng):
    level = rng.uniform(20, 200)
    sd = level * rng.uniform(0.01, 0.05)
    day = 86400 / step
    week = 7 * day
    slope = level * rng.uniform(0.5, 2) / n * rng.choice([-1, 1])
    walk = level
    out = []
    for i in range(n):
        e = rng.gauss(0, sd)
        if shape == "noise":
            v = level + e
        elif shape == "trend":
            v = level + slope * i + e
        elif shape == "damped":
            v = level + slope * n / 4 * (1 - math.exp(-i / (n / 4))) + e
        elif shape == "daily":
            v = level + 0.3 * level * math.sin(2 * math.pi * i / day) + e
        elif shape == "weekly":
            v = level + 0.2 * level * math.sin(2 * math.pi * i / week) + 0.1 * level * math.sin(2 * math.pi * i / day) + e
        elif shape == "multiplicative":
            v = (level + slope * i / 2) * (1 + 0.3 * math.sin(2 * math.pi * i / day)) + e
        elif shape == "shift":
            v = level + (0.5 * level if i > n * 0.6 else 0) + e
        else:
            walk += rng.gauss(0, sd)
            v = walk
        out.append(v)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--series", type=int, default=200)
    ap.add_argument("--points", type=int, default=5000)
    ap.add_argument("--step", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=1795000000)
    ap.add_argument("--split", type=int, default=0)
    ap.add_argument("--holdout-file", default="")
    ap.add_argument("--epoch", action="store_true", help="ts as epoch seconds, as other tools write it")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    all_series = []
    for k in range(args.series):
        shape = SHAPES[k % len(SHAPES)]
        all_series.append((k, shape, series(shape, args.points, args.step, rng)))
    fit_end = args.points - args.split
    hold = open(args.holdout_file, "w") if args.split else None
    out = sys.stdout
    # Time order across series, as a store or a live stream gives them.
    for i in range(args.points):
        seconds = args.start + i * args.step
        if args.epoch:
            ts = "%d" % seconds
        else:  # pm's canonical form: UTC, milliseconds, Z
            ts = '"%s.000Z"' % datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        for k, shape, values in all_series:
            line = '{"ts":%s,"name":"bench.value","value":%.6f,"tags":{"id":"%d","shape":"%s"}}\n' % (ts, values[i], k, shape)
            (out if i < fit_end else hold).write(line)
    if hold:
        hold.close()


if __name__ == "__main__":
    main()
