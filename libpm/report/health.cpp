// Health verdict: the worst of the rules in health.hpp, each one a reason.
#include "libpm/report/health.hpp"

#include "libpm/util/strings.hpp"

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
  report.health.status = level == Level::healthy ? "healthy" : level == Level::degraded ? "degraded" : "unhealthy";
  report.health.reasons = std::move(reasons);
}

} // namespace pm::report
