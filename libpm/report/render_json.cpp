// The json format: the module dashboard of pm-report(1) `--format json`, keys as the original module named them.
#include "libpm/report/renderers.hpp"

#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace pm::report {

namespace {

using Json = nlohmann::ordered_json;

double epoch(time::TimePoint ts) { return time::to_epoch_seconds(ts); }

Json number_or_null(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

void add_stats(Json& j, const Stats& s) {
  j["count"] = s.count;
  j["first_time"] = epoch(s.first_time);
  j["last_time"] = epoch(s.last_time);
  j["min"] = s.min;
  j["max"] = s.max;
  j["mean"] = s.mean;
  j["stddev"] = s.stddev;
  j["p50"] = s.p50;
  j["p90"] = s.p90;
  j["p95"] = s.p95;
  j["p99"] = s.p99;
  j["last"] = s.last;
  j["rate"] = s.rate;
  j["change_rate"] = s.change_rate;
  j["exact"] = s.exact;
  if (!s.exact)
    j["relative_error"] = s.relative_error;
}

Json event_json(const EventItem& e) {
  Json j;
  j["timestamp"] = epoch(e.ts);
  j["kind"] = e.kind;
  j["name"] = e.name;
  j["series"] = e.series;
  if (!e.unit.empty())
    j["unit"] = e.unit;
  if (e.value)
    j["value"] = *e.value;
  for (auto it = e.fields.begin(); it != e.fields.end(); ++it)
    if (!j.contains(it.key()))
      j[it.key()] = *it;
  return j;
}

} // namespace

std::string alert_message(const AlertItem& alert) {
  if (!alert.message.empty())
    return alert.message;
  char text[128];
  if (alert.threshold)
    std::snprintf(text, sizeof text, " = %.3f (threshold: %.3f)", alert.value, *alert.threshold);
  else
    std::snprintf(text, sizeof text, " = %.3f", alert.value);
  return alert.module + ": " + judged_name(alert) + text;
}

/// Adds `key` to an object that does not hold it yet, in constant time: ordered_json's
/// operator[] searches the members one by one, which made the JSON of 40,000 series take
/// 17 s (and of one record with 100,000 tags longer still).
void append_member(Json& object, const std::string& key, Json value) {
  auto& members = static_cast<Json::object_t::Container&>(object.get_ref<Json::object_t&>());
  members.emplace_back(key, std::move(value));
}

/// Events grouped by series in the order their series first appear: {series: [event...]}.
template <class Events>
Json by_series(const Events& events) {
  Json out = Json::object();
  std::unordered_map<std::string, std::size_t> slot;
  auto& members = static_cast<Json::object_t::Container&>(out.get_ref<Json::object_t&>());
  for (const auto& e : events) {
    auto [it, fresh] = slot.try_emplace(e.series, members.size());
    if (fresh)
      members.emplace_back(e.series, Json::array());
    members[it->second].second.push_back(event_json(e));
  }
  return out;
}

Json dashboard_json(const Report& report) {
  Json root;
  root["timestamp"] = epoch(report.now);

  Json modules = Json::object();
  for (const auto& c : report.components) {
    Json m;
    m["metrics"] = {{"latency_mean", c.latency_mean},   {"latency_p50", c.latency_p50},
                    {"latency_p95", c.latency_p95},     {"latency_p99", c.latency_p99},
                    {"error_rate", c.error_rate},       {"requests_per_second", c.requests_per_second}};
    m["last_update"] = epoch(c.last_update);
    m["total_requests"] = c.requests;
    m["total_errors"] = c.errors;
    append_member(modules, c.name, std::move(m));
  }
  root["modules"] = std::move(modules);

  Json alerts = Json::array();
  for (const auto& a : report.alerts) {
    Json j;
    j["timestamp"] = epoch(a.ts);
    j["module"] = a.module;
    j["metric"] = judged_name(a);
    j["value"] = a.value;
    j["threshold"] = a.threshold ? Json(*a.threshold) : Json(nullptr);
    j["level"] = a.level;
    j["message"] = alert_message(a);
    alerts.push_back(std::move(j));
  }
  root["alerts"] = std::move(alerts);
  root["summary"] = {{"total_modules", report.components.size()},
                     {"active_alerts", report.alerts.size()},
                     {"warning_alerts", report.warning_alerts}};

  Json metrics = Json::object();
  for (const auto& s : report.series) {
    Json j;
    j["name"] = s.name;
    Json tags = Json::object();
    for (const auto& [k, v] : s.tags)
      append_member(tags, k, v);
    j["tags"] = std::move(tags);
    j["unit"] = s.unit;
    add_stats(j, s.stats);
    if (report.every) {
      Json buckets = Json::array();
      for (const auto& b : s.buckets) {
        Json bj;
        bj["start"] = epoch(b.start);
        add_stats(bj, b.stats);
        buckets.push_back(std::move(bj));
      }
      j["buckets"] = std::move(buckets);
    }
    if (s.comparison) {
      const auto& c = *s.comparison;
      j["baseline"] = {{"statistic", c.statistic}, {"baseline", c.baseline},   {"current", c.current},
                       {"delta", c.delta},         {"delta_pct", c.delta_pct ? number_or_null(*c.delta_pct) : Json(nullptr)},
                       {"regression", c.regression}};
    }
    append_member(metrics, s.key, std::move(j));
  }
  root["metrics"] = std::move(metrics);

  root["predictions"] = by_series(report.predictions);
  root["anomalies"] = by_series(report.anomalies);
  Json recommendations = Json::array();
  for (const auto& r : report.recommendations)
    recommendations.push_back(event_json(r));
  root["recommendations"] = std::move(recommendations);

  Json health;
  health["overall_status"] = report.health.status;
  // The original module's figures beside the verdict (null when the input has none).
  auto figure = [&](const std::optional<double>& v) { return v ? number_or_null(*v) : Json(nullptr); };
  health["cpu_usage"] = figure(report.health.cpu_usage);
  health["memory_usage"] = figure(report.health.memory_usage);
  health["response_time_avg"] = figure(report.health.response_time_avg);
  health["error_rate"] = figure(report.health.error_rate);
  health["checks"] = report.health.checks;
  health["checks_down"] = report.health.checks_down;
  health["reasons"] = report.health.reasons;
  Json slowest = Json::array();
  for (auto i : report.slowest)
    slowest.push_back(report.components[i].name);
  health["slowest_components"] = std::move(slowest);
  Json gates = Json::array();
  for (const auto& g : report.gates)
    gates.push_back({{"name", g.name}, {"kind", g.kind}, {"status", g.failed ? "failed" : "passed"}, {"message", g.message}});
  health["gates"] = std::move(gates);
  Json failed = Json::array();
  for (const auto& g : report.gates)
    if (g.failed)
      failed.push_back(g.name);
  health["failed_gates"] = std::move(failed);
  Json rules = Json::array();
  for (const auto& rule : report.rules)
    rules.push_back({{"name", rule.name}, {"fired", rule.fired}, {"active", rule.active}, {"saw_data", rule.saw_data}});
  health["rules"] = std::move(rules);
  health["records"] = report.records;
  if (report.events_dropped)
    health["anomalies_not_listed"] = report.events_dropped;
  root["health"] = std::move(health);
  return root;
}

void render_json(const Report& report, const RenderContext&, std::string& out) {
  out += dashboard_json(report).dump(2);
  out += '\n';
}

} // namespace pm::report
