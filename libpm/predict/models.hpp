// The forecasting models pm-predict offers, behind one interface: fitted to a regular series,
// moved on one step at a time in O(1), asked for a forecast with its interval h steps ahead.
#pragma once

#include "libpm/predict/ets.hpp"
#include "libpm/util/error.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pm::predict {

enum class ModelKind { automatic, naive, seasonal_naive, drift, linear, ses, holt, holt_winters, arima };

/// "auto", "naive", "seasonal-naive", "drift", "linear", "ses", "holt", "holt-winters", "arima".
Expected<ModelKind> parse_model(std::string_view text);
std::string_view to_string(ModelKind kind);
/// All names, for --help and messages.
std::string model_names();

/// A forecast h steps ahead: the mean and the central interval of the asked confidence
/// (lower = upper = NaN when the model cannot say: fewer than two errors seen).
struct Interval {
  double mean = 0;
  double lower = 0;
  double upper = 0;
};

class Model {
public:
  virtual ~Model() = default;
  /// Moves on one step with the observed value (NaN: a missing step). O(1).
  virtual void update(double y) = 0;
  /// The forecast h >= 1 steps after the last update, with a central interval holding
  /// `confidence` (0 < confidence < 1) of the outcomes under the model.
  virtual Interval forecast(std::size_t h, double confidence) const = 0;
  /// The `--model` name of what was fitted (`auto` fits one of the others).
  virtual ModelKind kind() const = 0;
  /// The ETS code ("A,Ad,M") of an exponential-smoothing model, the order
  /// ("(2,0,0)(0,1,1)[12]") of an ARIMA, else empty.
  virtual std::string code() const { return {}; }
  /// AICc of the fit (infinity for models outside the likelihood family).
  virtual double aicc() const;
  virtual std::unique_ptr<Model> clone() const = 0;
  /// Drops what forecast() keeps to answer again faster (the path and the variance factors
  /// up to the farthest step asked for): a search 30 days ahead in 1 s steps keeps millions
  /// of them, which must not stay with every series.
  virtual void forget() const {}
};

/// When a forecast first reaches a threshold, in steps ahead (1 = the next step); empty when
/// not within the steps searched. Upwards, the upper bound arrives first (`early`) and the
/// lower one last (`late`); downwards the reverse.
struct Crossing {
  std::optional<std::size_t> mean, early, late;
};
/// Searches steps 1..`steps` (stopping once the late bound has crossed) for `value` reached
/// from below (or, `below`, from above) by the forecast and its `confidence` interval, and
/// leaves the model with nothing kept (Model::forget).
Crossing find_crossing(const Model& model, std::size_t steps, double value, bool below, double confidence);

/// Fits `kind` to `y` (regular steps, NaN for missing ones). `period` is the season in steps
/// (0: none). Seasonal models need a period and two full seasons; when they cannot be fitted
/// (too short, no period, non-positive values for a multiplicative season) the nearest
/// non-seasonal model is fitted instead and `note` says so. `automatic` fits the ETS family
/// (with the seasonal members only when there is a period) and keeps the lowest AICc; from
/// 60 steps on it also fits an ARIMA, holds both (and with a season the seasonal naive
/// forecast) out of the last steps and keeps the one whose forecasts of those steps erred
/// least. Never returns null: a series of one value
/// gets a naive model without an interval.
std::unique_ptr<Model> fit_model(ModelKind kind, std::span<const double> y, std::size_t period, std::string& note);

/// The normal quantile whose central interval holds `confidence` (1.96 for 0.95).
double z_of(double confidence);

/// The most recent steps exponential smoothing fits its parameters on: 2000, or four
/// seasons of `period` when longer. They describe how the series moves now, and bound the
/// cost per series.
std::size_t fit_steps(std::size_t period);

} // namespace pm::predict
