// Recommendations: each rule reads a series' fitted trend and model (or the error rates, or
// the anomalies found) and says what it sees only when the figures carry it.
#include "libpm/predict/recommend.hpp"

#include "libpm/record/request.hpp"
#include "libpm/stats/regression.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace pm::predict {

void ErrorRates::add(const record::Record& request) {
  if (request.name != record::k_request_metric)
    return;
  auto& buckets = m_components[std::string(record::component_of(request))];
  const long long minute = request.ts.time_since_epoch().count() / 60'000;
  Bucket& b = buckets[minute];
  b.requests += 1;
  b.failed += record::is_failed_request(request) ? 1 : 0;
  while (buckets.size() > 1440)
    buckets.erase(buckets.begin());
}

namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

/// "about 3 days", "about 5 hours": a duration people read at a glance.
std::string about(time::Duration d) {
  const double s = static_cast<double>(d.count()) / 1000;
  char text[64];
  if (s >= 2 * 86400)
    std::snprintf(text, sizeof text, "about %.0f days", s / 86400);
  else if (s >= 2 * 3600)
    std::snprintf(text, sizeof text, "about %.0f hours", s / 3600);
  else if (s >= 120)
    std::snprintf(text, sizeof text, "about %.0f minutes", s / 60);
  else
    std::snprintf(text, sizeof text, "about %.0f seconds", std::max(1.0, s));
  return text;
}

/// 40 MB, 1.5 GB: bytes in decimal units.
std::string bytes(double v) {
  static constexpr const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  std::size_t u = 0;
  double a = std::abs(v);
  while (a >= 1000 && u + 1 < std::size(units)) {
    a /= 1000;
    v /= 1000;
    ++u;
  }
  char text[32];
  std::snprintf(text, sizeof text, a >= 100 ? "%.0f %s" : "%.3g %s", v, units[u]);
  return text;
}

std::string figure(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", v);
  return text;
}

/// The series as people write it: name{k="v",...}.
std::string series_text(const SeriesEvidence& e) { return record::series_key(*e.name, *e.tags); }

/// What a filesystem series calls its mount point, else the whole series.
std::string place_of(const SeriesEvidence& e) {
  for (std::string_view key : {"mount", "mountpoint", "path", "device", "fs"})
    for (const auto& [k, v] : *e.tags)
      if (k == key)
        return v;
  return series_text(e);
}

class Recommender {
public:
  explicit Recommender(const RecommendSettings& settings) : m_settings(settings) {}

  void series(const SeriesEvidence& e) {
    const Series& s = *e.series;
    if (e.anomalies)
      anomalies(e);
    if (!s.fitted() || !enough(s))
      return;
    const std::string& name = *e.name;
    const std::string& unit = *e.unit;
    if (name == "system.filesystem.usage" || (unit == "percent" && (contains(name, "filesystem") || contains(name, "disk")) &&
                                              (contains(name, "usage") || contains(name, "used"))))
      filesystem(e);
    if (name == "system.memory.used" || name == "system.process.rss" || name == "system.cgroup.memory.current" ||
        (unit == "bytes" && (contains(name, "memory") || contains(name, "rss") || contains(name, "heap"))))
      memory(e);
    if (name == record::k_request_metric || (unit == "seconds" && (contains(name, "latency") || contains(name, "duration"))))
      latency(e);
    if (name == "system.cpu.usage" || (unit == "percent" && contains(name, "cpu") && contains(name, "usage")))
      cpu(e);
  }

  void errors(const ErrorRates& rates) {
    for (const auto& [component, buckets] : rates.components())
      error_rate(component, buckets);
  }

  std::vector<record::Record> take() {
    std::stable_sort(m_out.begin(), m_out.end(), [](const record::Record& a, const record::Record& b) {
      return rank(a) > rank(b);
    });
    return std::move(m_out);
  }

private:
  static int rank(const record::Record& r) {
    const auto severity = r.extra_fields().value("severity", "info");
    return severity == "critical" ? 3 : severity == "error" ? 2 : severity == "warning" ? 1 : 0;
  }

  record::Record make(const SeriesEvidence& e, std::string_view reason, std::string_view severity, const std::string& message) {
    record::Record r;
    r.ts = e.series->last_time();
    r.has_ts = true;
    r.kind = "recommendation";
    r.name = *e.name;
    r.tags = *e.tags;
    r.unit = *e.unit;
    r.add_field("severity", severity);
    r.add_field("message", message);
    r.add_field("reason", reason);
    r.add_field("series", series_text(e));
    return r;
  }

  void add_trend(const SeriesEvidence& e, record::Record& r) {
    const Series& s = *e.series;
    r.add_field("slope", s.trend().line.slope);
    r.add_field("r2", s.trend().line.r2);
    r.add_field("last", s.last_value());
    r.add_field("from", time::format_timestamp(s.last_step_time() - s.step() * static_cast<long long>(s.window().size() - 1)));
    r.add_field("to", time::format_timestamp(s.last_time()));
  }

  /// Enough evidence for a rule that reads a trend or a forecast: at least 30 steps over at
  /// least ten minutes (three samples of a busy second say nothing of the next hour).
  static bool enough(const Series& s) {
    return s.window().size() >= 30 && s.step() * static_cast<long long>(s.window().size()) >= std::chrono::minutes(10);
  }

  std::size_t steps_for(const Series& s, time::Duration d) const {
    return static_cast<std::size_t>(std::clamp<long long>(d.count() / std::max<long long>(1, s.step().count()), 1, 10'000'000));
  }

  /// A filesystem whose usage rises toward 100 %: when, by the forecast and its interval.
  void filesystem(const SeriesEvidence& e) {
    const Series& s = *e.series;
    if (s.trend().direction != "increasing")
      return;
    const double full = 100;
    const auto month = std::chrono::duration_cast<time::Duration>(std::chrono::hours(24 * 30));
    const Crossing c = find_crossing(s.model(), steps_for(s, month), full, false, m_settings.confidence);
    if (!c.mean && !c.early)
      return;
    const std::size_t h = c.mean ? *c.mean : *c.early;
    const time::Duration in = s.step() * static_cast<long long>(h);
    const bool likely = c.mean.has_value();
    const auto day = std::chrono::duration_cast<time::Duration>(std::chrono::hours(24));
    const std::string severity = !likely ? "info" : in <= day ? "critical" : in <= 7 * day ? "warning" : "info";
    std::string message = "filesystem " + place_of(e) + (likely ? " fills in " + about(in) : " may fill within " + about(in)) +
                          " (now " + figure(s.last_value()) + " %, " + (s.trend().line.slope >= 0 ? "+" : "") +
                          figure(s.trend().line.slope) + " %/h)";
    record::Record r = make(e, "filesystem_fills", severity, message);
    add_trend(e, r);
    r.add_field("threshold", full);
    if (c.mean)
      r.add_field("eta", time::format_timestamp(s.last_step_time() + s.step() * static_cast<long long>(*c.mean)));
    if (c.early)
      r.add_field("eta_low", time::format_timestamp(s.last_step_time() + s.step() * static_cast<long long>(*c.early)));
    if (c.late)
      r.add_field("eta_high", time::format_timestamp(s.last_step_time() + s.step() * static_cast<long long>(*c.late)));
    m_out.push_back(std::move(r));
  }

  /// Memory that grows steadily for at least half an hour: a straight line fits it (r² ≥ 0.8)
  /// and the means of 20 consecutive blocks of the window rise from one to the next at least
  /// 80 % of the time (a sawtooth of a garbage collector, or a cache warming and levelling off,
  /// does neither).
  void memory(const SeriesEvidence& e) {
    const Series& s = *e.series;
    const auto window = s.window();
    const time::Duration span = s.step() * static_cast<long long>(window.size());
    if (s.trend().direction != "increasing" || s.trend().line.r2 < 0.8 || span < std::chrono::minutes(30) ||
        window.size() < 40)
      return;
    constexpr std::size_t blocks = 20;
    std::vector<double> means;
    for (std::size_t b = 0; b < blocks; ++b) {
      double sum = 0, n = 0;
      for (std::size_t i = b * window.size() / blocks; i < (b + 1) * window.size() / blocks; ++i)
        if (!std::isnan(window[i])) {
          sum += window[i];
          n += 1;
        }
      if (n > 0)
        means.push_back(sum / n);
    }
    std::size_t rises = 0;
    for (std::size_t i = 1; i < means.size(); ++i)
      rises += means[i] > means[i - 1] ? 1 : 0;
    const double share = means.size() > 1 ? static_cast<double>(rises) / static_cast<double>(means.size() - 1) : 0;
    if (share < 0.8)
      return;
    const double slope = s.trend().line.slope;
    const std::string per_hour = *e.unit == "bytes" ? bytes(slope) : figure(slope) + (e.unit->empty() ? "" : " " + *e.unit);
    std::string message = "memory grows " + per_hour + "/h: possible leak (" + series_text(e) + ", r² " +
                          figure(s.trend().line.r2) + " over " + about(span).substr(6) + ")";
    record::Record r = make(e, "memory_leak", "warning", message);
    add_trend(e, r);
    r.add_field("rising_blocks", share);
    m_out.push_back(std::move(r));
  }

  /// Latency whose forecast reaches 1 s (the p99 alert of the built-in rules) within the
  /// horizon while its trend rises.
  void latency(const SeriesEvidence& e) {
    const Series& s = *e.series;
    const double limit = 1.0;
    if (s.trend().direction != "increasing" || s.last_value() >= limit * 10)
      return;
    const Crossing c = find_crossing(s.model(), steps_for(s, m_settings.horizon), limit, false, m_settings.confidence);
    if (!c.mean)
      return;
    const time::Duration in = s.step() * static_cast<long long>(*c.mean);
    std::string message = "latency of " + series_text(e) + " heads for " + figure(limit) + " s: reached in " + about(in) +
                          " at +" + figure(s.trend().line.slope) + " s/h";
    record::Record r = make(e, "latency_rising", in <= std::chrono::hours(1) ? "error" : "warning", message);
    add_trend(e, r);
    r.add_field("threshold", limit);
    r.add_field("eta", time::format_timestamp(s.last_step_time() + in));
    m_out.push_back(std::move(r));
  }

  /// CPU usage forecast to stay above 80 % (the high_cpu rule) over the next hour.
  void cpu(const SeriesEvidence& e) {
    const Series& s = *e.series;
    const double limit = 80;
    const std::size_t h = steps_for(s, std::chrono::hours(1));
    const Interval ahead = s.model().forecast(h, m_settings.confidence);
    const Crossing c = find_crossing(s.model(), h, limit, false, m_settings.confidence);
    const bool sustained = s.last_value() > limit && ahead.mean > limit;
    if (!sustained && !(c.mean && s.trend().direction == "increasing"))
      return;
    std::string message = "High CPU usage predicted - consider scaling resources: " + series_text(e) + " " +
                          (sustained ? "stays above " + figure(limit) + " % (forecast " + figure(ahead.mean) + " % in 1 hour)"
                                     : "reaches " + figure(limit) + " % in " + about(s.step() * static_cast<long long>(*c.mean)));
    record::Record r = make(e, "cpu_high_predicted", "warning", message);
    add_trend(e, r);
    r.add_field("threshold", limit);
    r.add_field("forecast", ahead.mean);
    r.add_field("horizon", "1h");
    m_out.push_back(std::move(r));
  }

  /// Three or more anomaly episodes of one series within an hour.
  void anomalies(const SeriesEvidence& e) {
    const auto& times = *e.anomalies;
    if (times.size() < 3)
      return;
    // The largest run of episodes within one hour, ending at the latest possible one.
    std::size_t best = 0, best_end = 0;
    for (std::size_t end = 0, begin = 0; end < times.size(); ++end) {
      while (times[end] - times[begin] > std::chrono::hours(1))
        ++begin;
      if (end - begin + 1 >= best) {
        best = end - begin + 1;
        best_end = end;
      }
    }
    if (best < 3)
      return;
    const time::TimePoint from = times[best_end + 1 - best], to = times[best_end];
    std::string message = "burst of anomalies: " + std::to_string(best) + " in " + series_text(e) + " between " +
                          time::format_timestamp(from) + " and " + time::format_timestamp(to);
    record::Record r = make(e, "anomaly_burst", best >= 5 ? "error" : "warning", message);
    r.ts = to;
    r.add_field("count", static_cast<double>(best));
    r.add_field("from", time::format_timestamp(from));
    r.add_field("to", time::format_timestamp(to));
    m_out.push_back(std::move(r));
  }

  /// A component's error rate, minute by minute over its last hour of requests, rising: a
  /// weighted line through the rates with a slope significant at 3 standard errors, a last
  /// quarter at least 1.5 times the first, and at least 1 % failing at the end.
  void error_rate(const std::string& component, const std::map<long long, ErrorRates::Bucket>& buckets) {
    if (buckets.size() < 10)
      return;
    const long long last = buckets.rbegin()->first;
    std::vector<double> x, y, w;
    double requests = 0;
    for (auto it = buckets.lower_bound(last - 59); it != buckets.end(); ++it) {
      x.push_back(static_cast<double>(it->first - last) / 60);
      y.push_back(it->second.failed / it->second.requests);
      w.push_back(it->second.requests);
      requests += it->second.requests;
    }
    if (x.size() < 10 || requests < 100)
      return;
    // Weighted least squares by hand: the rates of busy minutes count more.
    double sw = 0, sx = 0, sy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      sw += w[i];
      sx += w[i] * x[i];
      sy += w[i] * y[i];
    }
    const double mx = sx / sw, my = sy / sw;
    double sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      sxx += w[i] * (x[i] - mx) * (x[i] - mx);
      sxy += w[i] * (x[i] - mx) * (y[i] - my);
    }
    if (!(sxx > 0))
      return;
    const double slope = sxy / sxx;
    double rss = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double r = y[i] - (my + slope * (x[i] - mx));
      rss += w[i] * r * r;
    }
    const double n = static_cast<double>(x.size());
    const double se = std::sqrt(rss / std::max(1.0, n - 2) / sxx);
    auto rate_of = [&](std::size_t from, std::size_t to) {
      double f = 0, r = 0;
      for (std::size_t i = from; i < to; ++i) {
        f += y[i] * w[i];
        r += w[i];
      }
      return r > 0 ? f / r : 0;
    };
    const std::size_t q = x.size() / 4;
    const double first = rate_of(0, q), recent = rate_of(x.size() - q, x.size());
    if (!(slope > 3 * se) || recent < 1.5 * first || recent < 0.01)
      return;
    char text[256];
    std::snprintf(text, sizeof text, "error rate of %s rising: %.1f %% to %.1f %% of requests over the last %.0f minutes",
                  component.empty() ? "all requests" : component.c_str(), 100 * first, 100 * recent, n);
    record::Record r;
    r.ts = time::TimePoint{time::Duration{(last + 1) * 60'000}};
    r.has_ts = true;
    r.kind = "recommendation";
    r.name = std::string(record::k_request_metric);
    r.add_field("severity", recent >= 0.1 ? "critical" : recent >= 0.05 ? "error" : "warning");
    r.add_field("message", text);
    r.add_field("reason", "error_rate_rising");
    r.add_field("series", r.series_key());
    if (!component.empty())
      r.add_field("component", component);
    r.add_field("error_rate_first", first);
    r.add_field("error_rate_last", recent);
    r.add_field("slope", slope);
    r.add_field("slope_se", se);
    r.add_field("requests", requests);
    r.add_field("from", time::format_timestamp(time::TimePoint{time::Duration{(last - static_cast<long long>(n) + 1) * 60'000}}));
    r.add_field("to", time::format_timestamp(r.ts));
    m_out.push_back(std::move(r));
  }

  const RecommendSettings& m_settings;
  std::vector<record::Record> m_out;
};

} // namespace

std::vector<record::Record> recommend(const std::vector<SeriesEvidence>& series, const ErrorRates& errors,
                                      const RecommendSettings& settings) {
  Recommender r(settings);
  for (const auto& e : series)
    r.series(e);
  r.errors(errors);
  return r.take();
}

} // namespace pm::predict
