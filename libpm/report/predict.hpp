// pm-report's own forecasts, anomalies and recommendations: pm-predict's Analyzer over the
// samples the report selected, within a bounded cost.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/diagnostics.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

namespace pm::report {

struct PredictOptions {
  /// How far the forecasts look; their path has twelve steps up to it. None: about a quarter
  /// of the time the kept samples span (the round duration 1s 5s 10s 30s 1m 5m 10m 15m 30m
  /// 1h 2h 6h 12h 1d 2d 7d 30d at or below 1.1 times the quarter), so a chart is about four
  /// fifths data.
  std::optional<time::Duration> horizon;
  /// Series analysed: the first ones the input brings; later series are left out (said).
  std::size_t max_series = 50;
  /// Points analysed per series: the last ones read; earlier ones are left out (said).
  std::size_t max_points = 10000;
};

/// Keeps the samples it is given (within the bounds of PredictOptions) and, at the end, runs
/// one pm-predict Analyzer for trends, forecasts and recommendations and one with
/// `anomalies` over them, handing on the records they derive. A computed record is dropped
/// when the input already held a record of the same kind for the same series (the input's
/// own pm-predict output wins and nothing is counted twice).
class Predictor {
public:
  using Sink = std::function<void(const record::Record&)>;
  /// Throws UsageError for a horizon the Analyzer refuses. `diagnostics` gets the notes on
  /// the bounds (the Analyzers' own notes on their fits are not passed on).
  Predictor(const PredictOptions& options, util::Diagnostics& diagnostics);
  ~Predictor();
  Predictor(const Predictor&) = delete;
  Predictor& operator=(const Predictor&) = delete;

  /// One record as the report takes it: a sample is kept; a derived record marks its kind
  /// and series as given by the input.
  void add(const record::Record& record);
  /// Runs the analyses and gives `sink` each derived record the input did not already have:
  /// anomalies first, then trends and forecasts, then recommendations. Says in a note when
  /// series or points were left out by the bounds.
  void finish(const Sink& sink);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace pm::report
