// pm-report's own predictions: the Analyzers over the kept samples, the bounds, the input winning.
#include "libpm/report/predict.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <map>
#include <string>

using namespace pm;

namespace {

record::Record point(int minute, std::string name, double value) {
  return record::sample(time::TimePoint{std::chrono::minutes(minute)}, std::move(name), value, "percent");
}

/// kind → records of that kind the Predictor gave.
std::map<std::string, int> run(report::Predictor& predictor) {
  std::map<std::string, int> kinds;
  predictor.finish([&](const record::Record& r) { ++kinds[r.kind]; });
  return kinds;
}

} // namespace

TEST_CASE("report predict: trends, a twelve-step forecast path and anomalies from samples alone") {
  util::Diagnostics diagnostics;
  report::Predictor predictor(report::PredictOptions{}, diagnostics);
  for (int i = 0; i < 240; ++i)
    predictor.add(point(i, "disk", 50 + 0.1 * i + (i == 200 ? 30 : 0) + 0.01 * (i % 3)));
  auto kinds = run(predictor);
  CHECK(kinds["trend"] == 1);
  CHECK(kinds["forecast"] == 12);
  CHECK(kinds["anomaly"] >= 1);
  CHECK(diagnostics.warning_count() == 0);
}

TEST_CASE("report predict: a kind the input already holds for a series is not computed for it") {
  util::Diagnostics diagnostics;
  report::Predictor predictor(report::PredictOptions{}, diagnostics);
  for (int i = 0; i < 120; ++i) {
    predictor.add(point(i, "a", i));
    predictor.add(point(i, "b", i));
  }
  record::Record given = point(130, "a", 130);
  given.kind = "forecast";
  predictor.add(given);
  std::map<std::string, int> forecasts;
  predictor.finish([&](const record::Record& r) {
    if (r.kind == "forecast")
      ++forecasts[r.name];
  });
  CHECK(forecasts.count("a") == 0);
  CHECK(forecasts["b"] == 12);
}

TEST_CASE("report predict: at most max_series series, each over its last max_points points, said") {
  std::vector<std::string> said;
  util::Diagnostics diagnostics([&](std::string_view line) { said.emplace_back(line); });
  report::PredictOptions options;
  options.max_series = 2;
  options.max_points = 50;
  options.horizon = std::chrono::minutes(12);
  report::Predictor predictor(options, diagnostics);
  for (int i = 0; i < 100; ++i)
    for (const char* name : {"a", "b", "c"})
      predictor.add(point(i, name, i));
  std::map<std::string, int> trends;
  double points = 0;
  predictor.finish([&](const record::Record& r) {
    if (r.kind == "trend") {
      ++trends[r.name];
      points = r.extra_fields().value("points", 0.0);
    }
  });
  CHECK(trends == std::map<std::string, int>{{"a", 1}, {"b", 1}});
  CHECK(points == 50);
  REQUIRE(said.size() == 2);
  CHECK(said[0] == "predictions: 1 of 3 series left out: only the first 2 are analysed");
  CHECK(said[1] == "predictions: 2 series analysed over their last 50 points only");
}
