#!/usr/bin/python3
"""pm-predict beside independent implementations (statsmodels, scipy) on the same series.

  predict_reference.py PM_PREDICT CASE      (CASE: ols, theilsen, ses, holtwinters, arima)

Writes a simulated series, runs pm-predict on it and the reference on the same values, and
prints "ok ..." with the figures, or "FAIL ..." and exits 1.
"""
import json
import math
import subprocess
import sys

import numpy as np


def series(values, step=300, start=1795305600, name="ref"):
    return "".join('{"ts":%d,"name":"%s","value":%r}\n' % (start + i * step, name, float(v)) for i, v in enumerate(values))


def predict(binary, text, *args):
    out = subprocess.run([binary, *args], input=text, capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def check(ok, message):
    print(("ok " if ok else "FAIL ") + message)
    if not ok:
        sys.exit(1)


def main():
    binary, case = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(17)
    if case in ("ols", "theilsen"):
        n = 1000
        x_hours = np.arange(n) * 300 / 3600.0
        y = 20 + 0.37 * x_hours + rng.normal(0, 3, n)
        if case == "theilsen":
            y[::13] += 400  # outliers
        records = predict(binary, series(y), *(["--robust"] if case == "theilsen" else []))
        trend = next(r for r in records if r["kind"] == "trend")
        if case == "ols":
            import statsmodels.api as sm
            fit = sm.OLS(y, sm.add_constant(x_hours)).fit()
            check(abs(trend["slope"] - fit.params[1]) <= 1e-9 * abs(fit.params[1]), "slope %.12g vs statsmodels %.12g" % (trend["slope"], fit.params[1]))
            check(abs(trend["r2"] - fit.rsquared) <= 1e-9, "r2 %.12g vs statsmodels %.12g" % (trend["r2"], fit.rsquared))
            # pm widens the standard error for autocorrelated residuals: never below OLS's.
            check(trend["slope_se"] >= fit.bse[1] * (1 - 1e-9), "slope_se %.6g >= statsmodels %.6g" % (trend["slope_se"], fit.bse[1]))
        else:
            from scipy.stats import theilslopes
            ref = theilslopes(y, x_hours)[0]
            check(abs(trend["slope"] - ref) <= 1e-9 * abs(ref), "Theil-Sen slope %.12g vs scipy %.12g" % (trend["slope"], ref))
    elif case == "ses":
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel
        n, alpha = 1500, 0.3
        level, y = 50.0, []
        for e in rng.normal(0, 1, n):
            y.append(level + e)
            level += alpha * e
        y = np.array(y)
        records = predict(binary, series(y), "--model", "ses", "--horizon", "5m", "--season", "0")
        f = next(r for r in records if r["kind"] == "forecast")
        import pandas as pd
        res = ETSModel(pd.Series(y), error="add", trend=None, seasonal=None).fit(disp=False)
        pred = res.get_prediction(start=n, end=n).summary_frame(alpha=0.05)
        ref_mean, ref_lo, ref_hi = pred["mean"].iloc[0], pred["pi_lower"].iloc[0], pred["pi_upper"].iloc[0]
        half = (ref_hi - ref_lo) / 2
        check(abs(f["value"] - ref_mean) < 0.1 * half, "SES forecast %.4f vs statsmodels %.4f (half-width %.3f)" % (f["value"], ref_mean, half))
        check(abs((f["upper"] - f["lower"]) / 2 / half - 1) < 0.1, "SES 95%% half-width %.4f vs statsmodels %.4f" % ((f["upper"] - f["lower"]) / 2, half))
    elif case == "holtwinters":
        from statsmodels.tsa.holtwinters import ExponentialSmoothing
        n, m = 24 * 60, 24
        t = np.arange(n)
        y = 100 + 0.02 * t + 15 * np.sin(2 * np.pi * t / m) + rng.normal(0, 2, n)
        records = predict(binary, series(y, step=3600), "--model", "holt-winters", "--horizon", "1d", "--every", "1h")
        path = [r for r in records if r["kind"] == "forecast"]
        check(len(path) == 24 and path[0]["ets"] in ("A,A,A", "M,A,M") and path[0]["season"] == "1d",
              "holt-winters path of 24 steps, ets %s, season %s" % (path[0]["ets"], path[0]["season"]))
        ref = ExponentialSmoothing(y, trend="add", seasonal="add", seasonal_periods=m).fit().forecast(m)
        ours = np.array([r["value"] for r in path])
        half = np.mean([(r["upper"] - r["lower"]) / 2 for r in path])
        gap = float(np.mean(np.abs(ours - ref)))
        check(gap < 0.25 * half, "Holt-Winters path within %.3f of statsmodels on average (our 95%% half-width %.3f)" % (gap, half))
    elif case == "arima":
        # AR(2) around 50 and an ARIMA(0,1,1) random walk: pm's order fitted again by
        # statsmodels' SARIMAX (exact likelihood, not pm's conditional least squares).
        import re
        from statsmodels.tsa.statespace.sarimax import SARIMAX
        e = rng.normal(0, 1, 1700)
        ar = np.zeros(1700)
        for t in range(2, 1700):
            ar[t] = 0.6 * ar[t - 1] - 0.3 * ar[t - 2] + e[t]
        walk = np.cumsum(e + -0.5 * np.concatenate(([0], e[:-1])))
        for label, y in (("AR(2)", 50 + ar[200:]), ("ARIMA(0,1,1)", 50 + walk[200:])):
            records = predict(binary, series(y), "--model", "arima", "--horizon", "1h", "--every", "5m")
            path = [r for r in records if r["kind"] == "forecast"]
            order = re.match(r"\((\d),(\d),(\d)\)( with (mean|drift))?$", path[0]["arima"])
            check(order is not None and len(path) == 12, "%s: pm chose %s" % (label, path[0]["arima"]))
            p, d, q = (int(order.group(i)) for i in (1, 2, 3))
            trend = {"mean": "c", "drift": "t"}.get(order.group(5), "n")
            res = SARIMAX(y, order=(p, d, q), trend=trend).fit(disp=False)
            pred = res.get_forecast(12).summary_frame(alpha=0.05)
            ours = np.array([r["value"] for r in path])
            half = np.array([(r["upper"] - r["lower"]) / 2 for r in path])
            ref_half = ((pred["mean_ci_upper"] - pred["mean_ci_lower"]) / 2).to_numpy()
            gap = float(np.max(np.abs(ours - pred["mean"].to_numpy()) / ref_half))
            check(gap < 0.1, "%s forecasts within %.3f of statsmodels' half-width (at most 0.1)" % (label, gap))
            ratio = float(np.max(np.abs(half / ref_half - 1)))
            check(ratio < 0.1, "%s 95%% half-widths within %.1f%% of statsmodels' (at most 10%%)" % (label, 100 * ratio))
    else:
        sys.exit("unknown case " + case)


if __name__ == "__main__":
    main()
