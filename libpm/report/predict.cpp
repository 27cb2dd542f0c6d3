// Predictor: samples kept per series within bounds, then pm-predict's Analyzer over them.
#include "libpm/report/predict.hpp"

#include "libpm/predict/run.hpp"
#include "libpm/record/series_index.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <deque>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace pm::report {

namespace {

struct KeptSeries {
  std::string name;
  std::string unit;
  record::Tags tags;
  std::deque<std::pair<time::TimePoint, double>> points;
};

} // namespace

struct Predictor::Impl {
  PredictOptions options;
  util::Diagnostics& diagnostics;
  /// The Analyzers' messages (a model fallen back to for a short series, points out of
  /// order) are about pm-predict's fits, not about the report's input: kept from stderr.
  util::Diagnostics notes;
  predict::Options forecast_options, anomaly_options;
  record::SeriesIndex index;
  std::vector<KeptSeries> series;
  std::size_t series_left_out = 0;
  std::size_t series_cut = 0; ///< series whose earlier points were left out
  std::vector<bool> cut;
  std::set<std::string> given; ///< kind + series of the input's derived records

  Impl(const PredictOptions& o, util::Diagnostics& d)
      : options(o), diagnostics(d) {
    anomaly_options.anomalies = true;
    if (options.horizon) {
      set_horizon(*options.horizon);
      // Checked now, so that a bad --horizon is a usage error before any input is read.
      predict::Analyzer check(forecast_options, [](const record::Record&) {}, notes);
    }
  }

  void set_horizon(time::Duration horizon) {
    forecast_options.horizon = time::format_duration(horizon);
    // Twelve steps make the band a curve, not a straight line from the last point; a
    // horizon under twelve seconds is one step.
    auto step = horizon / 12;
    forecast_options.every =
        time::format_duration(horizon >= std::chrono::seconds(12) ? std::chrono::floor<std::chrono::seconds>(step) : horizon);
  }

  /// A quarter of the span of the kept samples, rounded down to a round duration, with a
  /// tenth of slack so that two hours of 10 s samples (7190 s) still look 30 minutes ahead.
  time::Duration default_horizon() const {
    std::optional<time::TimePoint> first, last;
    for (const auto& s : series)
      for (const auto& [ts, value] : s.points) {
        first = first ? std::min(*first, ts) : ts;
        last = last ? std::max(*last, ts) : ts;
      }
    using namespace std::chrono_literals;
    static constexpr std::chrono::seconds k_round[] = {30 * 24h, 7 * 24h, 2 * 24h, 24h, 12h, 6h, 2h, 1h, 30min,
                                                      15min,     10min,   5min,    1min, 30s, 10s, 5s};
    const time::Duration quarter = first ? (*last - *first) * 11 / 40 : time::Duration{0};
    for (auto round : k_round)
      if (quarter >= round)
        return round;
    return 1s;
  }

  static std::string given_key(std::string_view kind, const record::Record& record) {
    return std::string(kind) + '\x1f' + record.series_key();
  }

  void add(const record::Record& record) {
    if (!record.is_sample()) {
      given.insert(given_key(record.kind, record));
      return;
    }
    auto [number, fresh] = index.find_or_add(record);
    if (fresh) {
      if (series.size() >= options.max_series) {
        // Numbered anyway, so that a left-out series is counted once and found fast.
        series.push_back({});
        cut.push_back(false);
        ++series_left_out;
        return;
      }
      series.push_back({record.name, record.unit, record.tags, {}});
      cut.push_back(false);
    }
    if (series[number].name.empty()) // a series left out
      return;
    KeptSeries& s = series[number];
    if (s.unit.empty() && !record.unit.empty())
      s.unit = record.unit;
    s.points.emplace_back(record.ts, record.value);
    if (s.points.size() > options.max_points) {
      s.points.pop_front();
      if (!cut[number]) {
        cut[number] = true;
        ++series_cut;
      }
    }
  }

  /// Every kept point of every series, each series in time order, through `analyzer`.
  void feed(predict::Analyzer& analyzer) {
    for (auto& s : series) {
      if (s.name.empty())
        continue;
      record::Record r;
      r.name = s.name;
      r.unit = s.unit;
      r.tags = s.tags;
      r.has_ts = r.has_value = true;
      for (const auto& [ts, value] : s.points) {
        r.ts = ts;
        r.value = value;
        analyzer.add(r);
      }
    }
  }

  void finish(const Sink& sink) {
    for (auto& s : series)
      std::stable_sort(s.points.begin(), s.points.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
    auto pass_on = [&](const record::Record& r) {
      if (!given.contains(given_key(r.kind, r)))
        sink(r);
    };
    {
      predict::Analyzer anomalies(anomaly_options, pass_on, notes);
      feed(anomalies);
      anomalies.finish();
    }
    if (!options.horizon)
      set_horizon(default_horizon());
    {
      predict::Analyzer forecasts(forecast_options, pass_on, notes);
      feed(forecasts);
      forecasts.finish();
    }
    if (series_left_out)
      diagnostics.info("predictions: " + std::to_string(series_left_out) + " of " + std::to_string(series.size()) +
                       " series left out: only the first " + std::to_string(options.max_series) + " are analysed");
    if (series_cut)
      diagnostics.info("predictions: " + std::to_string(series_cut) + " series analysed over their last " +
                       std::to_string(options.max_points) + " points only");
  }
};

Predictor::Predictor(const PredictOptions& options, util::Diagnostics& diagnostics)
    : m_impl(std::make_unique<Impl>(options, diagnostics)) {}
Predictor::~Predictor() = default;
void Predictor::add(const record::Record& record) { m_impl->add(record); }
void Predictor::finish(const Sink& sink) { m_impl->finish(sink); }

} // namespace pm::report
