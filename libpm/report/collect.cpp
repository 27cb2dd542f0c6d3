// Collector: series interning, streaming statistics, components and derived-record lists.
#include "libpm/report/collect.hpp"

#include "libpm/report/rules.hpp"

#include "libpm/record/series_index.hpp"
#include "libpm/stats/quantiles.hpp"
#include "libpm/stats/summary.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <deque>
#include <map>

namespace pm::report {

namespace {

struct BucketState {
  stats::Summary summary;
  stats::Quantiles quantiles;
  explicit BucketState(stats::ExactBudget* budget) : quantiles(budget) {}
};

struct ComponentState {
  stats::Summary latency;
  stats::Quantiles quantiles;
  std::uint64_t errors = 0;
  explicit ComponentState(stats::ExactBudget* budget) : quantiles(budget) {}
};

struct SeriesState {
  std::string name;
  record::Tags tags;
  std::string unit;
  stats::Summary summary;
  stats::Quantiles quantiles;
  stats::ChartLine chart;
  std::map<std::int64_t, BucketState> buckets;
  std::int64_t cached_bucket = 0;
  BucketState* cached = nullptr;
  /// For request samples: the component and whether the series' tags make it an error;
  /// both depend only on the tags, so they are found once per series, not per record.
  ComponentState* component = nullptr;
  bool error = false;

  SeriesState(const record::Record& record, stats::ExactBudget* budget)
      : name(record.name), tags(record.tags), unit(record.unit), quantiles(budget) {}
};

Stats to_stats(const stats::Summary& summary, const stats::Quantiles& quantiles) {
  Stats s;
  s.count = summary.count();
  if (s.count == 0)
    return s;
  s.first_time = summary.first_time();
  s.last_time = summary.last_time();
  s.min = summary.min();
  s.max = summary.max();
  s.mean = summary.mean();
  s.stddev = summary.stddev();
  s.first = summary.first();
  s.last = summary.last();
  s.p50 = quantiles.quantile(0.50);
  s.p90 = quantiles.quantile(0.90);
  s.p95 = quantiles.quantile(0.95);
  s.p99 = quantiles.quantile(0.99);
  s.exact = quantiles.exact();
  s.relative_error = quantiles.relative_error();
  double span = summary.span_seconds();
  s.rate = span > 0 ? static_cast<double>(s.count) / span : static_cast<double>(s.count);
  s.change_rate = span > 0 ? (s.last - s.first) / span : 0;
  return s;
}

std::string string_field(const nlohmann::json& fields, const char* key) {
  auto it = fields.find(key);
  if (it != fields.end() && it->is_string())
    return it->get<std::string>();
  return {};
}

std::optional<double> number_field(const nlohmann::json& fields, const char* key) {
  auto it = fields.find(key);
  if (it != fields.end() && it->is_number())
    return it->get<double>();
  return std::nullopt;
}

} // namespace

struct Collector::Impl {
  CollectOptions options;
  stats::ExactBudget budget;
  record::SeriesIndex index; ///< numbers the series; series[n] is series number n
  std::deque<SeriesState> series;
  std::map<std::string, ComponentState, std::less<>> components;
  std::map<std::string, AlertItem> alert_state; ///< rule + series → latest event
  WarningCount warnings;                         ///< of the alert records read
  std::map<std::string, EventItem> predictions; ///< kind + series → latest
  std::map<std::string, EventItem> recommendations; ///< message → latest
  std::vector<EventItem> anomalies;
  std::map<std::string, std::map<time::TimePoint, ForecastPoint>> forecast_paths; ///< series → path
  std::uint64_t records = 0, samples = 0, alert_events = 0, dropped = 0;

  explicit Impl(CollectOptions o) : options(std::move(o)), budget(options.exact_limit) {}

  SeriesState& find_series(const record::Record& record) {
    auto [number, fresh] = index.find_or_add(record);
    if (!fresh)
      return series[number];
    series.emplace_back(record, &budget);
    if (record.name == k_request_metric) {
      auto name = component_of(record);
      if (name.empty())
        name = "(none)";
      auto found = components.find(name);
      if (found == components.end())
        found = components.try_emplace(std::string(name), &budget).first;
      series.back().component = &found->second;
      series.back().error = record::is_failed_request(record);
    }
    return series.back();
  }

  std::string_view component_of(const record::Record& record) const {
    return record::component_of(record, options.group_by);
  }

  void add_sample(const record::Record& record) {
    ++samples;
    SeriesState& s = find_series(record);
    if (s.unit.empty() && !record.unit.empty())
      s.unit = record.unit;
    s.summary.add(record.ts, record.value);
    s.quantiles.add(record.value);
    if (options.charts)
      s.chart.add(record.ts, record.value);
    if (options.every) {
      auto width = options.every->count();
      auto ms = record.ts.time_since_epoch().count();
      std::int64_t start = (ms >= 0 ? ms / width : (ms - width + 1) / width) * width;
      if (!s.cached || s.cached_bucket != start) {
        auto [it, inserted] = s.buckets.try_emplace(start, &budget);
        s.cached = &it->second;
        s.cached_bucket = start;
      }
      s.cached->summary.add(record.ts, record.value);
      s.cached->quantiles.add(record.value);
    }
    if (s.component) {
      s.component->latency.add(record.ts, record.value);
      s.component->quantiles.add(record.value);
      if (s.error)
        ++s.component->errors;
    }
  }

  EventItem event_of(const record::Record& record) const {
    EventItem item;
    item.kind = record.kind;
    item.ts = record.ts;
    item.series = record.series_key();
    item.name = record.name;
    item.unit = record.unit;
    if (record.has_value)
      item.value = record.value;
    item.fields = record.extra_fields();
    if (!item.fields.is_object())
      item.fields = nlohmann::json::object();
    item.severity = string_field(item.fields, "severity");
    item.message = string_field(item.fields, "message");
    return item;
  }

  void add_alert(const record::Record& record) {
    ++alert_events;
    auto fields = record.extra_fields();
    if (!fields.is_object())
      fields = nlohmann::json::object();
    AlertItem item;
    item.ts = record.ts;
    item.metric = record.name;
    item.judged = judged_metric(string_field(fields, "aggregate"), record.name);
    item.series = record.series_key();
    item.rule = string_field(fields, "rule");
    item.module = std::string(component_of(record));
    if (item.module.empty())
      item.module = item.series;
    item.value = record.has_value ? record.value : number_field(fields, "value").value_or(0);
    item.threshold = number_field(fields, "threshold");
    item.level = string_field(fields, "severity");
    if (item.level.empty())
      item.level = "warning";
    item.state = string_field(fields, "state");
    if (item.state.empty())
      item.state = "firing";
    item.message = string_field(fields, "message");
    if (item.state == "firing") {
      auto since = time::parse_timestamp(string_field(fields, "since"));
      warnings.add(item.rule, item.series, since ? *since : item.ts, item.level);
    }
    std::string key = item.rule + '\x1f' + item.series;
    auto it = alert_state.find(key);
    if (it == alert_state.end() || it->second.ts <= item.ts)
      alert_state.insert_or_assign(key, std::move(item));
  }

  void add_forecast_point(const EventItem& item) {
    auto& path = forecast_paths[item.series];
    path.insert_or_assign(item.ts, ForecastPoint{item.ts, *item.value, number_field(item.fields, "lower"),
                                                 number_field(item.fields, "upper")});
    if (path.size() > options.max_forecast_points)
      path.erase(path.begin());
  }

  void add(const record::Record& record, Origin origin) {
    if (origin == Origin::input)
      ++records;
    if (record.is_sample()) {
      add_sample(record);
    } else if (record.kind == "alert") {
      add_alert(record);
    } else if (record.kind == "anomaly") {
      if (anomalies.size() < options.max_events)
        anomalies.push_back(event_of(record));
      else
        ++dropped;
    } else if (record.kind == "forecast" || record.kind == "trend") {
      auto item = event_of(record);
      if (record.kind == "forecast" && record.has_value)
        add_forecast_point(item);
      std::string key = item.kind + '\x1f' + item.series;
      auto it = predictions.find(key);
      if (it == predictions.end() || it->second.ts <= item.ts)
        predictions.insert_or_assign(key, std::move(item));
    } else if (record.kind == "recommendation") {
      auto item = event_of(record);
      std::string key = item.message.empty() ? item.series : item.message;
      recommendations.insert_or_assign(key, std::move(item));
    }
    // Other kinds are passed over: a report only knows the kinds of pm(7) THE RECORD.
  }
};

Collector::Collector(CollectOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {}
Collector::~Collector() = default;

void Collector::add(const record::Record& record, Origin origin) { m_impl->add(record, origin); }

stats::ExactBudget& Collector::budget() { return m_impl->budget; }

Report Collector::finish(time::TimePoint now) {
  Impl& impl = *m_impl;
  Report report;
  report.now = now;
  report.group_by = impl.options.group_by.empty() ? "module" : impl.options.group_by;
  report.every = impl.options.every;
  report.records = impl.records;
  report.samples = impl.samples;
  report.alert_events = impl.alert_events;
  report.warning_alerts = impl.warnings.count();
  report.events_dropped = impl.dropped;

  report.series.reserve(impl.series.size());
  for (auto& s : impl.series) {
    SeriesReport out;
    out.key = record::series_key(s.name, s.tags);
    out.name = s.name;
    out.tags = s.tags;
    out.unit = s.unit;
    out.stats = to_stats(s.summary, s.quantiles);
    out.chart = s.chart.points();
    for (auto& [start, bucket] : s.buckets)
      out.buckets.push_back({time::TimePoint{time::Duration{start}}, to_stats(bucket.summary, bucket.quantiles)});
    if (auto path = impl.forecast_paths.find(out.key); path != impl.forecast_paths.end())
      for (auto point = path->second.upper_bound(out.stats.last_time); point != path->second.end(); ++point)
        out.forecast.push_back(point->second);
    report.series.push_back(std::move(out));
  }
  std::sort(report.series.begin(), report.series.end(),
            [](const SeriesReport& a, const SeriesReport& b) { return a.key < b.key; });

  for (auto& [name, c] : impl.components) {
    ComponentReport out;
    out.name = name;
    out.requests = c.latency.count();
    out.errors = c.errors;
    out.latency_mean = c.latency.mean();
    out.latency_p50 = c.quantiles.quantile(0.50);
    out.latency_p95 = c.quantiles.quantile(0.95);
    out.latency_p99 = c.quantiles.quantile(0.99);
    out.error_rate = out.requests ? static_cast<double>(out.errors) / static_cast<double>(out.requests) : 0;
    out.requests_per_second = static_cast<double>(out.requests) / std::max(1.0, c.latency.span_seconds());
    out.first_time = c.latency.first_time();
    out.last_update = c.latency.last_time();
    out.exact = c.quantiles.exact();
    report.components.push_back(std::move(out));
  }
  for (std::size_t i = 0; i < report.components.size(); ++i)
    report.slowest.push_back(i);
  std::stable_sort(report.slowest.begin(), report.slowest.end(), [&](std::size_t a, std::size_t b) {
    return report.components[a].latency_p95 > report.components[b].latency_p95;
  });

  for (auto& [key, alert] : impl.alert_state)
    if (alert.state == "firing")
      report.alerts.push_back(alert);
  std::sort(report.alerts.begin(), report.alerts.end(),
            [](const AlertItem& a, const AlertItem& b) { return a.ts < b.ts; });
  report.anomalies = impl.anomalies;
  std::stable_sort(report.anomalies.begin(), report.anomalies.end(),
                   [](const EventItem& a, const EventItem& b) { return a.ts < b.ts; });
  for (auto& [key, item] : impl.predictions)
    report.predictions.push_back(item);
  for (auto& [key, item] : impl.recommendations)
    report.recommendations.push_back(item);
  return report;
}

} // namespace pm::report
