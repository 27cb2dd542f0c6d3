// Seasonal ARIMA (p,d,q)(0,D,Q)m, the model `auto` holds against the ETS family: orders
// chosen from the data, fitted by conditional least squares, forecasts with ψ-weight
// intervals, moved on one step at a time in O(1).
#pragma once

#include "libpm/predict/models.hpp"

#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace pm::predict {

/// Which model: AR order p ≤ 2, d ≤ 2 differences, MA order q ≤ 2; with a season of
/// `period` steps, D ≤ 1 seasonal differences and a seasonal MA term Q ≤ 1. `constant` is
/// a mean of the differenced series (a level for d + D = 0, a drift for d + D = 1).
struct ArimaOrder {
  std::size_t p = 0, d = 0, q = 0;
  std::size_t D = 0, Q = 0;
  std::size_t period = 0;
  bool constant = false;

  /// "(2,0,0)(0,1,1)[12]", or "(1,1,1)" without a season; " with drift"/" with mean"
  /// when the constant is there.
  std::string text() const;
};

/// The KPSS statistic of level stationarity (Kwiatkowski et al. 1992) with the
/// Newey–West long-run variance at lag trunc(3√n/13); NaN values are left out. Above
/// 0.463 stationarity is rejected at 5 %.
double kpss_statistic(std::span<const double> y);

/// Fits `order` to the regular series `y` (NaN: a missing step, filled by the model's
/// forecast). Null when the series is too short for it or the fit fails.
std::unique_ptr<Model> fit_arima(const ArimaOrder& order, std::span<const double> y);

/// Chooses the order and fits it: d by repeated KPSS tests (at most 2); D = 1 when `period`
/// ≥ 2 and the series spans three seasons and 30 steps more; p, q ≤ 2 and Q ≤ 1 by AIC of
/// Hannan–Rissanen regressions; then least squares on the chosen order. Null when the
/// series is too short (fewer than 20 observed steps) or nothing could be fitted.
std::unique_ptr<Model> auto_arima(std::span<const double> y, std::size_t period);

/// The order of a model `fit_arima` or `auto_arima` returned (empty order otherwise).
ArimaOrder arima_order(const Model& model);

} // namespace pm::predict
