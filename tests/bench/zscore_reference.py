#!/usr/bin/python3
"""A straightforward rolling z-score anomaly detector in Python: the reference beside which
pm-predict --anomalies is timed (tests/bench/anomaly.sh), and a detector to check the scorer.

  zscore_reference.py [--window 100] [--threshold-z 3] [--critical-z 4] [--rest N]
                      [--scores] [--limit N] [FILE...]        (no FILE or "-": stdin)

Reads pm samples (NDJSON; ts RFC 3339 or epoch seconds). Per series (name + sorted tags),
causal: point t is scored against the WINDOW points before it (mean and population sd by
running sums over a deque), only once WINDOW points are there. |z| > THRESHOLD is an anomaly
(warning; critical above CRITICAL-Z); after a detection the series rests REST points (default
= WINDOW) in which nothing is emitted. Every point, anomalous or not, then enters the window.
Writes pm's anomaly records: {"ts","kind":"anomaly","name","tags","value","expected":[low,high],
"z","score","severity","method":"zscore-py"}, expected = mean -/+ THRESHOLD sd and score =
erf(|z|/sqrt 2) (the two-sided normal probability). With --scores one kind:"score" record per
scored point (severity only on detections). --limit N reads only the first N lines.
"""
import argparse
import collections
import datetime
import json
import math
import sys


def canonical_ts(ts):
    if isinstance(ts, str):
        return ts
    d = datetime.datetime.fromtimestamp(float(ts), datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (d.microsecond // 1000)


class Series:
    __slots__ = ("win", "s", "ss", "rest", "since")

    def __init__(self, window):
        self.win = collections.deque(maxlen=window)
        self.s = 0.0
        self.ss = 0.0
        self.rest = 0
        self.since = 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--window", type=int, default=100)
    ap.add_argument("--threshold-z", type=float, default=3.0)
    ap.add_argument("--critical-z", type=float, default=4.0)
    ap.add_argument("--rest", type=int, default=-1)
    ap.add_argument("--scores", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    window, thr, crit = a.window, a.threshold_z, a.critical_z
    rest = window if a.rest < 0 else a.rest
    state = {}
    out = sys.stdout
    write = out.write
    loads, dumps = json.loads, json.dumps
    erf, sqrt = math.erf, math.sqrt
    n = 0
    for path in a.files or ["-"]:
        f = sys.stdin if path == "-" else open(path)
        for line in f:
            n += 1
            if a.limit and n > a.limit:
                break
            r = loads(line)
            if "kind" in r:
                continue
            tags = r.get("tags") or {}
            key = (r["name"], tuple(sorted(tags.items())))
            st = state.get(key)
            if st is None:
                st = state[key] = Series(window)
            v = float(r["value"])
            w = st.win
            if len(w) == window:
                mean = st.s / window
                var = st.ss / window - mean * mean
                sd = sqrt(var) if var > 0 else 0.0
                sd = max(sd, 1e-9 * max(1.0, abs(mean)))
                z = (v - mean) / sd
                az = abs(z)
                hit = az > thr and st.rest == 0
                if st.rest:
                    st.rest -= 1
                if hit or a.scores:
                    rec = {"ts": canonical_ts(r["ts"]), "kind": "anomaly" if not a.scores else "score",
                           "name": r["name"], "tags": tags, "value": v,
                           "expected": [mean - thr * sd, mean + thr * sd], "z": round(z, 4),
                           "score": erf(az / sqrt(2)), "method": "zscore-py"}
                    if hit:
                        rec["severity"] = "critical" if az > crit else "warning"
                        st.rest = rest
                    write(dumps(rec) + "\n")
                old = w[0]
                st.s += v - old
                st.ss += v * v - old * old
                st.since += 1
                if st.since >= 10000:  # running sums drift: recompute now and then
                    st.since = 0
                    w.append(v)
                    st.s = sum(w)
                    st.ss = sum(x * x for x in w)
                    continue
            else:
                st.s += v
                st.ss += v * v
            w.append(v)
        if f is not sys.stdin:
            f.close()
        if a.limit and n > a.limit:
            break


if __name__ == "__main__":
    main()
