// Unit tests of the recommendations: each rule fires on synthetic evidence that carries it
// and stays quiet on evidence that does not.
#include "libpm/predict/recommend.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <deque>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

using namespace pm;
using namespace pm::predict;

namespace {

const time::TimePoint k_start{std::chrono::duration_cast<time::Duration>(std::chrono::hours(24 * 20000))};
const time::Duration k_10s = std::chrono::duration_cast<time::Duration>(std::chrono::seconds(10));
const time::Duration k_5m = std::chrono::duration_cast<time::Duration>(std::chrono::minutes(5));
const SeriesSettings k_settings{};

/// One series with what recommend() reads of it; the evidence points into it, so it stays put.
struct Fixture {
  std::string name;
  record::Tags tags;
  std::string unit;
  Series series{k_settings};
  std::deque<time::TimePoint> anomalies;

  Fixture(std::string n, record::Tags t, std::string u) : name(std::move(n)), tags(std::move(t)), unit(std::move(u)) {}

  /// `n` points `step` apart, the i-th worth f(i).
  void fill(std::size_t n, time::Duration step, const std::function<double(std::size_t)>& f) {
    for (std::size_t i = 0; i < n; ++i)
      series.add(k_start + step * static_cast<long long>(i), f(i));
    series.finish();
  }

  SeriesEvidence evidence() const { return {&name, &tags, &unit, &series, &anomalies}; }
};

std::vector<record::Record> recommend_one(const Fixture& f, const ErrorRates& errors = {}) {
  return recommend({f.evidence()}, errors, RecommendSettings{});
}

/// The fields every recommendation carries: severity, message, reason and the series.
void check_common(const record::Record& r) {
  const auto f = r.extra_fields();
  CHECK(r.kind == "recommendation");
  CHECK(r.has_ts);
  REQUIRE(f.contains("severity"));
  CHECK(f["severity"].is_string());
  REQUIRE(f.contains("message"));
  CHECK_FALSE(f["message"].get<std::string>().empty());
  REQUIRE(f.contains("reason"));
  REQUIRE(f.contains("series"));
  CHECK(f["series"].get<std::string>().rfind(r.name, 0) == 0);
}

/// A standard normal draw (a fresh distribution each time: no state carried between tests).
double gauss(std::mt19937_64& rng) { return std::normal_distribution<double>(0, 1)(rng); }

} // namespace

TEST_CASE("a filesystem filling linearly is said to fill in about 3 days; a flat one is not", "[recommend]") {
  std::mt19937_64 rng(11);
  Fixture fs("system.filesystem.usage", {{"mount", "/var"}}, "percent");
  SECTION("rising 10 %/day from 50 % for two days: 100 % three days after the last point") {
    fs.fill(576, k_5m, [&](std::size_t i) { return 50 + 10.0 * static_cast<double>(i) / 288 + 0.05 * gauss(rng); });
    const auto out = recommend_one(fs);
    REQUIRE(out.size() == 1);
    check_common(out[0]);
    const auto f = out[0].extra_fields();
    CHECK(f["reason"] == "filesystem_fills");
    CHECK(f["severity"] == "warning");
    CHECK(f["series"] == "system.filesystem.usage{mount=\"/var\"}");
    const std::string message = f["message"];
    CHECK_THAT(message, Catch::Contains("/var"));
    CHECK_THAT(message, Catch::Contains("fills in about 3 days"));
    REQUIRE(f.contains("eta"));
    CHECK(f["eta"].is_string());
    CHECK(f["threshold"] == 100);
    CHECK(f["slope"].get<double>() == Approx(10.0 / 24).epsilon(0.05));
    CHECK(out[0].tag("mount") == "/var");
  }
  SECTION("flat at 50 %: nothing") {
    fs.fill(576, k_5m, [&](std::size_t) { return 50 + 0.05 * gauss(rng); });
    CHECK(recommend_one(fs).empty());
  }
}

TEST_CASE("memory growing steadily for two hours is a possible leak; a sawtooth is not", "[recommend]") {
  std::mt19937_64 rng(12);
  Fixture mem("system.memory.used", {{"host", "a"}}, "bytes");
  SECTION("40 MB/h from 2 GB, 10 s samples") {
    mem.fill(720, k_10s, [&](std::size_t i) {
      return 2e9 + 40e6 * static_cast<double>(i) / 360 + 1e6 * gauss(rng);
    });
    const auto out = recommend_one(mem);
    REQUIRE(out.size() == 1);
    check_common(out[0]);
    const auto f = out[0].extra_fields();
    CHECK(f["reason"] == "memory_leak");
    CHECK(f["severity"] == "warning");
    CHECK_THAT(f["message"].get<std::string>(), Catch::Contains("possible leak"));
    CHECK_THAT(f["message"].get<std::string>(), Catch::Contains("40 MB/h"));
    CHECK(f["r2"].get<double>() >= 0.8);
    CHECK(f["rising_blocks"].get<double>() >= 0.8);
  }
  SECTION("a garbage collector's sawtooth: grows 500 MB over 20 minutes, then drops back") {
    mem.fill(720, k_10s, [&](std::size_t i) {
      return 2e9 + 500e6 * static_cast<double>(i % 120) / 120 + 1e6 * gauss(rng);
    });
    CHECK(recommend_one(mem).empty());
  }
}

TEST_CASE("CPU steady at 90 % is predicted high; at 30 % it is not", "[recommend]") {
  std::mt19937_64 rng(13);
  Fixture cpu("system.cpu.usage", {}, "percent");
  SECTION("90 %") {
    cpu.fill(720, k_10s, [&](std::size_t) { return 90 + gauss(rng); });
    const auto out = recommend_one(cpu);
    REQUIRE(out.size() == 1);
    check_common(out[0]);
    const auto f = out[0].extra_fields();
    CHECK(f["reason"] == "cpu_high_predicted");
    CHECK(f["message"].get<std::string>().rfind("High CPU usage predicted - consider scaling resources", 0) == 0);
    CHECK(f["forecast"].get<double>() > 80);
    CHECK(f["series"] == "system.cpu.usage");
  }
  SECTION("30 %") {
    cpu.fill(720, k_10s, [&](std::size_t) { return 30 + gauss(rng); });
    CHECK(recommend_one(cpu).empty());
  }
  SECTION("three busy seconds are no evidence of the next hour") {
    cpu.fill(3, std::chrono::seconds(1), [&](std::size_t) { return 93 + gauss(rng); });
    CHECK(recommend_one(cpu).empty());
  }
  SECTION("nor are twenty-nine points over twenty-nine minutes") {
    cpu.fill(29, std::chrono::minutes(1), [&](std::size_t) { return 93 + gauss(rng); });
    CHECK(recommend_one(cpu).empty());
  }
}

TEST_CASE("latency rising toward 1 s within the horizon is flagged; a flat one is not", "[recommend]") {
  std::mt19937_64 rng(14);
  Fixture lat("api.request.duration", {{"endpoint", "/login"}}, "seconds");
  SECTION("0.2 s to 0.6 s over 12 hours: 1 s some 12 hours later") {
    lat.fill(144, k_5m, [&](std::size_t i) { return 0.2 + 0.4 * static_cast<double>(i) / 144 + 0.005 * gauss(rng); });
    const auto out = recommend_one(lat);
    REQUIRE(out.size() == 1);
    check_common(out[0]);
    const auto f = out[0].extra_fields();
    CHECK(f["reason"] == "latency_rising");
    CHECK(f["severity"] == "warning"); // more than an hour away
    CHECK(f["threshold"] == 1);
    CHECK(f.contains("eta"));
    CHECK_THAT(f["message"].get<std::string>(), Catch::Contains("heads for 1 s"));
  }
  SECTION("flat at 0.2 s") {
    lat.fill(144, k_5m, [&](std::size_t) { return 0.2 + 0.005 * gauss(rng); });
    CHECK(recommend_one(lat).empty());
  }
}

TEST_CASE("an error rate rising from 1 % to 10 % over an hour is flagged; a constant 2 % is not", "[recommend]") {
  std::mt19937_64 rng(15);
  std::uniform_real_distribution<double> u(0, 1);
  ErrorRates rates;
  auto feed = [&](const std::function<double(int)>& share) {
    for (int minute = 0; minute < 60; ++minute)
      for (int k = 0; k < 200; ++k) {
        record::Record r;
        r.ts = k_start + std::chrono::duration_cast<time::Duration>(std::chrono::minutes(minute) +
                                                                   std::chrono::milliseconds(k * 300));
        r.has_ts = true;
        r.name = "api.request.duration";
        r.value = 0.1;
        r.has_value = true;
        r.unit = "seconds";
        r.tags = {{"module", "db"}, {"status", u(rng) < share(minute) ? "500" : "200"}};
        rates.add(r);
      }
  };
  SECTION("rising") {
    feed([](int minute) { return 0.01 + 0.09 * minute / 59.0; });
    const auto out = recommend({}, rates, RecommendSettings{});
    REQUIRE(out.size() == 1);
    check_common(out[0]);
    const auto f = out[0].extra_fields();
    CHECK(f["reason"] == "error_rate_rising");
    CHECK(f["component"] == "db");
    CHECK(f["requests"] == 12000);
    CHECK(f["error_rate_first"].get<double>() < 0.04);
    CHECK(f["error_rate_last"].get<double>() > 0.07);
    CHECK_THAT(f["message"].get<std::string>(), Catch::Contains("error rate of db rising"));
  }
  SECTION("constant 2 %") {
    feed([](int) { return 0.02; });
    CHECK(recommend({}, rates, RecommendSettings{}).empty());
  }
}

TEST_CASE("four anomalies within half an hour are a burst; four over five hours are not", "[recommend]") {
  std::mt19937_64 rng(16);
  Fixture s("app.queue.depth", {}, "");
  s.fill(720, k_10s, [&](std::size_t) { return 10 + gauss(rng); });
  const auto minutes = [](int m) { return std::chrono::duration_cast<time::Duration>(std::chrono::minutes(m)); };
  SECTION("within 30 minutes") {
    for (int m : {10, 20, 30, 40})
      s.anomalies.push_back(k_start + minutes(m));
    const auto out = recommend_one(s);
    REQUIRE(out.size() == 1);
    check_common(out[0]);
    const auto f = out[0].extra_fields();
    CHECK(f["reason"] == "anomaly_burst");
    CHECK(f["count"] == 4);
    CHECK(f["severity"] == "warning");
    CHECK(out[0].ts == k_start + minutes(40));
  }
  SECTION("spread over 5 hours") {
    for (int m : {0, 100, 200, 300})
      s.anomalies.push_back(k_start + minutes(m));
    CHECK(recommend_one(s).empty());
  }
}

TEST_CASE("several series at once: each rule speaks for its own, most severe first", "[recommend]") {
  std::mt19937_64 rng(17);
  Fixture fs("system.filesystem.usage", {{"mount", "/var"}}, "percent");
  // 95 % now, rising 10 %/day: full in about half a day → critical
  fs.fill(576, k_5m, [&](std::size_t i) { return 75 + 10.0 * static_cast<double>(i) / 288 + 0.05 * gauss(rng); });
  Fixture cpu("system.cpu.usage", {}, "percent");
  cpu.fill(720, k_10s, [&](std::size_t) { return 90 + gauss(rng); });
  Fixture idle("system.cpu.usage", {{"cpu", "1"}}, "percent");
  idle.fill(720, k_10s, [&](std::size_t) { return 30 + gauss(rng); });
  const auto out = recommend({cpu.evidence(), idle.evidence(), fs.evidence()}, ErrorRates{}, RecommendSettings{});
  REQUIRE(out.size() == 2);
  for (const auto& r : out)
    check_common(r);
  CHECK(out[0].extra_fields()["reason"] == "filesystem_fills");
  CHECK(out[0].extra_fields()["severity"] == "critical");
  CHECK(out[1].extra_fields()["reason"] == "cpu_high_predicted");
  CHECK(out[1].extra_fields()["series"] == "system.cpu.usage");
}
