#!/usr/bin/python3
"""pm-predict beside statsmodels' ExponentialSmoothing: speed on a sample and accuracy (MASE,
interval coverage) on generated shapes and on the datasets statsmodels ships, with pm's
ARIMA alone beside auto (which holds the best ETS against it on held-out steps).

  bench_predict.py speed --data FILE --pm-out FILE [--sample 8] [--series 200]
  bench_predict.py accuracy --pm BIN --gen GEN_PREDICT.PY --work DIR [--per-shape 3]

Run with /usr/bin/python3 (statsmodels 0.13, numpy, scipy). statsmodels mimics pm's auto:
trend None/add/add-damped x seasonal None/add (+mul when all values are positive), fitted on
the same last 2000 points pm fits on, the lowest aicc kept.
"""
import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
import warnings

import numpy as np

from statsmodels.tsa.holtwinters import ExponentialSmoothing  # noqa: E402

warnings.simplefilter("ignore")

WINDOW = 2000  # pm fits its parameters on the last 2000 steps


def sm_auto(y, m):
    """Fits the ETS family, returns (fitted results, label) with the lowest aicc."""
    y = np.asarray(y[-WINDOW:], dtype=float)
    seasons = [None]
    if m and len(y) >= 2 * m:
        seasons.append("add")
        if (y > 0).all():
            seasons.append("mul")
    best, label = None, ""
    for trend, damped in ((None, False), ("add", False), ("add", True)):
        for season in seasons:
            try:
                r = ExponentialSmoothing(y, trend=trend, damped_trend=damped, seasonal=season,
                                         seasonal_periods=m if season else None,
                                         initialization_method="estimated").fit()
            except Exception:
                continue
            if not np.isfinite(r.aicc):
                continue
            if best is None or r.aicc < best.aicc:
                best = r
                label = "%s%s,%s" % ("N" if trend is None else "A", "d" if damped else "", (season or "N")[0].upper())
    return best, label


def read_series(path):
    out = {}
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            out.setdefault(key(r), []).append(r["value"])
    return out


def key(r):
    tags = r.get("tags") or {}
    return tags.get("id", r["name"])


def speed(a):
    values = read_series(a.data)
    season = {}
    with open(a.pm_out) as f:
        for line in f:
            r = json.loads(line)
            if r.get("kind") == "forecast":
                s = r.get("season")
                season[key(r)] = 288 if s == "1d" else (2016 if s == "1w" else 0)
    ids = sorted(values, key=int)
    pick = ids[:: max(1, len(ids) // a.sample)][: a.sample]
    t0, c0 = time.time(), time.process_time()
    for k in pick:
        sm_auto(values[k], season.get(k, 0))
    wall, cpu = time.time() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("%s %s %d %d" % (wall, cpu, rss, len(pick)))


def mase_scale(train, m):
    y = np.asarray(train[-WINDOW:], dtype=float)
    lag = m if m else 1
    return float(np.mean(np.abs(y[lag:] - y[:-lag])))


def run_pm(pm, path, step, h, model, conf):
    cmd = [pm, "--model", model, "--confidence", str(conf), "--horizon", "%ds" % round(h * step),
           "--every", "%ds" % round(step), path]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, check=True)
    out = {}
    for line in p.stdout.splitlines():
        r = json.loads(line)
        if r.get("kind") == "forecast":
            out.setdefault(key(r), []).append(r)
    return out


def write_ndjson(path, name, stamps, values):
    with open(path, "w") as f:
        for ts, v in zip(stamps, values):
            f.write('{"ts":"%s","name":"%s","value":%r}\n' % (ts, name, float(v)))


def real_datasets(work):
    """(family, name, train, holdout, step seconds, season, path)"""
    import pandas as pd
    import statsmodels.datasets as d
    out = []
    co2 = d.co2.load_pandas().data["co2"].resample("MS").mean().dropna()
    el = d.elnino.load_pandas().data
    elv, els = [], []
    for _, row in el.iterrows():
        for mo, col in enumerate(el.columns[1:], 1):
            elv.append(row[col])
            els.append("%04d-%02d-01T00:00:00.000Z" % (int(row["YEAR"]), mo))
    sun = d.sunspots.load_pandas().data
    nile = d.nile.load_pandas().data
    # elec_equip ships as a CSV without a loader in Debian's statsmodels 0.13.
    elec = pd.read_csv(os.path.join(os.path.dirname(d.__file__), "elec_equip", "elec_equip.csv"))
    elec_stamps = [pd.to_datetime(t, format="%b-%d-%Y").strftime("%Y-%m-01T00:00:00.000Z") for t in elec.iloc[:, 0]]
    macro = d.macrodata.load_pandas().data
    macro_stamps = ["%04d-%02d-01T00:00:00.000Z" % (int(y), 3 * int(q) - 2) for y, q in zip(macro.year, macro.quarter)]
    month = 365.2425 * 86400 / 12
    year = 365.2425 * 86400
    sets = [
        ("co2", [t.strftime("%Y-%m-01T00:00:00.000Z") for t in co2.index], list(co2.values), month, 12, 24),
        ("elnino", els, elv, month, 12, 24),
        ("sunspots", ["%04d-01-01T00:00:00.000Z" % int(y) for y in sun.YEAR], list(sun.SUNACTIVITY), year, 0, 10),
        ("nile", ["%04d-01-01T00:00:00.000Z" % int(y) for y in nile.year], list(nile.volume), year, 0, 10),
        ("elec_equip", elec_stamps, list(elec.iloc[:, 1]), month, 12, 24),
        ("realgdp", macro_stamps, list(macro.realgdp), year / 4, 0, 8),
    ]
    for name, stamps, vals, step, m, h in sets:
        path = os.path.join(work, "real-%s.ndjson" % name)
        write_ndjson(path, name, stamps[:-h], vals[:-h])
        out.append((name, name, vals[:-h], vals[-h:], step, m, h, path))
    return out


def accuracy(a):
    os.makedirs(a.work, exist_ok=True)
    h5 = 288
    n = a.per_shape * 8
    fit = os.path.join(a.work, "acc-%d.ndjson" % n)
    hold = fit + ".holdout"
    if not os.path.exists(hold):
        with open(fit + ".tmp", "w") as f:
            subprocess.run([sys.executable, a.gen, "--series", str(n), "--points", str(3000 + h5), "--split", str(h5),
                            "--holdout-file", hold], stdout=f, check=True)
        os.rename(fit + ".tmp", fit)
    train, test = read_series(fit), read_series(hold)
    shape = {}
    with open(hold) as f:
        for line in f:
            r = json.loads(line)
            shape[r["tags"]["id"]] = r["tags"]["shape"]
    groups = []  # (path, step, h, [(family, key, train, test, m)])
    seasonal_shapes = {"daily", "weekly", "multiplicative"}
    gen = [(shape[k], k, train[k], test[k], 288 if shape[k] in seasonal_shapes else 0) for k in sorted(train, key=int)]
    groups.append((fit, 300, h5, gen))
    for fam, name, tr, te, step, m, h, path in real_datasets(a.work):
        groups.append((path, step, h, [(fam, name, tr, te, m)]))

    rows = []  # per series: dict
    sm_time = 0.0
    for path, step, h, members in groups:
        warnings.simplefilter("ignore")
        res = {}
        for model, conf in (("auto", 0.95), ("auto", 0.8), ("naive", 0.95), ("seasonal-naive", 0.95),
                            ("arima", 0.95)):
            res[(model, conf)] = run_pm(a.pm, path, step, h, model, conf)
        for fam, k, tr, te, m in members:
            te = np.asarray(te, dtype=float)
            scale = mase_scale(tr, m)
            row = {"family": fam, "key": k, "seasonal": bool(m)}
            for label, model, conf in (("auto", "auto", 0.95), ("naive", "naive", 0.95), ("snaive", "seasonal-naive", 0.95),
                                       ("arima", "arima", 0.95)):
                recs = res[(model, conf)].get(k, [])[:h]
                f = np.array([r["value"] for r in recs] + [np.nan] * (h - len(recs)))
                err = np.abs(f - te)
                row[label + "1"] = err[0] / scale
                row[label] = float(np.nanmean(err)) / scale
                if label == "auto":
                    row["ets"] = (recs[0].get("ets") or recs[0].get("arima", "?")) if recs else "?"
                    row["season"] = recs[0].get("season", "") if recs else ""
            for conf, lab in ((0.95, "cov95"), (0.8, "cov80")):
                recs = res[("auto", conf)].get(k, [])[:h]
                inside = [r["lower"] <= y <= r["upper"] for r, y in zip(recs, te) if "lower" in r]
                row[lab] = (sum(inside), len(inside))
            t0 = time.time()
            r, lab = sm_auto(tr, m)
            sm_time += time.time() - t0
            f = np.asarray(r.forecast(h))
            err = np.abs(f - te)
            row["sm1"], row["sm"], row["sm_ets"] = err[0] / scale, float(np.mean(err)) / scale, lab
            rows.append(row)

    print("MASE: mean |error| / in-sample MAE of the seasonal naive forecast (lag = season) for seasonal")
    print("series (daily, weekly, multiplicative: 288; co2, elnino, elec_equip: 12), of the naive forecast")
    print("(lag 1) otherwise, both over the last %d fit points. h=1 = one step ahead; all = mean over the holdout" % WINDOW)
    print("(288 five-minute steps, 24 months, 10 years, 8 quarters). Coverage: pm auto's 80% / 95% intervals over all")
    print("holdout points. statsmodels: auto over the same ETS set by aicc (%.0f s of fitting)." % sm_time)
    print()
    hdr = "%-16s %3s | %6s %6s | %6s %6s | %6s %6s | %6s %6s | %6s %6s | %6s %6s | %-9s %-7s" % (
        "series", "n", "auto1", "auto", "naive1", "naive", "snaiv1", "snaive", "arima1", "arima", "sm1", "sm",
        "cov80", "cov95", "pm model", "sm ets")
    print(hdr)
    print("-" * len(hdr))
    fams = []
    for r in rows:
        if r["family"] not in fams:
            fams.append(r["family"])

    def line(label, rs, ets="", sme=""):
        mean = lambda c: float(np.nanmean([x[c] for x in rs]))
        cov = lambda c: 100.0 * sum(x[c][0] for x in rs) / max(1, sum(x[c][1] for x in rs))
        print("%-16s %3d | %6.2f %6.2f | %6.2f %6.2f | %6.2f %6.2f | %6.2f %6.2f | %6.2f %6.2f | %5.1f%% %5.1f%% | %-9s %-7s" % (
            label, len(rs), mean("auto1"), mean("auto"), mean("naive1"), mean("naive"), mean("snaive1"),
            mean("snaive"), mean("arima1"), mean("arima"), mean("sm1"), mean("sm"), cov("cov80"), cov("cov95"), ets, sme))

    def summary(vals):
        from collections import Counter
        return ",".join("%s%s" % (e, "" if c == 1 else "x%d" % c) for e, c in Counter(vals).most_common(2))

    for fam in fams:
        rs = [r for r in rows if r["family"] == fam]
        line(fam, rs, summary([r["ets"] + ("/" + r["season"] if r["season"] else "") for r in rs]),
             summary([r["sm_ets"] for r in rs]))
    print("-" * len(hdr))
    gen_rows = [r for r in rows if r["family"] in seasonal_shapes or r["key"].isdigit()]
    real_rows = [r for r in rows if r not in gen_rows]
    line("mean generated", gen_rows)
    line("mean real", real_rows)
    # the average over families, each family weighing the same
    fam_mean = lambda c: float(np.mean([np.nanmean([r[c] for r in rows if r["family"] == f]) for f in fams]))
    line("all series", rows)
    print()
    print("Per-series detail (MASE over the holdout, pm auto vs statsmodels, pm ets chosen):")
    for r in rows:
        print("  %-14s %-4s auto %6.2f (%-8s %s)  sm %6.2f (%s)  snaive %6.2f  naive %6.2f" % (
            r["family"], r["key"], r["auto"], r["ets"], r["season"] or "-", r["sm"], r["sm_ets"], r["snaive"], r["naive"]))
    print()
    a_all, s_all = fam_mean("auto"), fam_mean("sm")
    a_1, s_1 = fam_mean("auto1"), fam_mean("sm1")
    print("auto no worse than statsmodels on average (family means, all h): %s  (%.3f vs %.3f; h=1: %.3f vs %.3f)"
          % ("HOLDS" if a_all <= s_all else "FAILS", a_all, s_all, a_1, s_1))
    worse = [r for r in rows if r["seasonal"] and r["auto"] > r["snaive"]]
    r_all = fam_mean("arima")
    print("auto no worse than pm's ARIMA alone (family means, all h): %s  (%.3f vs %.3f)"
          % ("HOLDS" if a_all <= r_all else "FAILS", a_all, r_all))
    print("auto no worse than seasonal naive on any seasonal series (all h): %s%s" % (
        "HOLDS" if not worse else "FAILS", "" if not worse else "  (" + ", ".join(
            "%s/%s %.2f > %.2f" % (r["family"], r["key"], r["auto"], r["snaive"]) for r in worse) + ")"))
    rolling(a)


def rolling(a, origins=8, spacing=6):
    """One holdout of 24 months is one draw: the real seasonal series again from `origins`
    origins `spacing` months apart (each fit on what came before it), MASE over the next 24."""
    print()
    print("Rolling origin, real seasonal series: MASE over 24 months from %d origins %d months apart"
          % (origins, spacing))
    models = (("auto", "auto"), ("snaive", "seasonal-naive"), ("hw", "holt-winters"), ("arima", "arima"))
    print("%-12s | %s | %6s | %s" % ("series", " ".join("%6s" % m for m, _ in models), "sm", "auto <= snaive"))
    for fam, name, tr, te, step, m, h, path in real_datasets(a.work):
        if not m:
            continue
        with open(path) as f:
            stamps = [json.loads(line)["ts"] for line in f]
        vals = list(tr) + list(te)
        err = {label: [] for label, _ in models + (("sm", ""),)}
        for k in range(origins):
            cut = len(vals) - h - spacing * k
            part = os.path.join(a.work, "roll-%s-%d.ndjson" % (name, k))
            write_ndjson(part, name, stamps[:cut], vals[:cut])
            scale = mase_scale(vals[:cut], m)
            actual = np.asarray(vals[cut:cut + h], dtype=float)
            for label, model in models:
                recs = run_pm(a.pm, part, step, h, model, 0.95).get(name, [])[:h]
                f = np.array([r["value"] for r in recs] + [np.nan] * (h - len(recs)))
                err[label].append(float(np.nanmean(np.abs(f - actual))) / scale)
            r, _ = sm_auto(vals[:cut], m)
            err["sm"].append(float(np.mean(np.abs(np.asarray(r.forecast(h)) - actual))) / scale)
        mean = {label: float(np.mean(v)) for label, v in err.items()}
        print("%-12s | %s | %6.2f | %s" % (name, " ".join("%6.2f" % mean[label] for label, _ in models), mean["sm"],
                                          "HOLDS" if mean["auto"] <= mean["snaive"] else "FAILS"))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd")
    s = sub.add_parser("speed")
    s.add_argument("--data", required=True)
    s.add_argument("--pm-out", required=True)
    s.add_argument("--sample", type=int, default=8)
    s = sub.add_parser("accuracy")
    s.add_argument("--pm", required=True)
    s.add_argument("--gen", required=True)
    s.add_argument("--work", required=True)
    s.add_argument("--per-shape", type=int, default=3)
    a = ap.parse_args()
    if a.cmd == "speed":
        speed(a)
    elif a.cmd == "accuracy":
        accuracy(a)
    else:
        ap.error("speed or accuracy")


if __name__ == "__main__":
    main()
