// The collector: series, components from request samples, errors, derived records, buckets.
#include "libpm/report/collect.hpp"
#include "libpm/report/rules.hpp"
#include "libpm/report/health.hpp"

#include <catch2/catch.hpp>

using namespace pm;
using report::CollectOptions;
using report::Collector;

namespace {

record::Record parse(std::string_view line) { return record::Parser().parse(line).value_or_throw(); }

record::Record request(long ms, double value, std::string_view module, std::string_view status) {
  record::Record r = record::sample(time::TimePoint{time::Duration{ms}}, "api.request.duration", value, "seconds");
  if (!module.empty())
    r.set_tag("module", std::string(module));
  r.set_tag("status", std::string(status));
  return r;
}

} // namespace

TEST_CASE("collect: components by module, error rate, requests per second, slowest first") {
  Collector collector(CollectOptions{});
  for (int i = 0; i < 10; ++i)
    collector.add(request(i * 1000, 0.1 * (i + 1), "database", i < 2 ? "500" : "200"));
  for (int i = 0; i < 4; ++i)
    collector.add(request(i * 1000, 0.01, "cache", "200"));
  auto r = collector.finish(time::TimePoint{});
  REQUIRE(r.components.size() == 2);
  const auto& cache = r.components[0];
  const auto& db = r.components[1];
  CHECK(cache.name == "cache");
  CHECK(db.name == "database");
  CHECK(db.requests == 10);
  CHECK(db.errors == 2);
  CHECK(db.error_rate == Approx(0.2));
  CHECK(db.requests_per_second == Approx(10.0 / 9.0)); // 10 requests over 9 s
  CHECK(db.latency_p50 == Approx(0.5));
  CHECK(db.latency_p95 == Approx(1.0));
  CHECK(db.latency_mean == Approx(0.55));
  REQUIRE(r.slowest.size() == 2);
  CHECK(r.components[r.slowest[0]].name == "database");
  // Every distinct tag set is its own series.
  CHECK(r.series.size() == 3);
}

TEST_CASE("collect: module, else endpoint, else --group-by names the component") {
  Collector by_default(CollectOptions{});
  auto r1 = request(0, 0.1, "", "200");
  r1.set_tag("endpoint", "/api/users");
  by_default.add(r1);
  CHECK(by_default.finish({}).components.at(0).name == "/api/users");

  CollectOptions options;
  options.group_by = "status";
  Collector by_status(options);
  by_status.add(request(0, 0.1, "db", "200"));
  by_status.add(request(0, 0.1, "db", "500"));
  auto r2 = by_status.finish({});
  REQUIRE(r2.components.size() == 2);
  CHECK(r2.components[0].name == "200");
}

TEST_CASE("collect: alerts keep their latest state; anomalies, forecasts, recommendations listed") {
  Collector c(CollectOptions{});
  c.add(parse(R"({"ts":"2026-11-22T10:00:00Z","kind":"alert","name":"system.cpu.usage","value":91,"rule":"high_cpu","state":"firing","severity":"warning","threshold":80})"));
  c.add(parse(R"({"ts":"2026-11-22T10:00:00Z","kind":"alert","name":"system.memory.usage","value":95,"rule":"high_memory","state":"firing","severity":"error","threshold":85})"));
  c.add(parse(R"({"ts":"2026-11-22T10:05:00Z","kind":"alert","name":"system.cpu.usage","value":50,"rule":"high_cpu","state":"resolved","severity":"warning","threshold":80})"));
  c.add(parse(R"({"ts":"2026-11-22T10:01:00Z","kind":"anomaly","name":"x","value":9,"severity":"critical","z":5})"));
  c.add(parse(R"({"ts":"2026-11-22T10:02:00Z","kind":"forecast","name":"x","value":3,"trend":"increasing"})"));
  c.add(parse(R"({"ts":"2026-11-22T10:03:00Z","kind":"forecast","name":"x","value":4,"trend":"increasing"})"));
  c.add(parse(R"({"ts":"2026-11-22T10:03:00Z","kind":"recommendation","name":"x","severity":"warning","message":"disk fills in 3 days"})"));
  auto r = c.finish({});
  REQUIRE(r.alerts.size() == 1);
  CHECK(r.alerts[0].rule == "high_memory");
  CHECK(r.alerts[0].level == "error");
  CHECK(r.alerts[0].threshold == 85);
  CHECK(r.alert_events == 3);
  REQUIRE(r.anomalies.size() == 1);
  CHECK(r.anomalies[0].fields["z"] == 5);
  REQUIRE(r.predictions.size() == 1);
  CHECK(*r.predictions[0].value == 4); // the latest forecast of the series
  REQUIRE(r.recommendations.size() == 1);
  CHECK(r.series.empty()); // derived records are not samples
  report::assess_health(r);
  CHECK(r.health.status == "unhealthy"); // an error alert is active
}

TEST_CASE("collect: a series' forecast path is kept past its last sample, in time order") {
  CollectOptions options;
  options.max_forecast_points = 3;
  Collector c(options);
  c.add(parse(R"({"ts":"2026-11-22T10:00:00Z","name":"disk","value":50})"));
  c.add(parse(R"({"ts":"2026-11-22T10:10:00Z","name":"disk","value":60})"));
  // An older run's forecast, dated before the last sample: not part of the path.
  c.add(parse(R"({"ts":"2026-11-22T10:05:00Z","kind":"forecast","name":"disk","value":55,"lower":54,"upper":56})"));
  c.add(parse(R"({"ts":"2026-11-22T10:30:00Z","kind":"forecast","name":"disk","value":80,"lower":70,"upper":90})"));
  c.add(parse(R"({"ts":"2026-11-22T10:20:00Z","kind":"forecast","name":"disk","value":70,"lower":65,"upper":75})"));
  c.add(parse(R"({"ts":"2026-11-22T10:20:00Z","kind":"forecast","name":"disk","value":71,"lower":66,"upper":76})"));
  c.add(parse(R"({"ts":"2026-11-22T10:40:00Z","kind":"forecast","name":"disk","value":90})"));
  auto r = c.finish({});
  REQUIRE(r.series.size() == 1);
  const auto& path = r.series[0].forecast;
  REQUIRE(path.size() == 3); // the cap of 3 dropped the earliest (10:05)
  CHECK(path[0].value == 71); // the later record of one time replaces the earlier
  CHECK(path[0].lower == 66);
  CHECK(path[1].upper == 90);
  CHECK(path[2].value == 90);
  CHECK_FALSE(path[2].lower.has_value());
  REQUIRE(r.predictions.size() == 1);
  CHECK(*r.predictions[0].value == 90);
}

TEST_CASE("collect: --every buckets aligned to the epoch") {
  CollectOptions options;
  options.every = std::chrono::minutes(1);
  Collector c(options);
  auto sample = [](long ms, double v) {
    record::Record r;
    r.name = "m";
    r.ts = time::TimePoint{time::Duration{ms}};
    r.value = v;
    return r;
  };
  c.add(sample(30'000, 1));
  c.add(sample(59'999, 3));
  c.add(sample(60'000, 10));
  auto r = c.finish({});
  REQUIRE(r.series.size() == 1);
  REQUIRE(r.series[0].buckets.size() == 2);
  CHECK(r.series[0].buckets[0].start == time::TimePoint{});
  CHECK(r.series[0].buckets[0].stats.mean == 2);
  CHECK(r.series[0].buckets[1].stats.count == 1);
  CHECK(r.series[0].stats.count == 3);
}

TEST_CASE("collect: a small exact budget switches series to the sketch, marked as such") {
  CollectOptions options;
  options.exact_limit = 100;
  Collector c(options);
  record::Record r;
  r.name = "m";
  for (int i = 1; i <= 1000; ++i) {
    r.value = i;
    c.add(r);
  }
  auto rep = c.finish({});
  CHECK_FALSE(rep.series[0].stats.exact);
  CHECK(rep.series[0].stats.p50 == Approx(500).epsilon(0.01));
  CHECK(rep.series[0].stats.mean == Approx(500.5));
}

TEST_CASE("health: thresholds on components make the verdict") {
  Collector c(CollectOptions{});
  for (int i = 0; i < 100; ++i)
    c.add(request(i * 100, 0.1, "api", i < 7 ? "500" : "200"));
  auto r = c.finish({});
  report::assess_health(r);
  CHECK(r.health.status == "degraded");
  REQUIRE(r.health.reasons.size() == 1);
  CHECK(r.health.reasons[0] == "api: error rate 7.0% > 5%");

  Collector ok(CollectOptions{});
  ok.add(request(0, 0.1, "api", "200"));
  auto healthy = ok.finish({});
  report::assess_health(healthy);
  CHECK(healthy.health.status == "healthy");
  CHECK(healthy.health.reasons.empty());
}

TEST_CASE("an alert names what was judged as the dashboard does", "[report]") {
  using pm::report::judged_metric;
  CHECK(judged_metric("p95", "api.request.duration") == "latency_p95");
  CHECK(judged_metric("avg", "api.request.duration") == "latency_mean");
  CHECK(judged_metric("error_rate", "api.request.duration") == "error_rate");
  CHECK(judged_metric("rate", "api.request.duration") == "requests_per_second");
  CHECK(judged_metric("sum", "api.request.duration") == "sum(api.request.duration)");
  CHECK(judged_metric("", "api.request.duration") == "api.request.duration");
  CHECK(judged_metric("value", "system.cpu.usage") == "system.cpu.usage");
  CHECK(judged_metric("p95", "system.cpu.usage") == "p95(system.cpu.usage)");
  CHECK(judged_metric(pm::alert::Aggregate::p99, "api.request.duration") == "latency_p99");
  CHECK(judged_metric(pm::alert::Aggregate::none, "api.request.duration") == "api.request.duration");
}

TEST_CASE("warning_alerts counts each alert that was a warning once", "[report]") {
  pm::report::WarningCount count;
  auto t = pm::time::TimePoint{} + std::chrono::hours(1);
  count.add("r", "s", t, "warning");
  count.add("r", "s", t, "warning");  // the same alert again (a repeat, a level change back)
  count.add("r", "s", t, "critical");
  count.add("r", "s", t + std::chrono::minutes(9), "warning"); // fired again later
  count.add("r", "other", t, "warning");
  count.add("r2", "s", t, "error");
  CHECK(count.count() == 3);
}
