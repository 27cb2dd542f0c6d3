// Health verdict: the worst of the rules in health.hpp, each one a reason.
#include "libpm/report/health.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cstdio>

namespace pm::report {

namespace {

enum class Level { healthy, degraded, unhealthy };

std::string percent(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", ratio * 100);
  return text;
}

std::string seconds(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3fs", value);
  return text;
}

bool severe(std::string_view severity) { return severity == "error" || severity == "critical"; }

/// A CPU series of the whole machine (`cpu="total"`, or no `cpu` tag as the original module
/// wrote it): per-core ones carry a `cpu` tag naming the core.
bool whole_machine_cpu(const SeriesReport& s) {
  for (const auto& [key, value] : s.tags)
    if (key == "cpu")
      return value == "total";
  return true;
}

/// The highest last value of the series named `name` that `keep` accepts (over hosts).
template <typename Keep>
std::optional<double> latest(const Report& report, std::string_view name, Keep keep) {
  std::optional<double> worst;
  for (const auto& s : report.series)
    if (s.name == name && s.stats.count > 0 && keep(s))
      worst = std::max(worst.value_or(s.stats.last), s.stats.last);
  return worst;
}

void fill_figures(Report& report) {
  Health& h = report.health;
  h.cpu_usage = latest(report, "system.cpu.usage", whole_machine_cpu);
  h.memory_usage = latest(report, "system.memory.usage", [](const SeriesReport&) { return true; });
  std::uint64_t requests = 0, errors = 0;
  double latency_total = 0;
  for (const auto& c : report.components) {
    requests += c.requests;
    errors += c.errors;
    latency_total += c.latency_mean * static_cast<double>(c.requests);
  }
  if (requests > 0) {
    h.response_time_avg = latency_total / static_cast<double>(requests);
    h.error_rate = static_cast<double>(errors) / static_cast<double>(requests);
  }
}

} // namespace

void assess_health(Report& report) {
  Level level = Level::healthy;
  std::vector<std::string> reasons;
  auto raise = [&](Level to, std::string reason) {
    if (to > level)
      level = to;
    reasons.push_back(std::move(reason));
  };
  for (const auto& gate : report.gates)
    if (gate.failed)
      raise(Level::unhealthy, "gate failed: " + gate.name);
  for (const auto& alert : report.alerts) {
    std::string what = "alert " + (alert.rule.empty() ? alert.metric : alert.rule) + " (" + alert.level + ") on " + alert.module;
    if (severe(alert.level))
      raise(Level::unhealthy, what);
    else if (alert.level == "warning")
      raise(Level::degraded, what);
  }
  for (const auto& c : report.components) {
    if (c.error_rate > 0.10)
      raise(Level::unhealthy, c.name + ": error rate " + percent(c.error_rate) + " > 10%");
    else if (c.error_rate > 0.05)
      raise(Level::degraded, c.name + ": error rate " + percent(c.error_rate) + " > 5%");
    if (c.latency_p95 > 1.0)
      raise(Level::unhealthy, c.name + ": p95 latency " + seconds(c.latency_p95) + " > 1s");
    else if (c.latency_p95 > 0.5)
      raise(Level::degraded, c.name + ": p95 latency " + seconds(c.latency_p95) + " > 0.5s");
    if (c.latency_p99 > 1.0 && c.latency_p95 <= 1.0)
      raise(Level::degraded, c.name + ": p99 latency " + seconds(c.latency_p99) + " > 1s");
  }
  for (const auto& a : report.anomalies)
    if (severe(a.severity))
      raise(Level::degraded, "anomaly (" + a.severity + ") on " + a.series);
  for (const auto& r : report.recommendations)
    if (severe(r.severity))
      raise(Level::degraded, "recommendation (" + r.severity + "): " + (r.message.empty() ? r.series : r.message));
  for (const auto& s : report.series)
    if (s.comparison && s.comparison->regression)
      raise(Level::degraded, "regression: " + s.key);
  report.health.checks = 0;
  report.health.checks_down = 0;
  for (const auto& s : report.series) {
    if (s.name != "health.up" || s.stats.count == 0)
      continue;
    ++report.health.checks;
    if (s.stats.last == 0) {
      ++report.health.checks_down;
      raise(Level::degraded, "check " + s.key + " is down (health.up 0 at " + time::format_timestamp(s.stats.last_time) + ")");
    }
  }
  fill_figures(report);
  report.health.status = level == Level::healthy ? "healthy" : level == Level::degraded ? "degraded" : "unhealthy";
  report.health.reasons = std::move(reasons);
}

} // namespace pm::report
