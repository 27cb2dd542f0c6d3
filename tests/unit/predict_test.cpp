// Unit tests of libpm/predict and the statistics it uses, against known truth: series
// simulated with parameters the test sets.
#include "libpm/predict/ets.hpp"
#include "libpm/predict/models.hpp"
#include "libpm/predict/season.hpp"
#include "libpm/predict/series.hpp"
#include "libpm/stats/distribution.hpp"
#include "libpm/stats/regression.hpp"
#include "libpm/time/time.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <vector>

using namespace pm;
using namespace pm::predict;
using std::chrono::minutes;

namespace {

const time::Duration k_5m = std::chrono::duration_cast<time::Duration>(minutes(5));

/// An ETS process simulated from its state-space equations (additive errors).
std::vector<double> simulate(Trend trend, std::size_t m, double alpha, double beta, double gamma, double phi,
                             std::size_t n, double sigma, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0, sigma);
  double l = 100, b = trend == Trend::none ? 0 : 0.05;
  std::vector<double> s(m);
  for (std::size_t j = 0; j < m; ++j)
    s[j] = 10 * std::sin(2 * std::numbers::pi * static_cast<double>(j) / static_cast<double>(m));
  std::vector<double> y;
  for (std::size_t t = 0; t < n; ++t) {
    const double damped = trend == Trend::damped ? phi * b : b;
    const double season = m ? s[t % m] : 0;
    const double e = noise(rng);
    y.push_back(l + damped + season + e);
    l = l + damped + alpha * e;
    b = damped + beta * e;
    if (m)
      s[t % m] = season + gamma * e;
  }
  return y;
}

double mae(const Model& model, const std::vector<double>& future) {
  double sum = 0;
  for (std::size_t h = 1; h <= future.size(); ++h)
    sum += std::abs(model.forecast(h, 0.95).mean - future[h - 1]);
  return sum / static_cast<double>(future.size());
}

} // namespace

TEST_CASE("normal and t quantiles match their tables") {
  CHECK(stats::normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-12));
  CHECK(stats::normal_quantile(0.9) == Approx(1.2815515655446004).epsilon(1e-12));
  CHECK(stats::normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-10));
  CHECK(stats::t_quantile(0.975, 1) == Approx(12.706204736174698).epsilon(1e-9));
  CHECK(stats::t_quantile(0.975, 2) == Approx(4.302652729749464).epsilon(1e-9));
  CHECK(stats::t_quantile(0.975, 5) == Approx(2.5705818356363146).epsilon(1e-3));
  CHECK(stats::t_quantile(0.975, 30) == Approx(2.0422724563012373).epsilon(1e-5));
}

TEST_CASE("least squares recovers a slope within 1 % and Theil-Sen shrugs off outliers") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0, 2);
  std::vector<double> x, y;
  for (int i = 0; i < 500; ++i) {
    x.push_back(i);
    y.push_back(3 + 0.5 * i + noise(rng));
  }
  auto ols = stats::least_squares(x, y);
  CHECK(ols.slope == Approx(0.5).epsilon(0.01));
  CHECK(ols.r2 > 0.99);
  CHECK(ols.slope_se > 0);
  for (int i = 0; i < 500; i += 10) // one point in ten a wild spike
    y[static_cast<std::size_t>(i)] += 5000;
  auto robust = stats::theil_sen(x, y);
  CHECK(robust.slope == Approx(0.5).epsilon(0.01));
  CHECK(std::abs(stats::least_squares(x, y).intercept - 3) > 100);
  SECTION("a constant or a single point is defined") {
    std::vector<double> cx{1, 2, 3}, cy{4, 4, 4};
    auto c = stats::least_squares(cx, cy);
    CHECK(c.slope == 0);
    CHECK(c.r2 == 0);
    std::vector<double> one{1};
    CHECK(stats::least_squares(one, one).intercept == 1);
    CHECK(stats::theil_sen(one, one).slope == 0);
  }
  SECTION("values near 1e300 and 1e-300 give the fit of the same line scaled") {
    // Their squares overflow (or vanish): a slope with a null standard error and r².
    for (double scale : {1e300, 1e-300}) {
      std::vector<double> scaled;
      for (double v : y)
        scaled.push_back(v * scale);
      for (auto fit : {&stats::least_squares, &stats::theil_sen}) {
        const auto plain = fit(x, y), big = fit(x, scaled);
        CHECK(big.slope == Approx(plain.slope * scale).epsilon(1e-9));
        CHECK(big.slope_se == Approx(plain.slope_se * scale).epsilon(1e-9));
        CHECK(big.residual_sd == Approx(plain.residual_sd * scale).epsilon(1e-9));
        CHECK(big.r2 == Approx(plain.r2).epsilon(1e-9));
      }
    }
  }
}

TEST_CASE("ETS parameters are recovered from simulated ETS processes") {
  SECTION("ETS(A,N,N), alpha 0.3") {
    auto y = simulate(Trend::none, 0, 0.3, 0, 0, 1, 4000, 1, 1);
    auto fit = fit_ets(EtsSpec{false, Trend::none, Season::none, 0}, y);
    REQUIRE(fit.usable);
    CHECK(fit.params.alpha == Approx(0.3).margin(0.04));
    CHECK(std::sqrt(fit.sigma2) == Approx(1).margin(0.05));
  }
  SECTION("ETS(A,A,N), alpha 0.5 beta 0.1") {
    auto y = simulate(Trend::additive, 0, 0.5, 0.1, 0, 1, 4000, 1, 2);
    auto fit = fit_ets(EtsSpec{false, Trend::additive, Season::none, 0}, y);
    REQUIRE(fit.usable);
    CHECK(fit.params.alpha == Approx(0.5).margin(0.05));
    CHECK(fit.params.beta == Approx(0.1).margin(0.04));
  }
  SECTION("ETS(A,N,A), alpha 0.2 gamma 0.2, season 24") {
    auto y = simulate(Trend::none, 24, 0.2, 0, 0.2, 1, 4000, 1, 3);
    auto fit = fit_ets(EtsSpec{false, Trend::none, Season::additive, 24}, y);
    REQUIRE(fit.usable);
    CHECK(fit.params.alpha == Approx(0.2).margin(0.05));
    CHECK(fit.params.gamma == Approx(0.2).margin(0.05));
  }
}

TEST_CASE("a daily season is found with its period, and seasonal models beat a line on it by far") {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(0, 2);
  std::vector<double> y;
  for (int i = 0; i < 288 * 8; ++i)
    y.push_back(100 + 20 * std::sin(2 * std::numbers::pi * i / 288.0) + noise(rng));
  std::vector<double> history(y.begin(), y.end() - 288), future(y.end() - 288, y.end());
  auto season = detect_season(history, k_5m);
  CHECK(season.period == 288);
  CHECK(season.length == std::chrono::hours(24));
  std::string note;
  auto hw = fit_model(ModelKind::holt_winters, history, season.period, note);
  CHECK(note.empty());
  auto automatic = fit_model(ModelKind::automatic, history, season.period, note);
  auto line = fit_model(ModelKind::linear, history, season.period, note);
  // Holt-Winters or a seasonal ARIMA, whichever forecast the held-out steps better: both
  // follow a fixed daily profile.
  const bool seasonal = automatic->kind() == ModelKind::holt_winters ||
                        (automatic->kind() == ModelKind::arima && automatic->code().find(")[288]") != std::string::npos);
  CHECK(seasonal);
  CHECK(mae(*hw, future) * 3 < mae(*line, future));
  CHECK(mae(*automatic, future) * 3 < mae(*line, future));
  SECTION("noise and a random walk have no season") {
    std::vector<double> flat, walk;
    double w = 0;
    for (int i = 0; i < 288 * 8; ++i) {
      flat.push_back(noise(rng));
      walk.push_back(w += noise(rng));
    }
    CHECK(detect_season(flat, k_5m).period == 0);
    CHECK(detect_season(walk, k_5m).period == 0);
  }
}

TEST_CASE("80 % and 95 % intervals cover their share of held-out values") {
  // 600 windows of simulated ETS(A,N,N) and ETS(A,N,A); the value 6 steps after each fit
  // is held out. Nominal ±3 points.
  const int windows = 600;
  int inside80 = 0, inside95 = 0, total = 0;
  for (int w = 0; w < windows; ++w) {
    const bool seasonal = w % 2 == 1;
    auto y = simulate(Trend::none, seasonal ? 12 : 0, 0.3, 0, 0.1, 1, 246, 1, 1000 + static_cast<unsigned>(w));
    std::vector<double> history(y.begin(), y.end() - 6);
    std::string note;
    auto model = fit_model(seasonal ? ModelKind::holt_winters : ModelKind::ses, history, seasonal ? 12 : 0, note);
    const double actual = y.back();
    Interval i80 = model->forecast(6, 0.8), i95 = model->forecast(6, 0.95);
    inside80 += actual >= i80.lower && actual <= i80.upper;
    inside95 += actual >= i95.lower && actual <= i95.upper;
    ++total;
  }
  CHECK(100.0 * inside80 / total == Approx(80).margin(3));
  CHECK(100.0 * inside95 / total == Approx(95).margin(3));
}

TEST_CASE("time to a threshold on a linear fill is within 5 %, and never on a flat series") {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0, 0.2);
  std::vector<double> fill, flat;
  for (int i = 0; i < 2016; ++i) { // a week of 5-minute steps
    fill.push_back(40 + 0.01 * i + noise(rng));
    flat.push_back(40 + noise(rng));
  }
  std::string note;
  auto model = fit_model(ModelKind::automatic, fill, 0, note);
  // From about 60.15 at step 2015 to 90: 2985 steps more.
  Crossing c = find_crossing(*model, 8640, 90, false, 0.95);
  REQUIRE(c.mean);
  CHECK(static_cast<double>(*c.mean) == Approx(2985).epsilon(0.05));
  REQUIRE(c.early);
  CHECK(*c.early <= *c.mean);
  auto flat_model = fit_model(ModelKind::automatic, flat, 0, note);
  CHECK_FALSE(find_crossing(*flat_model, 8640, 90, false, 0.95).mean);
  SECTION("downwards") {
    std::vector<double> drain;
    for (int i = 0; i < 2016; ++i)
      drain.push_back(100 - 0.02 * i + noise(rng));
    auto m = fit_model(ModelKind::automatic, drain, 0, note);
    Crossing d = find_crossing(*m, 8640, 20, true, 0.95);
    REQUIRE(d.mean);
    CHECK(static_cast<double>(*d.mean) == Approx(1985).epsilon(0.05));
  }
}

TEST_CASE("short, constant, gappy and extreme series get a defined answer") {
  std::string note;
  std::vector<double> one{5};
  auto m1 = fit_model(ModelKind::automatic, one, 0, note);
  CHECK(m1->forecast(3, 0.95).mean == 5);
  CHECK(std::isnan(m1->forecast(3, 0.95).lower));
  CHECK_FALSE(note.empty());
  std::vector<double> constant(50, 7.5);
  auto mc = fit_model(ModelKind::automatic, constant, 0, note);
  CHECK(mc->forecast(10, 0.95).mean == 7.5);
  CHECK(mc->forecast(10, 0.95).upper == 7.5);
  std::vector<double> huge, gappy;
  for (int i = 0; i < 300; ++i) {
    huge.push_back(1e300 * (1 + 0.01 * std::sin(i)));
    gappy.push_back(i % 7 == 3 ? NAN : 10 + 0.1 * i);
  }
  auto mh = fit_model(ModelKind::automatic, huge, 0, note);
  CHECK(std::isfinite(mh->forecast(5, 0.95).mean));
  CHECK(mh->forecast(5, 0.95).mean == Approx(1e300).epsilon(0.05));
  auto mg = fit_model(ModelKind::automatic, gappy, 0, note);
  CHECK(mg->forecast(1, 0.95).mean == Approx(10 + 0.1 * 300).epsilon(0.02));
  SECTION("seasonal models that cannot be fitted say so") {
    std::vector<double> short_series(100, 1.0);
    for (std::size_t i = 0; i < short_series.size(); ++i)
      short_series[i] += 0.1 * static_cast<double>(i % 10);
    auto m = fit_model(ModelKind::holt_winters, short_series, 288, note);
    CHECK(note == "fewer than two seasons: holt instead of holt-winters");
    CHECK(m->kind() == ModelKind::holt);
  }
}

TEST_CASE("the step is inferred from the spacing, and points go to the nearest step") {
  using time::TimePoint;
  std::vector<TimePoint> times;
  for (int i = 0; i < 50; ++i) // 10 s with ±0.1 s jitter
    times.push_back(TimePoint{std::chrono::milliseconds(i * 10000 + (i % 3 - 1) * 100)});
  CHECK(static_cast<double>(infer_step(times).count()) == Approx(10000).epsilon(0.001));
  std::vector<TimePoint> months;
  const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  long long t = 0;
  for (int i = 0; i < 48; ++i) {
    months.push_back(TimePoint{std::chrono::milliseconds(t)});
    t += days[i % 12] * 86400000LL;
  }
  auto step = infer_step(months);
  CHECK(step.count() == Approx(365.0 / 12 * 86400000).epsilon(0.01));
}

TEST_CASE("decades of calendar months each land on a step of their own") {
  // A grid of the mean of the first 64 spacings drifted off the calendar: over 59 years of
  // monthly points, one month landed a step late (a missing step) and the season slipped.
  for (int every : {1, 3, 12}) {
    SeriesSettings settings;
    Series s(settings);
    std::size_t points = 0;
    for (int month = 0; month < 12 * 80; month += every, ++points) {
      char text[32];
      std::snprintf(text, sizeof text, "%04d-%02d-01T00:00:00Z", 1930 + month / 12, month % 12 + 1);
      auto ts = time::parse_timestamp(text);
      REQUIRE(ts);
      s.add(*ts, static_cast<double>(month % 12));
    }
    s.finish();
    INFO(every << " months apart");
    CHECK(s.late() == 0);
    CHECK(s.window().size() == points);
    CHECK(std::none_of(s.window().begin(), s.window().end(), [](double v) { return std::isnan(v); }));
    CHECK(static_cast<double>(s.step().count()) == Approx(every * 365.2425 / 12 * 86400000).epsilon(1e-9));
  }
}

TEST_CASE("a jittered stream keeps one point a step over forty thousand steps") {
  // A step taken from the first 64 spacings of a 10 s stream jittered by ±0.5 s was 10s21ms:
  // 14 minutes of drift by the end, points sharing steps, the hourly season lost.
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> jitter(-500, 500);
  SeriesSettings settings;
  settings.max_steps = 40'000;
  Series s(settings);
  for (int i = 0; i < 40'000; ++i)
    s.add(time::TimePoint{std::chrono::milliseconds(1'800'000'000'000LL + i * 10'000LL + std::llround(jitter(rng)))},
          static_cast<double>(i));
  s.finish();
  CHECK(s.late() == 0);
  REQUIRE(s.window().size() == 40'000);
  for (std::size_t i = 0; i < s.window().size(); ++i)
    if (s.window()[i] != static_cast<double>(i))
      FAIL_CHECK("step " << i << " holds " << s.window()[i]);
  CHECK(s.step().count() == 10'000);
  CHECK(std::abs((s.last_step_time() - time::TimePoint{std::chrono::milliseconds(1'800'000'000'000LL + 39'999 * 10'000LL)}).count()) < 100);
}

TEST_CASE("online, a series ends with the forecasts a batch run over the same points gives") {
  SeriesSettings batch_settings, online_settings;
  online_settings.online = true;
  Series batch(batch_settings), online(online_settings);
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0, 1);
  bool moved = false;
  for (int i = 0; i < 3000; ++i) {
    time::TimePoint ts{std::chrono::milliseconds(1'800'000'000'000LL + i * 300'000LL)};
    double v = 50 + 10 * std::sin(2 * std::numbers::pi * i / 288.0) + 0.01 * i + noise(rng);
    batch.add(ts, v);
    moved = online.add(ts, v) || moved;
  }
  CHECK(moved); // online forecasts came while the stream ran
  batch.finish();
  online.finish();
  REQUIRE(batch.fitted());
  REQUIRE(online.fitted());
  CHECK(batch.season().period == 288);
  CHECK(online.model().code() == batch.model().code());
  for (std::size_t h : {1, 12, 288}) {
    CHECK(online.model().forecast(h, 0.95).mean == batch.model().forecast(h, 0.95).mean);
    CHECK(online.model().forecast(h, 0.95).upper == batch.model().forecast(h, 0.95).upper);
  }
  CHECK(batch.last_step_time() == online.last_step_time());
  SECTION("a point before the open step is counted, not placed") {
    Series s(batch_settings);
    for (int i = 0; i < 100; ++i)
      s.add(time::TimePoint{std::chrono::milliseconds(i * 60000LL)}, i);
    s.add(time::TimePoint{std::chrono::milliseconds(10 * 60000LL)}, 1e9);
    s.finish();
    CHECK(s.late() == 1);
    CHECK(s.model().forecast(1, 0.95).mean < 1000);
  }
}
