// Baseline comparison: regressions beyond the tolerance, direction by unit, gates.
#include "libpm/report/baseline.hpp"
#include "libpm/report/health.hpp"
#include "libpm/util/error.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <unistd.h>

using namespace pm;

namespace {

report::SeriesReport series(std::string key, std::string unit, double mean) {
  report::SeriesReport s;
  s.key = std::move(key);
  s.name = s.key;
  s.unit = std::move(unit);
  s.stats.count = 10;
  s.stats.mean = mean;
  s.stats.p95 = mean * 2;
  return s;
}

} // namespace

TEST_CASE("baseline: a rise beyond the tolerance is a regression, with its delta") {
  report::Report r;
  r.series.push_back(series("latency", "seconds", 1.10));
  r.series.push_back(series("steady", "seconds", 1.02));
  r.series.push_back(series("throughput", "ops/s", 90));
  r.series.push_back(series("new", "", 1));
  report::Baseline b;
  for (auto [key, mean] : {std::pair{"latency", 1.0}, {"steady", 1.0}, {"throughput", 100.0}}) {
    report::Stats s;
    s.count = 5;
    s.mean = mean;
    b.emplace(key, s);
  }
  report::compare_with_baseline(r, b, "mean", 5, 8.0);
  REQUIRE(r.series[0].comparison);
  CHECK(*r.series[0].comparison->delta_pct == Approx(10));
  CHECK(r.series[0].comparison->regression);
  CHECK_FALSE(r.series[1].comparison->regression);
  CHECK(r.series[2].comparison->higher_is_better);
  CHECK(r.series[2].comparison->regression); // a rate that fell 10 %
  CHECK_FALSE(r.series[3].comparison);
  REQUIRE(r.gates.size() == 3);
  CHECK(r.gates[0].failed);
  CHECK(r.gates[0].name == "regression: latency");
  CHECK(r.gates[0].message == "latency mean 1 -> 1.1 (+10.0%, allowed +8%)");
  CHECK_FALSE(r.gates[1].failed);
  CHECK(r.gates[2].failed);
  CHECK(r.gates_failed());
  report::assess_health(r);
  CHECK(r.health.status == "unhealthy");
}

TEST_CASE("baseline: percentages parse with or without %") {
  CHECK(report::parse_percent("5%", "--x") == 5);
  CHECK(report::parse_percent("2.5 %", "--x") == 2.5);
  CHECK(report::parse_percent("7", "--x") == 7);
  CHECK_THROWS_AS(report::parse_percent("five", "--x"), UsageError);
  CHECK_THROWS_AS(report::parse_percent("-1", "--x"), UsageError);
}

TEST_CASE("baseline: loads a report JSON's metrics, or summarises records") {
  std::string dir = PM_FIXTURES "/report";
  util::Diagnostics diagnostics;
  auto from_json = report::load_baseline(dir + "/baseline_report.json", diagnostics, {});
  REQUIRE(from_json.count("bench.duration{case=\"a\"}") == 1);
  CHECK(from_json.at("bench.duration{case=\"a\"}").p95 == 0.2);
  auto from_records = report::load_baseline(dir + "/baseline_records.ndjson", diagnostics, {});
  REQUIRE(from_records.count("bench.duration{case=\"a\"}") == 1);
  CHECK(from_records.at("bench.duration{case=\"a\"}").mean == Approx(0.15));
  CHECK(from_records.at("bench.duration{case=\"a\"}").count == 2);
  CHECK(diagnostics.bad_input_count() == 0);
  CHECK_THROWS_AS(report::load_baseline(dir + "/missing.ndjson", diagnostics, {}), Error);
}

TEST_CASE("baseline: a report JSON in ms is compared in seconds, as this run's records are") {
  // Records are brought to base units as they are read; a baseline report that still says
  // "ms" (written before) must not look 1000 times slower or faster than the run.
  char name[] = "/tmp/pm-baseline-ms-XXXXXX";
  int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  ::close(fd);
  {
    std::ofstream out(name);
    out << R"({"modules":{},"metrics":{"job.duration":{"unit":"ms","count":10,"mean":150,"p95":300,"last":120},)"
        << R"("mem.rss":{"unit":"MiB","count":1,"mean":2,"p95":2,"last":2},"cpu":{"unit":"percent","count":1,"mean":50}}})";
  }
  util::Diagnostics diagnostics;
  auto baseline = report::load_baseline(name, diagnostics, {});
  ::unlink(name);
  CHECK(baseline.at("job.duration").mean == Approx(0.15));
  CHECK(baseline.at("job.duration").p95 == Approx(0.3));
  CHECK(baseline.at("job.duration").last == Approx(0.12));
  CHECK(baseline.at("mem.rss").mean == 2097152);
  CHECK(baseline.at("cpu").mean == 50);
  report::Report current;
  current.series.push_back(series("job.duration", "seconds", 0.15));
  report::compare_with_baseline(current, baseline, "mean", 5, 5.0);
  REQUIRE(current.series[0].comparison);
  CHECK_FALSE(current.series[0].comparison->regression);
  CHECK(current.series[0].comparison->delta == Approx(0).margin(1e-12));
}
