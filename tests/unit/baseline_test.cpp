// Unit tests of libpm/predict/baseline against known truth: weeks simulated with an hour-of-week
// profile, noise and outliers the test sets; merging, the file, and checks against it.
#include "libpm/predict/baseline.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/output.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <random>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace pm;
using namespace pm::predict;

namespace {

constexpr double k_noise = 5;
// 2026-11-02 is a Monday: the simulation starts at Mon 00h UTC.
const time::TimePoint k_start = *time::parse_timestamp("2026-11-02T00:00:00Z");

/// The true mean of hour-of-week cell `index`: a daily wave, quieter weekends, a Tuesday bump.
double profile(int index) {
  int day = index / 24, hour = index % 24;
  double mean = 100 + 30 * std::sin(2 * std::numbers::pi * hour / 24.0);
  if (day >= 5)
    mean -= 20;
  if (day == 1 && hour == 14)
    mean += 15;
  return mean;
}

struct Simulated {
  std::vector<record::Record> records;
  std::array<std::vector<double>, k_cells_per_week> clean;   ///< values without the outliers
  std::array<std::vector<double>, k_cells_per_week> all;     ///< every value
};

/// `weeks` of 5-minute samples of `name`, the profile plus normal noise, 1 % of them outliers
/// 15 to 30 noise sds away (either side).
Simulated simulate(int weeks, const std::string& name = "api.latency", std::uint64_t seed = 42) {
  Simulated sim;
  std::mt19937_64 random(seed);
  std::normal_distribution<double> noise(0, k_noise);
  std::uniform_real_distribution<double> uniform(0, 1);
  for (int step = 0; step < weeks * 7 * 24 * 12; ++step) {
    time::TimePoint ts = k_start + std::chrono::minutes(5 * step);
    int index = hour_of_week(ts);
    double value = profile(index) + noise(random);
    bool outlier = uniform(random) < 0.01;
    if (outlier)
      value = profile(index) + (uniform(random) < 0.5 ? -1 : 1) * (15 + 15 * uniform(random)) * k_noise;
    else
      sim.clean[static_cast<std::size_t>(index)].push_back(value);
    sim.all[static_cast<std::size_t>(index)].push_back(value);
    record::Record r = record::sample(ts, name, value, "ms");
    r.set_tag("endpoint", "/api/users");
    sim.records.push_back(std::move(r));
  }
  return sim;
}

double mean_of(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values)
    sum += v;
  return sum / static_cast<double>(values.size());
}

double stddev_of(const std::vector<double>& values) {
  double mean = mean_of(values), sum = 0;
  for (double v : values)
    sum += (v - mean) * (v - mean);
  return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

Baseline learn(const std::vector<record::Record>& records) {
  Baseline baseline;
  for (const auto& r : records)
    REQUIRE(baseline.add(r));
  return baseline;
}

const std::string k_key = "api.latency{endpoint=\"/api/users\"}";

/// Same bins (keys and counts exactly, moments to rounding), same derived statistics.
void require_same(const Baseline& a, const Baseline& b) {
  REQUIRE(a.series().size() == b.series().size());
  REQUIRE(a.points() == b.points());
  REQUIRE(a.learned_from() == b.learned_from());
  REQUIRE(a.learned_to() == b.learned_to());
  for (const SeriesBaseline& sa : a.series()) {
    const SeriesBaseline* sb = b.find(sa.key());
    REQUIRE(sb != nullptr);
    REQUIRE(sa.points == sb->points);
    for (int i = 0; i < k_cells_per_week; ++i) {
      const auto& ba = sa.cells[static_cast<std::size_t>(i)].bins();
      const auto& bb = sb->cells[static_cast<std::size_t>(i)].bins();
      REQUIRE(ba.size() == bb.size());
      for (std::size_t j = 0; j < ba.size(); ++j) {
        REQUIRE(ba[j].key == bb[j].key);
        REQUIRE(ba[j].count == bb[j].count);
        REQUIRE(ba[j].mean == Approx(bb[j].mean).epsilon(1e-12));
        REQUIRE(ba[j].m2 == Approx(bb[j].m2).epsilon(1e-9).margin(1e-9));
      }
      CellStats ca = sa.cell_stats(i), cb = sb->cell_stats(i);
      REQUIRE(ca.count == cb.count);
      REQUIRE(ca.kept == cb.kept);
      REQUIRE(ca.mean == Approx(cb.mean).epsilon(1e-12));
      REQUIRE(ca.stddev == Approx(cb.stddev).epsilon(1e-9));
      REQUIRE(ca.p50 == Approx(cb.p50).epsilon(1e-12));
    }
    for (int h = 0; h < 24; ++h) {
      CellStats ca = sa.hour_of_day_stats(h), cb = sb->hour_of_day_stats(h);
      REQUIRE(ca.kept == cb.kept);
      REQUIRE(ca.mean == Approx(cb.mean).epsilon(1e-12));
      REQUIRE(ca.stddev == Approx(cb.stddev).epsilon(1e-9));
    }
  }
}

std::string temp_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("pm-baseline-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

/// The message parse throws for `text`, or "" when it parses.
std::string parse_error(const std::string& text) {
  try {
    Baseline::parse(text, "base.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("hour of week cells are UTC, Monday first", "[baseline]") {
  CHECK(hour_of_week(k_start) == 0);
  CHECK(hour_of_week(*time::parse_timestamp("1970-01-01T00:00:00Z")) == 3 * 24); // a Thursday
  CHECK(hour_of_week(*time::parse_timestamp("2026-11-24T14:59:59.999Z")) == 24 + 14);
  // The same instant written with an offset is the same UTC cell.
  CHECK(hour_of_week(*time::parse_timestamp("2026-11-24T16:30:00+02:00")) == 24 + 14);
  CHECK(hour_of_week(*time::parse_timestamp("2026-11-29T23:00:00Z")) == 167);
  CHECK(hour_of_week(*time::parse_timestamp("1969-12-29T01:00:00Z")) == 1); // before the epoch: a Monday
  CHECK(cell_name(0) == "Mon 00h");
  CHECK(cell_name(24 + 14) == "Tue 14h");
  CHECK(cell_name(167) == "Sun 23h");
  for (int i = 0; i < k_cells_per_week; ++i)
    CHECK(parse_cell_name(cell_name(i)) == i);
  CHECK_FALSE(parse_cell_name("Tue 24h"));
  CHECK_FALSE(parse_cell_name("Xyz 01h"));
  CHECK_FALSE(parse_cell_name("Tue 1h"));
}

TEST_CASE("a learned synthetic week reproduces its hour-of-week means despite outliers", "[baseline]") {
  Simulated sim = simulate(3);
  Baseline baseline = learn(sim.records);
  const SeriesBaseline* series = baseline.find(k_key);
  REQUIRE(series != nullptr);
  CHECK(series->unit == "ms");
  CHECK(series->points == sim.records.size());
  int raw_mean_off = 0;
  std::size_t ordinary_dropped = 0;
  for (int i = 0; i < k_cells_per_week; ++i) {
    const auto& clean = sim.clean[static_cast<std::size_t>(i)];
    const auto& all = sim.all[static_cast<std::size_t>(i)];
    CellStats stats = series->cell_stats(i);
    INFO("cell " << cell_name(i));
    auto n = static_cast<double>(clean.size());
    double tolerance = 4.5 * k_noise / std::sqrt(n); // 4.5 standard errors of the mean
    REQUIRE(stats.count == all.size());
    // Every injected outlier (15 sd or more away) is dropped. An ordinary value may go too
    // where a small cell's MAD came out low, but rarely (counted below).
    REQUIRE(stats.kept <= clean.size());
    ordinary_dropped += clean.size() - stats.kept;
    if (stats.kept == clean.size()) {
      CHECK(stats.mean == Approx(mean_of(clean)).epsilon(1e-12));
      CHECK(stats.stddev == Approx(stddev_of(clean)).epsilon(1e-9));
    }
    CHECK(std::fabs(stats.mean - profile(i)) <= tolerance);
    CHECK(std::fabs(stats.stddev - k_noise) <= 4.5 * k_noise / std::sqrt(2 * n));
    // Percentiles of a normal: median at the mean, p05/p95 at ∓1.645 sd (bins of 1 % width).
    CHECK(std::fabs(stats.p50 - profile(i)) <= 1.25 * tolerance + 0.01 * profile(i));
    CHECK(std::fabs(stats.p05 - (profile(i) - 1.645 * k_noise)) <= 2.5 * tolerance + 0.01 * profile(i));
    CHECK(std::fabs(stats.p95 - (profile(i) + 1.645 * k_noise)) <= 2.5 * tolerance + 0.01 * profile(i));
    if (std::fabs(mean_of(all) - profile(i)) > tolerance)
      ++raw_mean_off;
  }
  // The outliers matter: without their removal some cell means would be off.
  CHECK(raw_mean_off > 5);
  CHECK(ordinary_dropped <= sim.records.size() / 1000);

  // Rollups: an hour of day merges what its 7 cells kept, a day of week its 24; the union of
  // clean cells has nothing more to drop.
  std::vector<double> hour_14, tuesday;
  for (int d = 0; d < 7; ++d) {
    CellStats stats = series->cell_stats(d * 24 + 14);
    hour_14.insert(hour_14.end(), static_cast<std::size_t>(stats.kept), stats.mean);
  }
  for (int h = 0; h < 24; ++h) {
    CellStats stats = series->cell_stats(24 + h);
    tuesday.insert(tuesday.end(), static_cast<std::size_t>(stats.kept), stats.mean);
  }
  CHECK(series->hour_of_day_stats(14).mean == Approx(mean_of(hour_14)).epsilon(1e-12));
  CHECK(series->hour_of_day_stats(14).kept == hour_14.size());
  CHECK(series->day_of_week_stats(1).mean == Approx(mean_of(tuesday)).epsilon(1e-12));
  CHECK(series->day_of_week_stats(1).kept == tuesday.size());
  CHECK(series->day_of_week_stats(1).count == 24 * 3 * 12);
  CHECK(series->overall_stats().count == sim.records.size());
}

TEST_CASE("merging two learnings equals learning their union", "[baseline]") {
  Simulated sim = simulate(3);
  Simulated other = simulate(2, "system.cpu.usage", 7);
  std::vector<record::Record> all = sim.records;
  all.insert(all.end(), other.records.begin(), other.records.end());

  SECTION("split in time, as nightly runs are") {
    auto middle = sim.records.begin() + static_cast<std::ptrdiff_t>(sim.records.size() * 3 / 7);
    Baseline a = learn({sim.records.begin(), middle});
    std::vector<record::Record> rest(middle, sim.records.end());
    rest.insert(rest.end(), other.records.begin(), other.records.end());
    Baseline b = learn(rest);
    a.merge(b);
    require_same(a, learn(all));
  }
  SECTION("split at random, and merged through the file") {
    std::mt19937_64 random(3);
    std::vector<record::Record> left, right;
    for (const auto& r : all)
      (random() % 2 == 0 ? left : right).push_back(r);
    Baseline a = Baseline::parse(learn(left).to_json(), "a.json");
    a.merge(Baseline::parse(learn(right).to_json(), "b.json"));
    require_same(a, learn(all));
  }
  SECTION("learning into a loaded file is merging") {
    auto middle = all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2);
    Baseline a = Baseline::parse(learn({all.begin(), middle}).to_json(), "a.json");
    for (auto it = middle; it != all.end(); ++it)
      a.add(*it);
    require_same(a, learn(all));
  }
  SECTION("a baseline merged with itself counts everything twice") {
    Baseline a = learn(other.records);
    a.merge(a);
    Baseline twice = learn(other.records);
    twice.merge(learn(other.records));
    require_same(a, twice);
  }
}

TEST_CASE("cells stay bounded and fold the same however values are split", "[baseline]") {
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> exponent(-8, 8);
  BinnedMoments whole, first, second;
  for (int i = 0; i < 100000; ++i) {
    double value = std::pow(10.0, exponent(random)) * (i % 10 == 0 ? -1 : 1);
    whole.add(value);
    (i % 3 == 0 ? first : second).add(value);
  }
  CHECK(whole.bins().size() == k_baseline_max_bins);
  first.merge(second);
  REQUIRE(first.bins().size() == whole.bins().size());
  for (std::size_t j = 0; j < whole.bins().size(); ++j) {
    REQUIRE(first.bins()[j].key == whole.bins()[j].key);
    REQUIRE(first.bins()[j].count == whole.bins()[j].count);
    REQUIRE(first.bins()[j].mean == Approx(whole.bins()[j].mean).epsilon(1e-9));
  }
  CHECK(first.count() == 100000);
  CHECK(first.stats().count == 100000);
}

TEST_CASE("a constant or mostly constant cell is not trimmed to nothing", "[baseline]") {
  BinnedMoments constant;
  for (int i = 0; i < 50; ++i)
    constant.add(42);
  CellStats stats = constant.stats();
  CHECK(stats.kept == 50);
  CHECK(stats.mean == 42);
  CHECK(stats.stddev == 0);
  CHECK(stats.p05 == 42);
  CHECK(stats.p95 == 42);

  // 90 % zeros and a few ones: the MAD is 0, the mean absolute deviation keeps the ones, a
  // far value goes.
  BinnedMoments mostly_zero;
  for (int i = 0; i < 90; ++i)
    mostly_zero.add(0);
  for (int i = 0; i < 9; ++i)
    mostly_zero.add(1);
  mostly_zero.add(1000);
  stats = mostly_zero.stats();
  CHECK(stats.count == 100);
  CHECK(stats.kept == 99);
  CHECK(stats.mean == Approx(9.0 / 99));

  // Neighbouring bins of a tight cell are never outliers.
  BinnedMoments tight;
  for (int i = 0; i < 100; ++i)
    tight.add(i < 97 ? 100.0 : 102.5);
  CHECK(tight.stats().kept == 100);
}

TEST_CASE("save and load round-trip exactly, atomically, keeping the mode", "[baseline]") {
  Simulated sim = simulate(1);
  Baseline baseline = learn(sim.records);
  record::Record untagged = record::sample(k_start, "disk.free", -0.5);
  baseline.add(untagged);
  std::string dir = temp_dir();
  std::string path = dir + "/base.json";
  std::filesystem::remove(path);
  baseline.save(path);
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);

  Baseline loaded = Baseline::load(path);
  CHECK(loaded.to_json() == baseline.to_json());
  REQUIRE(loaded.series().size() == 2);
  for (const SeriesBaseline& s : baseline.series()) {
    const SeriesBaseline* l = loaded.find(s.key());
    REQUIRE(l != nullptr);
    CHECK(l->name == s.name);
    CHECK(l->tags == s.tags);
    CHECK(l->unit == s.unit);
    CHECK(l->cells == s.cells); // bit for bit
  }
  CHECK(loaded.learned_from() == baseline.learned_from());
  CHECK(loaded.learned_to() == baseline.learned_to());
  CHECK(loaded.points() == baseline.points());

  ::chmod(path.c_str(), 0640);
  loaded.save(path);
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0640);

  // The file says what it is, and the derived figures are there for jq.
  std::string text = util::read_file(path);
  CHECK(text.rfind("{\"version\":1,\"kind\":\"pm-baseline\"", 0) == 0);
  CHECK(text.find("{\"cell\":\"Tue 14h\",\"count\":12,") != std::string::npos);

  // An empty baseline saves and loads too.
  CHECK(Baseline::parse(Baseline{}.to_json(), "empty.json").empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("a missing, foreign or corrupt baseline file is an error naming it", "[baseline]") {
  std::string dir = temp_dir();
  std::string missing = dir + "/none.json";
  std::filesystem::remove(missing);
  CHECK_THROWS_WITH(Baseline::load(missing), Catch::Contains(missing));
  CHECK(Baseline::load(missing, IfMissing::empty).empty());
  std::string corrupt = dir + "/corrupt.json";
  util::write_file_atomically(corrupt, "{\"version\":1,\n\"kind\":\"pm-baseline\",\n\"series\":[}\n");
  CHECK_THROWS_WITH(Baseline::load(corrupt, IfMissing::empty), Catch::StartsWith(corrupt + ":3:"));
  std::filesystem::remove_all(dir);

  Baseline baseline;
  baseline.add(record::sample(k_start, "a", 1));
  std::string good = baseline.to_json();
  REQUIRE(parse_error(good).empty());
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
  };

  CHECK_THAT(parse_error(replaced("\"version\":1", "\"version\":2")),
             Catch::StartsWith("base.json: ") && Catch::Contains("version 2 is not supported"));
  CHECK_THAT(parse_error(replaced("\"pm-baseline\"", "\"pm-state\"")),
             Catch::StartsWith("base.json: not a pm baseline") && Catch::Contains("\"pm-state\""));
  CHECK_THAT(parse_error("{\"pm_alert_state\":1}"), Catch::StartsWith("base.json: not a pm baseline"));
  CHECK_THAT(parse_error("[1,2]"), Catch::StartsWith("base.json: not a pm baseline"));
  CHECK_THAT(parse_error(replaced("\"alpha\":0.01", "\"alpha\":0.02")), Catch::Contains("\"alpha\" 0.02"));
  // A syntax error names the line: the first series's first cell sits on line 5.
  CHECK_THAT(parse_error(replaced("\"bins\":[[", "\"bins\":[[,")), Catch::StartsWith("base.json:5:"));
  CHECK_THAT(parse_error(good.substr(0, good.size() / 2)),
             Catch::StartsWith("base.json:") && Catch::Contains("not valid JSON"));
  CHECK_THAT(parse_error(""), Catch::StartsWith("base.json:1:1: not valid JSON"));
  CHECK_THAT(parse_error(replaced("\"Mon 00h\"", "\"Mon 25h\"")),
             Catch::Contains("series 1 (a)") && Catch::Contains("\"Mon 25h\""));
  CHECK_THAT(parse_error(replaced("\"points\":1,\"cells\"", "\"points\":2,\"cells\"")),
             Catch::Contains("\"points\" is 2 but its cells hold 1"));
  std::string first_bin = "[[" + std::to_string(BinnedMoments::key_of(1)) + ",";
  CHECK_THAT(parse_error(replaced(first_bin, "[[\"x\",")),
             Catch::Contains("series 1 (a): cell Mon 00h: bin 1: key must be an integer"));
  CHECK_THAT(parse_error(replaced(",1,1,0]", ",0,1,0]")), Catch::Contains("at least one value"));
  CHECK_THAT(parse_error(replaced("\"name\":\"a\"", "\"name\":\"1bad\"")), Catch::Contains("series 1"));
}

TEST_CASE("check flags a value 5 sd off as critical and a normal one not", "[baseline]") {
  Simulated sim = simulate(3);
  Baseline baseline = learn(sim.records);
  time::TimePoint tuesday_14 = *time::parse_timestamp("2026-12-01T14:20:00Z");
  CellStats cell = baseline.find(k_key)->cell_stats(24 + 14);

  auto at = [&](double value) {
    auto deviation = baseline.check(k_key, tuesday_14, value);
    REQUIRE(deviation);
    return *deviation;
  };
  Deviation normal = at(cell.mean + 0.5 * cell.stddev);
  CHECK(normal.cell == "Tue 14h");
  CHECK(normal.level == CellLevel::hour_of_week);
  CHECK(normal.expected == cell.mean);
  CHECK(normal.z == Approx(0.5));
  CHECK_FALSE(normal.outside);
  CHECK_FALSE(normal.severity);
  CHECK(normal.low == Approx(cell.mean - 3 * cell.stddev));
  CHECK(normal.high == Approx(cell.mean + 3 * cell.stddev));
  CHECK(normal.p05 == cell.p05);
  CHECK(normal.p95 == cell.p95);
  CHECK(normal.points == cell.kept);

  Deviation critical = at(cell.mean + 5 * cell.stddev);
  CHECK(critical.z == Approx(5));
  CHECK(critical.outside);
  CHECK(critical.severity == record::Severity::critical);
  Deviation warning = at(cell.mean - 3.5 * cell.stddev);
  CHECK(warning.z == Approx(-3.5));
  CHECK(warning.severity == record::Severity::warning);

  // The thresholds come from the settings.
  BaselineSettings strict;
  strict.warning_z = 0.25;
  strict.critical_z = 0.4;
  CHECK(baseline.check(k_key, tuesday_14, cell.mean + 0.5 * cell.stddev, strict)->severity ==
        record::Severity::critical);

  // The profile matters: Monday 06h's mean (the daily peak) is far off on a Sunday at 18h.
  auto sunday_18 = baseline.check(k_key, *time::parse_timestamp("2026-12-06T18:00:00Z"), profile(6));
  REQUIRE(sunday_18);
  CHECK(sunday_18->cell == "Sun 18h");
  CHECK(sunday_18->z > 10);
  CHECK(sunday_18->severity == record::Severity::critical);
  auto monday_06 = baseline.check(k_key, *time::parse_timestamp("2026-12-07T06:10:00Z"), profile(6));
  CHECK(monday_06->cell == "Mon 06h");
  CHECK_FALSE(monday_06->severity);

  // A record is checked by its series.
  record::Record r = record::sample(tuesday_14, "api.latency", cell.mean + 5 * cell.stddev);
  r.set_tag("endpoint", "/api/users");
  CHECK(baseline.check(r)->severity == record::Severity::critical);
  r.set_tag("endpoint", "/other");
  CHECK_FALSE(baseline.check(r));

  // Learning more invalidates what check derived.
  Baseline grown = baseline;
  grown.add(record::sample(tuesday_14, "fresh", 1));
  CHECK_FALSE(grown.check("fresh", tuesday_14, 1));
  CHECK(grown.check(k_key, tuesday_14, cell.mean)->expected == cell.mean);
}

TEST_CASE("check falls back to coarser cells when a cell has too few points", "[baseline]") {
  Baseline baseline;
  time::TimePoint monday_10 = *time::parse_timestamp("2026-11-02T10:00:00Z");
  for (int i = 0; i < 5; ++i)
    baseline.add(record::sample(monday_10 + std::chrono::minutes(i), "x", 10 + i % 2));
  CHECK_FALSE(baseline.check("x", monday_10, 10)); // 5 points in all: too few for any summary

  for (int i = 0; i < 20; ++i) // other Monday hours
    baseline.add(record::sample(monday_10 + std::chrono::hours(1 + i % 10), "x", 10 + i % 3));
  auto monday = baseline.check("x", monday_10, 10);
  REQUIRE(monday);
  CHECK(monday->level == CellLevel::day_of_week);
  CHECK(monday->cell == "Mon");
  CHECK(monday->points == 25);

  for (int week = 1; week <= 2; ++week) // 10h on Tuesdays of later weeks
    for (int i = 0; i < 5; ++i)
      baseline.add(record::sample(monday_10 + std::chrono::hours(24 + 24 * 7 * week) + std::chrono::minutes(i), "x", 11));
  auto ten = baseline.check("x", monday_10, 10);
  REQUIRE(ten);
  CHECK(ten->level == CellLevel::hour_of_day);
  CHECK(ten->cell == "10h");
  CHECK(ten->points == 15);

  BaselineSettings few;
  few.min_points = 5;
  auto own = baseline.check("x", monday_10, 10, few);
  REQUIRE(own);
  CHECK(own->level == CellLevel::hour_of_week);
  CHECK(own->cell == "Mon 10h");

  // Only finite samples with a time are learned.
  record::Record derived = record::sample(monday_10, "x", 1);
  derived.kind = "anomaly";
  CHECK_FALSE(baseline.add(derived));
  record::Record no_time = record::sample(monday_10, "x", 1);
  no_time.has_ts = false;
  CHECK_FALSE(baseline.add(no_time));
  CHECK_FALSE(baseline.add(record::sample(monday_10, "x", std::nan(""))));
  CHECK(baseline.points() == 35);
}
