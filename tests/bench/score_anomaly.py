#!/usr/bin/python3
"""Scores anomaly detectors against gen_anomaly.py's labels.

  score_anomaly.py --labels labels.json [--by-shape] [--json FILE] NAME=DETECTIONS.ndjson...
  score_anomaly.py --self-test      (checks the metric on hand-computed cases)

A detection is a `kind:"anomaly"` record (or a `kind:"score"` record carrying `severity`, as
`--scores` writes it); it belongs to the series named by its tag `series`. The detector is
expected to suppress repeats inside one episode itself, so every record is one detection.

The metric, per series, with times in seconds (a label window is [start, end], length
L = end - start; labels give the true onset as well):

- Probation: detections before the series' `probation_end` (the point at 15 % of its length)
  are ignored; no window starts before it.
- A window is detected when at least one detection falls in it (start <= ts <= end). Only
  the earliest detection in a window counts; later detections in the same window are neither
  rewarded nor charged. A detection outside every window is a false positive (FP).
- precision = detected windows / (detected windows + FP); recall = detected windows /
  windows; F1 = 2PR / (P + R) (0 when P + R = 0).
- delay = first detection in a window minus the true onset, in points (seconds / the
  series' step) and in seconds, averaged over the detected windows (negative: the detection
  came in the part of the window before the onset).
- Windowed score (NAB-like, standard profile A_TP = 1, A_FN = -1, A_FP = -0.11). With the
  scaled sigmoid sigma(y) = 2 / (1 + exp(5 y)) - 1:
    * the earliest detection in a window at time t earns A_TP * sigma(y), y = (t - end) / L,
      so y runs from -1 at the window start (sigma = 0.987) to 0 at its end (sigma = 0);
    * a window without a detection earns A_FN = -1;
    * a false positive at t earns A_FP * w: w = 1 when no window of its series ended before
      t, else w = -sigma((t - end_prev) / L_prev) for the latest window that ended before t,
      which is 0 just after that window and tends to 1 far from it (a late alarm on the same
      incident costs little, an alarm out of the blue the full 0.11).
  raw = the sum over all series; null = the raw score of a detector that never fires
  (-1 per window); perfect = a detection at every window's start (0.987 per window);
  score = 100 * (raw - null) / (perfect - null). 0 is a detector that never fires, 100 the
  perfect one; each FP far from a window costs 0.11 of what finding a window earns, so a
  detector that fires too often goes negative.
"""
import argparse
import bisect
import datetime
import json
import math
import sys

A_TP, A_FN, A_FP = 1.0, -1.0, -0.11


def sigma(y):
    return 2.0 / (1.0 + math.exp(min(50.0, 5.0 * y))) - 1.0


def epoch(ts):
    if isinstance(ts, (int, float)):
        return float(ts)
    if ts.endswith("Z") or ts.endswith("z"):
        ts = ts[:-1] + "+00:00"
    d = datetime.datetime.fromisoformat(ts)
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return d.timestamp()


def load_labels(path):
    with open(path) as f:
        lab = json.load(f)
    series = {}
    for sid, e in lab["series"].items():
        wins = []
        for an in e["anomalies"]:
            s, t = epoch(an["window"][0]), epoch(an["window"][1])
            wins.append((s, t, epoch(an["onset"]), an.get("kind", "")))
        wins.sort()
        series[sid] = {"shape": e["shape"], "step": float(e["step"]), "probation_end": epoch(e["probation_end"]),
                       "windows": wins}
    return series


def load_detections(path):
    det, unknown = {}, 0
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            kind = r.get("kind")
            if kind == "anomaly" or (kind == "score" and r.get("severity")):
                sid = (r.get("tags") or {}).get("series")
                if sid is None:
                    unknown += 1
                    continue
                det.setdefault(sid, []).append(epoch(r["ts"]))
    return det, unknown


def score(labels, det):
    """-> dict of totals, plus per-shape counts"""
    tot = {"windows": 0, "tp": 0, "fn": 0, "fp": 0, "raw": 0.0, "null": 0.0, "perfect": 0.0,
           "delay_pts": [], "delay_s": [], "ignored_probation": 0, "unlabelled_series": 0}
    shapes = {}
    for sid in det:
        if sid not in labels:
            tot["unlabelled_series"] += 1
    for sid, lab in labels.items():
        wins = lab["windows"]
        sh = shapes.setdefault(lab["shape"], {"windows": 0, "tp": 0, "fp": 0})
        starts = [w[0] for w in wins]
        hit = [False] * len(wins)
        tot["windows"] += len(wins)
        sh["windows"] += len(wins)
        tot["null"] += A_FN * len(wins)
        tot["perfect"] += A_TP * sigma(-1.0) * len(wins)
        for t in sorted(det.get(sid, [])):
            if t < lab["probation_end"]:
                tot["ignored_probation"] += 1
                continue
            i = bisect.bisect_right(starts, t) - 1  # the latest window starting at or before t
            if i >= 0 and t <= wins[i][1]:
                if hit[i]:
                    continue
                hit[i] = True
                s, e, onset, _ = wins[i]
                tot["raw"] += A_TP * sigma((t - e) / (e - s))
                tot["tp"] += 1
                sh["tp"] += 1
                tot["delay_s"].append(t - onset)
                tot["delay_pts"].append((t - onset) / lab["step"])
                continue
            tot["fp"] += 1
            sh["fp"] += 1
            if i >= 0:  # windows do not overlap: wins[i] ended before t
                s, e = wins[i][0], wins[i][1]
                tot["raw"] += A_FP * -sigma((t - e) / (e - s))
            else:
                tot["raw"] += A_FP
        missed = hit.count(False)
        tot["fn"] += missed
        tot["raw"] += A_FN * missed
    tp, fp, n = tot["tp"], tot["fp"], tot["windows"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / n if n else 0.0
    tot["precision"], tot["recall"] = p, r
    tot["f1"] = 2 * p * r / (p + r) if p + r else 0.0
    span = tot["perfect"] - tot["null"]
    tot["score"] = 100.0 * (tot["raw"] - tot["null"]) / span if span else 0.0
    for k in ("delay_pts", "delay_s"):
        v = tot.pop(k)
        tot[k.replace("delay", "mean_delay")] = sum(v) / len(v) if v else float("nan")
        tot[k.replace("delay", "median_delay")] = sorted(v)[len(v) // 2] if v else float("nan")
    return tot, shapes


def self_test():
    lab = {"a": {"shape": "x", "step": 1.0, "probation_end": -50.0, "windows": [(0.0, 100.0, 10.0, "k")]},
           "b": {"shape": "y", "step": 1.0, "probation_end": 0.0, "windows": []}}
    s1 = sigma(-1.0)
    cases = [  # detections, raw, tp, fp, mean delay in points
        ({"a": [0.0]}, s1, 1, 0, -10.0),                  # at the window start: the perfect score
        ({"a": [100.0]}, 0.0, 1, 0, 90.0),                # at its end: sigma(0) = 0
        ({"a": [50.0, 60.0]}, sigma(-0.5), 1, 0, 40.0),   # only the earliest counts, the second is free
        ({"a": [-10.0, 0.0]}, s1 + A_FP, 1, 1, -10.0),    # before any window: a full FP
        ({"a": [0.0, 1e6]}, s1 + A_FP, 1, 1, -10.0),      # far after the window: a full FP
        ({"a": [0.0, 100.0 + 1e-6]}, s1, 1, 1, -10.0),    # just after it: an FP that costs ~0
        ({"a": [0.0, 150.0]}, s1 + A_FP * -sigma(0.5), 1, 1, -10.0),
        ({"a": [-60.0]}, A_FN, 0, 0, None),               # in probation: ignored, the window missed
        ({"b": [5.0]}, A_FN + A_FP, 0, 1, None),          # a series without anomalies
    ]
    for det, raw, tp, fp, delay in cases:
        t, _ = score(lab, det)
        assert abs(t["raw"] - raw) < 1e-6 and t["tp"] == tp and t["fp"] == fp, (det, t)
        assert delay is None or abs(t["mean_delay_pts"] - delay) < 1e-9, (det, t)
        assert abs(t["score"] - 100 * (raw - A_FN) / (s1 - A_FN)) < 1e-6, (det, t)
    print("score_anomaly.py: %d metric cases pass" % len(cases))


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", required=True)
    ap.add_argument("--by-shape", action="store_true")
    ap.add_argument("--json", default="")
    ap.add_argument("--default", default="auto", help="the method whose rank the last line states")
    ap.add_argument("runs", nargs="+", help="NAME=FILE")
    a = ap.parse_args()
    labels = load_labels(a.labels)
    results = []
    for run in a.runs:
        name, _, path = run.partition("=")
        det, unknown = load_detections(path)
        tot, shapes = score(labels, det)
        tot["no_series_tag"] = unknown
        results.append((name, tot, shapes))
    n = results[0][1]["windows"]
    print("%d series, %d labelled windows; windowed score: 0 = never fires, 100 = perfect (A_FP = -0.11)"
          % (len(labels), n))
    print("%-12s %9s %6s %9s %7s %6s %10s %10s %9s" % ("method", "found", "FP", "precision", "recall", "F1",
                                                         "delay pts", "delay s", "windowed"))
    for name, t, _ in results:
        print("%-12s %4d/%-4d %6d %9.3f %7.3f %6.3f %10.1f %10.0f %9.1f" % (
            name, t["tp"], t["windows"], t["fp"], t["precision"], t["recall"], t["f1"], t["mean_delay_pts"],
            t["mean_delay_s"], t["score"]))
        if t["unlabelled_series"] or t["no_series_tag"]:
            print("   %s: %d detections without a series tag, %d series not in the labels (ignored)"
                  % (name, t["no_series_tag"], t["unlabelled_series"]))
    print("(delay: mean over found windows, first detection minus true onset; median %s)"
          % ", ".join("%s %.1f pts" % (nm, t["median_delay_pts"]) for nm, t, _ in results))
    if a.by_shape:
        print()
        print("per shape: windows found/windows, false positives")
        names = [r[0] for r in results]
        print("%-16s" % "shape" + "".join("%14s" % nm for nm in names))
        for sh in sorted(results[0][2]):
            cells = []
            for _, _, shapes in results:
                c = shapes[sh]
                cells.append("%14s" % ("%d/%d %3dfp" % (c["tp"], c["windows"], c["fp"])))
            print("%-16s" % sh + "".join(cells))
    best = max(results, key=lambda r: r[1]["score"])
    line = "best on the windowed score: %s (%.1f)" % (best[0], best[1]["score"])
    dflt = [r for r in results if r[0] == a.default]
    if dflt:
        d = dflt[0][1]["score"]
        singles = [r for r in results if r[0] != a.default and not r[0].endswith("-py")]
        if singles:
            beats = all(d > r[1]["score"] for r in singles)
            line += "; default %s %.1f %s every single pm method" % (a.default, d, "beats" if beats else "does NOT beat")
    print(line)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({nm: t for nm, t, _ in results}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
