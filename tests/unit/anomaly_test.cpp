// Unit tests of the streaming anomaly detectors, against known truth: simulated series with
// an incident the test injects at a known point.
#include "libpm/predict/anomaly.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>
#include <random>
#include <vector>

using namespace pm;
using namespace pm::predict;

namespace {

const time::TimePoint k_start{std::chrono::duration_cast<time::Duration>(std::chrono::hours(24 * 20000))};

struct Point {
  time::TimePoint ts;
  double value;
};

/// Gaussian noise around 100 (sd 1) at `step`, with a daily sine of `amplitude`.
std::vector<Point> noise(std::size_t n, time::Duration step, double amplitude, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> e(0, 1);
  std::vector<Point> out;
  for (std::size_t i = 0; i < n; ++i) {
    const time::TimePoint ts = k_start + step * static_cast<long long>(i);
    const double day = static_cast<double>(ts.time_since_epoch().count() % 86'400'000) / 86'400'000;
    out.push_back({ts, 100 + amplitude * std::sin(2 * std::numbers::pi * day) + e(rng)});
  }
  return out;
}

struct Run {
  std::vector<AnomalyScore> scores;
  std::vector<std::size_t> detections;
};

Run score(const AnomalySettings& settings, const std::vector<Point>& points) {
  AnomalyDetector d(settings);
  Run run;
  for (std::size_t i = 0; i < points.size(); ++i) {
    run.scores.push_back(d.update(points[i].ts, points[i].value));
    if (run.scores.back().anomalous)
      run.detections.push_back(i);
  }
  return run;
}

/// The first detection at or after `from`, as a delay in points (npos: none).
std::size_t delay(const Run& run, std::size_t from) {
  for (std::size_t i : run.detections)
    if (i >= from)
      return i - from;
  return std::string::npos;
}

std::size_t before(const Run& run, std::size_t index) {
  std::size_t n = 0;
  for (std::size_t i : run.detections)
    n += i < index ? 1 : 0;
  return n;
}

const time::Duration k_10s{10'000};
const time::Duration k_5m{300'000};

} // namespace

TEST_CASE("scores grade tails without saturating", "[anomaly]") {
  CHECK(score_of_z(0) == Approx(0).margin(1e-12));
  CHECK(score_of_z(3) == Approx(0.9973002).epsilon(1e-6));
  CHECK(score_of_z(4) == Approx(0.9999367).epsilon(1e-6));
  double last = score_of_z(4);
  for (double z : {5.0, 8.0, 10.0, 40.0, 100.0, 1000.0, 1e5}) {
    const double s = score_of_z(z);
    CHECK(s > last);
    CHECK(s < 1);
    last = s;
  }
  CHECK(score_of_tail(0.01) == Approx(0.99));
  CHECK(parse_anomaly_method("robust").has_value());
  CHECK_FALSE(parse_anomaly_method("magic").has_value());
}

TEST_CASE("every method finds a spike at once and a level shift within a few points", "[anomaly]") {
  for (auto method : {AnomalyMethod::zscore, AnomalyMethod::robust, AnomalyMethod::ewma, AnomalyMethod::seasonal,
                      AnomalyMethod::context, AnomalyMethod::automatic}) {
    INFO(to_string(method));
    AnomalySettings settings;
    settings.method = method;
    // Five days at 5 minutes with a daily swing of ±10 sd: the seasonal method needs two
    // seasons; the others judge the spike against the last 100 points.
    const std::size_t n = 5 * 288;
    auto points = noise(n, k_5m, method == AnomalyMethod::seasonal ? 10 : 0, 7);
    const std::size_t spike = 4 * 288 + 100;
    points[spike].value += 12;
    Run run = score(settings, points);
    CHECK(delay(run, spike) == 0);
    // The context method counts symbols: after a thousand points, one never seen is at
    // best a one-in-a-thousand event, a warning; the others measure how far it lies.
    CHECK(run.scores[spike].severity == (method == AnomalyMethod::context ? "warning" : "critical"));
    CHECK(run.scores[spike].score > (method == AnomalyMethod::context ? 0.997 : 0.9999));
    // Few false alarms on the noise before it: under 1 % of the points.
    CHECK(before(run, spike) < n / 100);

    auto shifted = noise(n, k_5m, method == AnomalyMethod::seasonal ? 10 : 0, 11);
    const std::size_t shift = 4 * 288;
    for (std::size_t i = shift; i < n; ++i)
      shifted[i].value += 8;
    Run run2 = score(settings, shifted);
    CHECK(run2.scores[shift].score > 0.99);
    // The context method's false alarms on plain noise (extremes of the window) can hold an
    // episode open across the shift; the others must detect it at once.
    if (method != AnomalyMethod::context)
      CHECK(delay(run2, shift) <= 3);
  }
}

TEST_CASE("a score depends only on earlier points, and a saved detector goes on as the original", "[anomaly]") {
  auto points = noise(3000, k_10s, 0, 3);
  for (std::size_t i = 2000; i < 2050; ++i)
    points[i].value += 6;
  AnomalySettings settings;
  Run full = score(settings, points);
  Run prefix = score(settings, std::vector<Point>(points.begin(), points.begin() + 1500));
  for (std::size_t i = 0; i < 1500; ++i) {
    REQUIRE(prefix.scores[i].score == full.scores[i].score);
    REQUIRE(prefix.scores[i].anomalous == full.scores[i].anomalous);
  }
  AnomalyDetector first(settings);
  for (std::size_t i = 0; i < 1500; ++i)
    first.update(points[i].ts, points[i].value);
  auto restored = AnomalyDetector::load(settings, nlohmann::json::parse(first.save().dump()));
  REQUIRE(restored.has_value());
  for (std::size_t i = 1500; i < points.size(); ++i) {
    const AnomalyScore s = restored->update(points[i].ts, points[i].value);
    REQUIRE(s.score == full.scores[i].score);
    REQUIRE(s.anomalous == full.scores[i].anomalous);
  }
  AnomalySettings other = settings;
  other.method = AnomalyMethod::robust;
  CHECK_FALSE(AnomalyDetector::load(other, first.save()).has_value());
  CHECK_FALSE(AnomalyDetector::load(settings, nlohmann::json::object()).has_value());
}

TEST_CASE("the z thresholds set the severities, and one episode makes one detection", "[anomaly]") {
  auto points = noise(1000, k_10s, 0, 5);
  points[600].value = 103.5; // between 3 and 4 sd: a warning
  points[800].value += 30;  // far beyond: critical
  for (std::size_t i = 900; i < 940; ++i)
    points[i].value += 20;  // a 40-point incident: one detection
  AnomalySettings settings;
  settings.method = AnomalyMethod::zscore;
  Run run = score(settings, points);
  REQUIRE(run.scores[600].anomalous);
  CHECK(run.scores[600].severity == "warning");
  CHECK(run.scores[800].severity == "critical");
  CHECK(delay(run, 900) == 0);
  std::size_t inside = 0;
  for (std::size_t i : run.detections)
    inside += i > 900 && i < 990 ? 1 : 0;
  CHECK(inside == 0);

  settings.warning_z = 5;
  settings.critical_z = 6;
  Run strict = score(settings, points);
  CHECK_FALSE(strict.scores[600].anomalous);
  CHECK(strict.scores[800].anomalous);
  CHECK(strict.scores[600].score == run.scores[600].score); // the threshold moves verdicts, not scores
}

TEST_CASE("distinct spikes keep distinct scores", "[anomaly]") {
  for (auto method : {AnomalyMethod::zscore, AnomalyMethod::robust, AnomalyMethod::automatic}) {
    INFO(to_string(method));
    AnomalySettings settings;
    settings.method = method;
    double last = 0;
    for (double size : {10.0, 20.0, 50.0, 1e3, 1e6}) {
      auto points = noise(400, k_10s, 0, 9);
      points[300].value += size;
      Run run = score(settings, points);
      CHECK(run.scores[300].score > last);
      CHECK(run.scores[300].score < 1);
      last = run.scores[300].score;
    }
  }
}

TEST_CASE("a frozen sensor and a constant series", "[anomaly]") {
  auto points = noise(1500, k_10s, 0, 13);
  for (std::size_t i = 1000; i < 1200; ++i)
    points[i].value = points[999].value;
  AnomalySettings settings;
  Run run = score(settings, points);
  CHECK(delay(run, 1000) <= 40);

  std::vector<Point> flat;
  for (std::size_t i = 0; i < 500; ++i)
    flat.push_back({k_start + k_10s * static_cast<long long>(i), 42.0});
  Run still = score(settings, flat);
  CHECK(still.detections.empty());
  flat.push_back({k_start + k_10s * 500, 43.0});
  CHECK(score(settings, flat).detections == std::vector<std::size_t>{500});
}
