// What a report holds once computed: per-series statistics, components, events, gates, health.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/stats/chart.hpp"
#include "libpm/time/time.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace pm::report {

/// The statistics of a set of values (a series, or one --every bucket of it).
struct Stats {
  std::uint64_t count = 0;
  time::TimePoint first_time{};
  time::TimePoint last_time{};
  double min = 0, max = 0, mean = 0, stddev = 0;
  double p50 = 0, p90 = 0, p95 = 0, p99 = 0;
  double first = 0, last = 0;
  /// Records per second over the span (count / span; count when the span is 0).
  double rate = 0;
  /// (last − first) / span: the per-second increase of a counter, the slope of a gauge.
  double change_rate = 0;
  bool exact = true;           ///< percentiles exact; else within relative_error
  double relative_error = 0;
};

/// A series measured against the same series of a baseline run.
struct Comparison {
  std::string statistic; ///< "mean", "p95", ...
  double baseline = 0;
  double current = 0;
  double delta = 0;                  ///< current − baseline
  std::optional<double> delta_pct;   ///< 100·delta/|baseline|; none when the baseline is 0
  bool higher_is_better = false;     ///< rates (units ending in "/s")
  bool regression = false;           ///< worse by more than the tolerance
};

struct Bucket {
  time::TimePoint start{};
  Stats stats;
};

/// One step of a forecast path (a `forecast` record): the value expected at `ts` and its
/// prediction interval, when the record gives one.
struct ForecastPoint {
  time::TimePoint ts{};
  double value = 0;
  std::optional<double> lower, upper;
};

/// A level of an alert rule that judged a series (--rules, --defaults): drawn on its chart.
struct ThresholdLine {
  std::string rule;
  std::string severity;
  double value = 0;
  std::string condition; ///< `> 80`, as the rule says it
};

struct SeriesReport {
  std::string key; ///< name{k="v",...}
  std::string name;
  record::Tags tags;
  std::string unit;
  Stats stats;
  std::vector<stats::ChartLine::Point> chart;
  std::vector<Bucket> buckets; ///< with --every
  std::optional<Comparison> comparison;
  /// The forecast records of this series dated after its last sample, in time order (the
  /// path the html charts draw as a band); at most CollectOptions::max_forecast_points.
  std::vector<ForecastPoint> forecast;
  /// The thresholds of the rules evaluated over the input that judged this series' values
  /// (see attach_thresholds), lowest first.
  std::vector<ThresholdLine> thresholds;
};

/// One component (module, endpoint, ...) from its api.request.duration samples.
struct ComponentReport {
  std::string name;
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
  double latency_mean = 0, latency_p50 = 0, latency_p95 = 0, latency_p99 = 0;
  double error_rate = 0;          ///< errors / requests
  double requests_per_second = 0; ///< requests / span of its requests (span at least 1 s)
  time::TimePoint first_time{};
  time::TimePoint last_update{};
  bool exact = true;
};

/// An alert: from an `alert` record in the input, or raised by the rules run inline.
struct AlertItem {
  time::TimePoint ts{};
  std::string module; ///< the component tag, else the series
  std::string metric; ///< the metric name
  /// What was judged, as the dashboard names it (see judged_metric): `latency_p95`.
  std::string judged;
  std::string rule;
  std::string series;
  double value = 0;
  std::optional<double> threshold;
  std::string level; ///< severity
  std::string state; ///< firing / resolved
  std::string message;
};

/// An anomaly, forecast, trend or recommendation found in the input.
struct EventItem {
  std::string kind;
  time::TimePoint ts{};
  std::string series;
  std::string name;
  std::string unit;
  std::optional<double> value;
  std::string severity;
  std::string message;
  nlohmann::json fields = nlohmann::json::object(); ///< the record's other members
};

/// A CI gate: a --fail-on expression, a regression check, or an alert rule.
struct Gate {
  std::string name;
  std::string kind; ///< "fail-on", "regression", "rule"
  bool failed = false;
  std::string message;
  bool judged_nothing = false; ///< a --fail-on that no record reached: passes, with a warning
};

/// An alert rule run inline (--rules, --defaults) over the whole input.
struct RuleResult {
  std::string name;
  std::size_t fired = 0;  ///< firing transitions
  std::size_t active = 0; ///< alerts still firing at the end
  bool saw_data = false;
  std::vector<std::string> messages; ///< one per firing transition
};

struct Health {
  std::string status = "healthy"; ///< healthy / degraded / unhealthy
  std::vector<std::string> reasons;
  /// The original module's figures (none when the input has no such records): the latest
  /// total CPU and memory usage in percent (the highest over hosts), the mean latency of all
  /// requests in seconds and their error rate (errors / requests).
  std::optional<double> cpu_usage, memory_usage, response_time_avg, error_rate;
  std::size_t checks = 0;      ///< health.up series
  std::size_t checks_down = 0; ///< of them, those whose last value is 0
};

struct Report {
  time::TimePoint now{};
  std::string group_by;            ///< the tag components were grouped by ("module, then endpoint" by default)
  std::optional<time::Duration> every;
  std::uint64_t records = 0;       ///< records read (samples and derived)
  std::uint64_t samples = 0;
  std::vector<SeriesReport> series; ///< sorted by key
  std::vector<ComponentReport> components; ///< sorted by name
  std::vector<std::size_t> slowest;        ///< component indices, highest p95 first
  std::vector<AlertItem> alerts;           ///< active (firing, not resolved later)
  std::uint64_t alert_events = 0;          ///< every alert record seen
  /// Alerts that were at level warning at some time of the run, resolved since or still
  /// firing (each alert once however often it changed level): may exceed `alerts.size()`.
  std::uint64_t warning_alerts = 0;
  std::vector<EventItem> anomalies;
  std::vector<EventItem> predictions; ///< forecasts and trends, latest per series and kind
  std::vector<EventItem> recommendations;
  std::uint64_t events_dropped = 0; ///< anomalies beyond the kept maximum
  std::string baseline_source;      ///< the --baseline file, when given
  double tolerance_pct = 0;
  std::vector<Gate> gates;
  std::vector<RuleResult> rules;
  Health health;

  /// True when some series' percentiles come from the sketch (the formats then say so).
  bool any_sketched() const {
    for (const auto& s : series)
      if (!s.stats.exact)
        return true;
    return false;
  }

  bool gates_failed() const {
    for (const auto& gate : gates)
      if (gate.failed)
        return true;
    return false;
  }
};

} // namespace pm::report
