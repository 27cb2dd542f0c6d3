// Folding a stream of records into per-series statistics, components and lists of events.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/record/request.hpp"
#include "libpm/report/model.hpp"
#include "libpm/stats/quantiles.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace pm::report {

struct CollectOptions {
  /// The tag that names a component; empty means `module`, else `endpoint`.
  std::string group_by;
  /// Time buckets (aligned to the epoch) for per-bucket statistics.
  std::optional<time::Duration> every;
  /// Values kept in memory for exact percentiles, over all series (8 bytes each).
  std::size_t exact_limit = std::size_t{1} << 22;
  /// Keep chart points (text sparklines, HTML charts).
  bool charts = true;
  /// Anomalies kept for listing; more are counted in events_dropped.
  std::size_t max_events = 10000;
  /// Forecast points kept per series for its chart's band (distinct times; beyond, the
  /// earliest go first, as those are the likeliest to fall before the series' last sample).
  std::size_t max_forecast_points = 1000;
};

/// The metric whose samples make the per-component dashboard (pm(7) THE RECORD).
using record::k_request_metric;

/// Where a record comes from: the input (counted in Report::records), or pm-report's own
/// predictions (listed like the input's, not counted as read).
enum class Origin { input, computed };

/// Accumulates records in bounded memory: per series a Summary, Quantiles (exact within
/// the shared budget, sketched beyond) and a ChartLine; series keys are interned by a hash
/// of name and tags, so a record of a known series costs no allocation.
class Collector {
public:
  explicit Collector(CollectOptions options);
  ~Collector();
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;

  /// Takes one record: a sample into its series (and its component when it is a request),
  /// a derived record into the lists of alerts, anomalies, predictions, recommendations.
  void add(const record::Record& record, Origin origin = Origin::input);
  /// The report of everything added (no gates, no health: see gates.hpp and health.hpp).
  Report finish(time::TimePoint now);
  /// The budget of exact values (CollectOptions::exact_limit) its statistics share, for others
  /// that keep percentiles beside them (--fail-on gates): memory stays bounded by one limit.
  stats::ExactBudget& budget();

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace pm::report
