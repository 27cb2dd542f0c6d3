#!/usr/bin/env bats
# pm-predict against independent implementations on the same simulated series: statsmodels'
# least squares, exponential smoothing (ETS), Holt-Winters and SARIMAX, and scipy's Theil-Sen.
# Debian's python3-statsmodels is in .ci/packages: a missing one fails here, never skips.

reference() {
  run /usr/bin/python3 -W ignore "$PM_SOURCE/tests/e2e/predict_reference.py" "$PM_BIN/pm-predict" "$1"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == ok* ]]
}

@test "the least-squares trend is statsmodels' OLS, its standard error never narrower" {
  reference ols
}

@test "--robust is scipy's Theil-Sen slope" {
  reference theilsen
}

@test "ses forecasts and 95 % intervals agree with statsmodels' ETSModel within a tenth of the interval" {
  reference ses
}

@test "holt-winters' day ahead agrees with statsmodels' ExponentialSmoothing within a quarter of the interval" {
  reference holtwinters
}

@test "arima's forecasts and 95 % intervals agree with statsmodels' SARIMAX of the same order within a tenth" {
  reference arima
}
