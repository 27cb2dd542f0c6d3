#!/usr/bin/python3
"""Generates labelled series for pm-predict --anomalies' benchmark, and the unlabelled speed set.

  gen_anomaly.py labelled --out DIR [--per-shape 4] [--seed 1] [--csv]
  gen_anomaly.py speed [--series 200] [--points 5000] [--seed 7] > FILE

`labelled` writes DIR/anomaly.ndjson (pm's records, all series merged in time order, as a
store or a live stream gives them: name `bench.anomaly`, tag `series`=sNNN and nothing else,
so a detector cannot read the answer from the tags), DIR/labels.json, and with `--csv`
DIR/csv/sNNN.csv (`timestamp,value`, as NAB and Telegraf's CSV output write them).

Shapes (PER_SHAPE series each, default 4, levels, noise, step and onset drawn per series):
  flat            AR(1) noise with Student-t innovations, a short bump of 4-7 sd
  trend           linear trend, a short bump of 4-7 sd against it
  daily           diurnal traffic (weekday/weekend, day-to-day factor, Poisson-like noise);
                  a contextual anomaly: daytime-like load at night (a batch job)
  shift           permanent level shift (flat base: 3-8 sd; daily base: 20-40 %)
  spike           two isolated spikes of 1-3 points, 5-12 sd
  dip             outage: the value falls to 0-20 % of its level for 5-30 points
  variance        the noise sd multiplies by 3-6 for 200-600 points
  drift           a slow ramp from the onset (about 8 sd over the label window)
  frozen          the sensor repeats its last value for 60-300 points
  seasonal_break  the daily shape stops for a day (flat at the daily mean)
  bursty          counter, mostly 0-2 with Poisson bursts that are normal; the anomaly is
                  either a sustained error storm or a burst far above the normal ones
  none_*          flat, trend, daily, bursty and random-walk series with no anomaly at all
                  (two of each; they can only cost false positives)
Steps: 10, 30 or 60 s for sensor-like shapes, 60 s for counters, 300 s for daily traffic
(a few thousand points each, 14 days at 300 s). About half the series lose 0.3 % of their
points (gaps), never inside a label window.

Labels (labels.json, "series" -> id -> entry): shape, step (s), n (points), first/last ts,
probation_end (ts of point floor(0.15 n): detections before it are not scored) and
"anomalies": [{"onset": ts, "window": [start_ts, end_ts], "kind": ...}] (ts in pm's RFC 3339
form). Window choice (NAB's, shifted toward the onset): a series with k anomalies gets
windows of W = round(0.10 * n / k) points; a window starts 10 % of W before the true onset
and ends W points after its start, so it covers the onset and what follows, where an
operator still wants the alarm, and the early 10 % tolerates a detector that fires on the
first precursors (a drift, a frozen value seen as "too quiet" only later).
"""
import argparse
import json
import math
import os
import sys

import numpy as np

T0 = 1793577600  # 2026-11-02T00:00:00Z, a Monday
PROBATION = 0.15
WINDOW_FRACTION = 0.10
SHAPES = ["flat", "trend", "daily", "shift", "spike", "dip", "variance", "drift", "frozen",
          "seasonal_break", "bursty"]
NONE_BASES = ["flat", "trend", "daily", "bursty", "walk"]


def iso(epochs):
    a = np.asarray(np.round(np.asarray(epochs, dtype=float) * 1000), dtype="int64").astype("datetime64[ms]")
    return [s + "Z" for s in np.datetime_as_string(a, unit="ms")]


def ar_noise(rng, n, sd):
    """AR(1) noise, Student-t innovations, marginal sd about `sd`."""
    phi = rng.uniform(0.2, 0.8)
    df = rng.uniform(4, 10)
    e = rng.standard_t(df, n) * math.sqrt((df - 2) / df) * sd * math.sqrt(1 - phi * phi)
    out = np.empty(n)
    x = 0.0
    for i in range(n):
        x = phi * x + e[i]
        out[i] = x
    return out


def diurnal(rng, t):
    """Traffic profile in (0, 1] at epoch seconds t: morning and evening peaks, quieter weekends."""
    h = (t % 86400) / 3600.0
    day = ((t - T0) // 86400).astype(int)
    weekend = ((day % 7) >= 5)
    peak1 = rng.uniform(10, 12)
    peak2 = rng.uniform(19, 21)
    wk = rng.uniform(0.4, 0.7)
    prof = 0.12 + 0.9 * np.exp(-((h - peak1) / 3.2) ** 2) + 0.6 * np.exp(-((h - peak2) / 2.2) ** 2)
    prof_we = 0.12 + 0.6 * np.exp(-((h - peak1 - 2) / 4.0) ** 2) + 0.5 * np.exp(-((h - peak2) / 2.5) ** 2)
    daily_factor = rng.uniform(0.9, 1.1, day.max() + 1)[day]
    p = np.where(weekend, prof_we * wk / 0.7, prof) * daily_factor
    return p / 1.5


def traffic(rng, t, level):
    mu = level * diurnal(rng, t)
    return mu, np.maximum(0, mu + rng.normal(0, 1, len(t)) * (np.sqrt(mu) * 2 + 0.03 * mu))


def bursty_base(rng, n):
    lam0 = rng.uniform(0.05, 0.5)
    rate = np.full(n, lam0)
    i = 0
    gap = rng.uniform(100, 300)
    while True:
        i += int(rng.exponential(gap)) + 1
        if i >= n:
            break
        length = int(rng.geometric(1 / 3.0))
        rate[i:i + length] = rng.uniform(5, 30)
    return rng.poisson(rate).astype(float), rate


def onsets(rng, n, k):
    if k == 1:
        return [int(rng.uniform(0.30, 0.85) * n)]
    return [int(rng.uniform(0.25, 0.50) * n), int(rng.uniform(0.60, 0.88) * n)]


def make(shape, rng):
    """-> (step, values, [(onset index, kind)])"""
    anomalies = []
    if shape in ("daily", "seasonal_break") or (shape in ("shift", "dip") and rng.random() < 0.5):
        base = "daily"
        step = 300
        n = 4032
    elif shape in ("bursty",):
        base = "bursty"
        step = 60
        n = int(rng.integers(3000, 5001))
    elif shape == "trend":
        base = "trend"
        step = int(rng.choice([60, 300]))
        n = int(rng.integers(3000, 5001))
    else:
        base = "flat"
        step = int(rng.choice([10, 30, 60]))
        n = int(rng.integers(3000, 5001))
    t = T0 + step * np.arange(n)
    level = rng.uniform(10, 500)
    sd = level * rng.uniform(0.01, 0.05)
    if base == "daily":
        level = rng.uniform(100, 3000)
        mu, v = traffic(rng, t, level)
        sd = float(np.std(v - mu))
    elif base == "bursty":
        v, mu = bursty_base(rng, n)
    else:
        mu = np.full(n, level)
        if base == "trend":
            mu = level + np.linspace(0, level * rng.uniform(0.5, 2.5) * rng.choice([-1, 1]) * 0.4, n)
        v = mu + ar_noise(rng, n, sd)
    sign = rng.choice([-1, 1])

    if shape in ("flat", "trend"):
        (o,) = onsets(rng, n, 1)
        length = int(rng.integers(10, 41))
        v[o:o + length] += sign * rng.uniform(4, 7) * sd
        anomalies.append((o, "bump"))
    elif shape == "daily":
        # a night (01:00-05:00) onset: load of the day's busy hours for 30 min to 2 h
        (o,) = onsets(rng, n, 1)
        o -= o % 288
        o += int(rng.integers(12, 48))
        length = int(rng.integers(6, 25))
        busy = np.percentile(mu, 85)
        v[o:o + length] = busy + rng.normal(0, 1, length) * (math.sqrt(busy) * 2 + 0.03 * busy)
        anomalies.append((o, "contextual"))
    elif shape == "shift":
        (o,) = onsets(rng, n, 1)
        if base == "daily":
            v[o:] *= 1 + sign * rng.uniform(0.2, 0.4)
        else:
            v[o:] += sign * rng.uniform(3, 8) * sd
        anomalies.append((o, "level_shift"))
    elif shape == "spike":
        for o in onsets(rng, n, 2):
            length = int(rng.integers(1, 4))
            v[o:o + length] += rng.choice([-1, 1]) * rng.uniform(5, 12) * sd
            anomalies.append((o, "spike"))
    elif shape == "dip":
        (o,) = onsets(rng, n, 1)
        length = int(rng.integers(5, 31))
        v[o:o + length] = mu[o:o + length] * rng.uniform(0, 0.2) + np.abs(rng.normal(0, 0.2 * sd, length))
        anomalies.append((o, "dip"))
    elif shape == "variance":
        (o,) = onsets(rng, n, 1)
        length = int(rng.integers(200, 601))
        v[o:o + length] = mu[o:o + length] + (v[o:o + length] - mu[o:o + length]) * rng.uniform(3, 6)
        anomalies.append((o, "variance"))
    elif shape == "drift":
        (o,) = onsets(rng, n, 1)
        w = WINDOW_FRACTION * n
        v[o:] += sign * 8 * sd * np.arange(n - o) / w
        anomalies.append((o, "drift"))
    elif shape == "frozen":
        (o,) = onsets(rng, n, 1)
        length = int(rng.integers(60, 301))
        v[o:o + length] = v[o - 1]
        anomalies.append((o, "frozen"))
    elif shape == "seasonal_break":
        (o,) = onsets(rng, n, 1)
        o -= o % 288
        day_mean = float(np.mean(mu[o:o + 288]))
        v[o:o + 288] = day_mean + rng.normal(0, 1, len(v[o:o + 288])) * (math.sqrt(day_mean) * 2 + 0.03 * day_mean)
        anomalies.append((o, "seasonal_break"))
    elif shape == "bursty":
        (o,) = onsets(rng, n, 1)
        if rng.random() < 0.5:
            length = int(rng.integers(60, 201))
            v[o:o + length] = rng.poisson(rng.uniform(3, 8), length)
            anomalies.append((o, "error_storm"))
        else:
            length = int(rng.integers(2, 6))
            v[o:o + length] = rng.poisson(rng.uniform(150, 400), length)
            anomalies.append((o, "huge_burst"))
    if base != "bursty" and level > 50 and rng.random() < 0.3:
        v = np.round(v)  # integer-valued gauges (connections, queue length)
    if base == "daily":
        v = np.maximum(v, 0)
    return step, v, anomalies


def labelled(a):
    os.makedirs(a.out, exist_ok=True)
    plan = [s for s in SHAPES for _ in range(a.per_shape)] + ["none_" + b for b in NONE_BASES for _ in range(2)]
    labels = {"generator": "gen_anomaly.py labelled --per-shape %d --seed %d" % (a.per_shape, a.seed),
              "probation": PROBATION, "window_fraction": WINDOW_FRACTION, "series": {}}
    rows = []  # (epoch, k, line)
    if a.csv:
        os.makedirs(os.path.join(a.out, "csv"), exist_ok=True)
    for k, shape in enumerate(plan):
        rng = np.random.default_rng([a.seed, k])
        sid = "s%03d" % k
        if shape.startswith("none_"):
            step, v, anomalies = make_clean(shape[5:], rng)
        else:
            step, v, anomalies = make(shape, rng)
        n = len(v)
        t = T0 + step * np.arange(n, dtype=float)
        width = int(round(WINDOW_FRACTION * n / max(1, len(anomalies))))
        wins = []
        keep = np.ones(n, dtype=bool)
        for o, kind in anomalies:
            s = max(0, o - int(round(0.1 * width)))
            e = min(n - 1, s + width)
            wins.append((o, s, e, kind))
            keep[s:e + 1] = False
        drop = np.zeros(n, dtype=bool)
        if rng.random() < 0.5:
            drop = (rng.random(n) < 0.003) & keep
            drop[:int(PROBATION * n) + 1] = False
        stamps = iso(t)
        entry = {"shape": shape, "step": step, "n": n, "first_ts": stamps[0], "last_ts": stamps[-1],
                 "probation_end": stamps[int(PROBATION * n)],
                 "anomalies": [{"onset": stamps[o], "window": [stamps[s], stamps[e]], "kind": kind}
                               for o, s, e, kind in wins]}
        labels["series"][sid] = entry
        csv = open(os.path.join(a.out, "csv", sid + ".csv"), "w") if a.csv else None
        if csv:
            csv.write("timestamp,value\n")
        for i in range(n):
            if drop[i]:
                continue
            val = "%.6g" % v[i]
            rows.append((t[i], k, '{"ts":"%s","name":"bench.anomaly","value":%s,"tags":{"series":"%s"}}\n'
                         % (stamps[i], val, sid)))
            if csv:
                csv.write("%s,%s\n" % (stamps[i][:19].replace("T", " "), val))
        if csv:
            csv.close()
    rows.sort(key=lambda r: (r[0], r[1]))
    with open(os.path.join(a.out, "anomaly.ndjson.tmp"), "w") as f:
        f.writelines(r[2] for r in rows)
    with open(os.path.join(a.out, "labels.json"), "w") as f:
        json.dump(labels, f, indent=1)
        f.write("\n")
    os.rename(os.path.join(a.out, "anomaly.ndjson.tmp"), os.path.join(a.out, "anomaly.ndjson"))
    nwin = sum(len(e["anomalies"]) for e in labels["series"].values())
    print("%d series, %d points, %d labelled windows" % (len(plan), len(rows), nwin), file=sys.stderr)


def make_clean(base, rng):
    """A series with no anomaly: flat, trend, daily, bursty (the bases of make()) or a random walk."""
    if base == "daily":
        n, step = 4032, 300
        t = T0 + step * np.arange(n)
        _, v = traffic(rng, t, rng.uniform(100, 3000))
        return step, np.maximum(v, 0), []
    n = int(rng.integers(3000, 5001))
    if base == "bursty":
        v, _ = bursty_base(rng, n)
        return 60, v, []
    level = rng.uniform(10, 500)
    sd = level * rng.uniform(0.01, 0.05)
    if base == "walk":
        step = int(rng.choice([10, 60]))
        return step, level + np.cumsum(rng.normal(0, level * 0.003, n)) + ar_noise(rng, n, sd / 2), []
    if base == "trend":
        step = int(rng.choice([60, 300]))
        mu = level + np.linspace(0, level * rng.uniform(0.5, 2.5) * rng.choice([-1, 1]) * 0.4, n)
    else:
        step = int(rng.choice([10, 30, 60]))
        mu = np.full(n, level)
    return step, mu + ar_noise(rng, n, sd), []


def speed(a):
    """SERIES x POINTS points, 60 s step, time-ordered; flat, trend, daily and bursty bases with
    a few spikes, vectorised (no labels: this set is for timing only)."""
    rng = np.random.default_rng(a.seed)
    n, m = a.points, a.series
    t = T0 + 60 * np.arange(n, dtype=float)
    stamps = iso(t)
    vals = np.empty((m, n))
    h = (t % 86400) / 86400
    for k in range(m):
        level = rng.uniform(10, 500)
        kind = k % 4
        if kind == 0:
            v = level + rng.normal(0, 0.03 * level, n)
        elif kind == 1:
            v = level + np.linspace(0, 0.5 * level, n) + rng.normal(0, 0.03 * level, n)
        elif kind == 2:
            v = level * (1 + 0.4 * np.sin(2 * np.pi * h)) + rng.normal(0, 0.03 * level, n)
        else:
            lam = np.where(rng.random(n) < 0.01, 20.0, 0.3)
            v = rng.poisson(lam).astype(float)
        idx = rng.integers(0, n, 3)
        v[idx] += 10 * 0.03 * level
        vals[k] = v
    names = ['","name":"bench.speed","value":', ',"tags":{"series":"p%03d"}}\n']
    tails = [names[1] % k for k in range(m)]
    out = sys.stdout
    for i in range(n):
        head = '{"ts":"' + stamps[i] + names[0]
        col = vals[:, i]
        out.write("".join(head + ("%.6g" % col[k]) + tails[k] for k in range(m)))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("labelled")
    p.add_argument("--out", required=True)
    p.add_argument("--per-shape", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--csv", action="store_true")
    p = sub.add_parser("speed")
    p.add_argument("--series", type=int, default=200)
    p.add_argument("--points", type=int, default=5000)
    p.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    labelled(a) if a.cmd == "labelled" else speed(a)


if __name__ == "__main__":
    main()
