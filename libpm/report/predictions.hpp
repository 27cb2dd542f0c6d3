// What the text, markdown and html formats show of forecasts, trends and anomalies.
#pragma once

#include "libpm/report/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pm::report {

/// One series' outlook: its latest forecast (the farthest step of the path) and its trend,
/// side by side, with the figures already worded for people ("" where a record lacks them).
struct PredictionRow {
  std::string series;
  std::string model;      ///< the forecast's model ("holt", "ses", ...)
  std::string horizon;    ///< how far ahead the forecast looks ("1h")
  std::string at;         ///< the forecast's time
  std::string value;      ///< the forecast value, in the series' unit
  std::string interval;   ///< "95% 88.8%..89.2%": the prediction interval
  std::string trend;      ///< "increasing +18.0%/h" from the trend record (else the forecast's word)
  std::string eta;        ///< when the trend crosses its threshold: "2026-...Z (in 13m30s)"
};

/// The rows, one per series with a forecast or a trend, in series order.
std::vector<PredictionRow> prediction_rows(const Report& report);

/// An anomaly's figures for people.
struct AnomalyRow {
  std::string time, severity, series, value;
  std::string expected; ///< "0.08..0.12" from `expected` [low, high]
  std::string z;        ///< "+7.2"
  std::string method;
};

std::vector<AnomalyRow> anomaly_rows(const Report& report);

/// A recommendation's severity ("info" when it has none), message (else its series) and
/// evidence: its series and the figures of its record beyond the message.
struct RecommendationRow {
  std::string severity, message, series, evidence;
};

std::vector<RecommendationRow> recommendation_rows(const Report& report);

} // namespace pm::report
