// Unit tests of the seasonal ARIMA against known truth: processes simulated from their
// difference equations with coefficients the test sets.
#include "libpm/predict/arima.hpp"
#include "libpm/predict/models.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

using namespace pm::predict;

namespace {

/// w_t = φ1 w_{t−1} + φ2 w_{t−2} + e_t + θ1 e_{t−1} + Θ e_{t−m}, then integrated d times
/// (and seasonally D times with period m), with a burn-in of 200 steps dropped.
std::vector<double> simulate(double phi1, double phi2, double theta1, double seasonal_theta, std::size_t m,
                             std::size_t d, std::size_t D, std::size_t n, unsigned seed, double level = 50) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0, 1);
  const std::size_t total = n + 200;
  std::vector<double> e(total), w(total, 0);
  for (std::size_t t = 0; t < total; ++t) {
    e[t] = noise(rng);
    double v = e[t];
    if (t >= 1)
      v += phi1 * w[t - 1] + theta1 * e[t - 1];
    if (t >= 2)
      v += phi2 * w[t - 2];
    if (m && t >= m)
      v += seasonal_theta * e[t - m];
    w[t] = v;
  }
  std::vector<double> y(w.begin() + 200, w.end());
  for (std::size_t k = 0; k < D; ++k)
    for (std::size_t t = m; t < y.size(); ++t)
      y[t] += y[t - m];
  for (std::size_t k = 0; k < d; ++k)
    for (std::size_t t = 1; t < y.size(); ++t)
      y[t] += y[t - 1];
  for (double& v : y)
    v += level;
  return y;
}

double mae(const Model& model, std::span<const double> future) {
  double sum = 0;
  for (std::size_t h = 1; h <= future.size(); ++h)
    sum += std::abs(model.forecast(h, 0.95).mean - future[h - 1]);
  return sum / static_cast<double>(future.size());
}

} // namespace

TEST_CASE("KPSS tells a stationary series from a random walk") {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> white, walk;
  double w = 0;
  for (int i = 0; i < 1000; ++i) {
    white.push_back(noise(rng));
    walk.push_back(w += noise(rng));
  }
  CHECK(kpss_statistic(white) < 0.463);
  CHECK(kpss_statistic(walk) > 0.463);
  CHECK(kpss_statistic(std::vector<double>(50, 7.0)) == 0);
}

TEST_CASE("an AR(2) is found and its coefficients recovered") {
  // φ = (0.6, −0.3): forecasts one step ahead from the last two values.
  auto y = simulate(0.6, -0.3, 0, 0, 0, 0, 0, 2000, 7);
  auto model = auto_arima(y, 0);
  REQUIRE(model);
  const ArimaOrder o = arima_order(*model);
  CHECK(o.d == 0);
  CHECK(o.p >= 1);
  CHECK(o.constant);
  // The forecast obeys the true recursion within the sampling error of the coefficients.
  const double y1 = y[y.size() - 1] - 50, y2 = y[y.size() - 2] - 50;
  CHECK(model->forecast(1, 0.95).mean - 50 == Approx(0.6 * y1 - 0.3 * y2).margin(0.15));
  // Far ahead it returns to the mean, with the process's own variance: 1/(1−ρ1φ1−ρ2φ2).
  const double rho1 = 0.6 / 1.3, rho2 = 0.6 * rho1 - 0.3;
  const double sd = std::sqrt(1 / (1 - rho1 * 0.6 + rho2 * 0.3));
  Interval far = model->forecast(200, 0.95);
  CHECK(far.mean == Approx(50).margin(0.2));
  CHECK((far.upper - far.mean) / 1.959964 == Approx(sd).epsilon(0.1));
  CHECK(model->code().starts_with("(" + std::to_string(o.p) + ",0,"));
}

TEST_CASE("a random walk with MA noise gets one difference and its θ") {
  // ARIMA(0,1,1) with θ = −0.5: the forecast is the exponentially weighted level
  // (SES with α = 1 + θ = 0.5), the interval grows as 1 + (h−1)(1+θ)².
  auto y = simulate(0, 0, -0.5, 0, 0, 1, 0, 1500, 11);
  auto model = fit_arima(ArimaOrder{0, 1, 1, 0, 0, 0, false}, y);
  REQUIRE(model);
  double level = y.front();
  for (double v : y)
    level += 0.5 * (v - level);
  CHECK(model->forecast(1, 0.95).mean == Approx(level).margin(0.25));
  const double ratio = (model->forecast(10, 0.95).upper - model->forecast(10, 0.95).mean) /
                       (model->forecast(1, 0.95).upper - model->forecast(1, 0.95).mean);
  CHECK(ratio == Approx(std::sqrt(1 + 9 * 0.25)).epsilon(0.1));
  auto chosen = auto_arima(y, 0);
  REQUIRE(chosen);
  CHECK(arima_order(*chosen).d == 1);
}

TEST_CASE("a seasonal MA is found after a seasonal difference") {
  // (0,0,0)(0,1,1)[12] with Θ = −0.6 on a season of 12.
  auto y = simulate(0, 0, 0, -0.6, 12, 0, 1, 1200, 13);
  auto model = auto_arima(y, 12);
  REQUIRE(model);
  const ArimaOrder o = arima_order(*model);
  CHECK(o.D == 1);
  CHECK(o.Q == 1);
  CHECK(o.period == 12);
  CHECK(model->code().find("(0,1,1)[12]") != std::string::npos);
  // Beats the seasonal naive forecast on the next two seasons.
  std::vector<double> history(y.begin(), y.end() - 24), future(y.end() - 24, y.end());
  auto fitted = auto_arima(history, 12);
  std::string note;
  auto snaive = fit_model(ModelKind::seasonal_naive, history, 12, note);
  REQUIRE(fitted);
  CHECK(mae(*fitted, future) < mae(*snaive, future));
}

TEST_CASE("ARIMA intervals cover their share of held-out values") {
  // 600 windows of AR(1) φ = 0.7 and ARIMA(0,1,1) θ = −0.4, the value 6 steps after each
  // fit held out. Nominal ±3 points.
  int inside80 = 0, inside95 = 0, total = 0;
  for (unsigned w = 0; w < 600; ++w) {
    auto y = w % 2 ? simulate(0.7, 0, 0, 0, 0, 0, 0, 306, 500 + w) : simulate(0, 0, -0.4, 0, 0, 1, 0, 306, 500 + w);
    std::span<const double> history(y.data(), y.size() - 6);
    auto model = auto_arima(history, 0);
    REQUIRE(model);
    const double actual = y.back();
    Interval i80 = model->forecast(6, 0.8), i95 = model->forecast(6, 0.95);
    inside80 += actual >= i80.lower && actual <= i80.upper;
    inside95 += actual >= i95.lower && actual <= i95.upper;
    ++total;
  }
  CHECK(100.0 * inside80 / total == Approx(80).margin(3));
  CHECK(100.0 * inside95 / total == Approx(95).margin(3));
}

TEST_CASE("auto keeps ETS or ARIMA by their forecasts of held-out steps") {
  SECTION("a stationary cycle goes to ARIMA") {
    // AR(2) with complex roots: a damped cycle no exponential smoothing follows.
    auto y = simulate(1.5, -0.8, 0, 0, 0, 0, 0, 800, 17);
    std::string note;
    auto model = fit_model(ModelKind::automatic, y, 0, note);
    CHECK(model->kind() == ModelKind::arima);
  }
  SECTION("a season growing with the level goes to ETS with a multiplicative season") {
    std::mt19937_64 rng(19);
    std::normal_distribution<double> noise(0, 0.01);
    std::vector<double> y;
    for (int t = 0; t < 24 * 20; ++t)
      y.push_back((100 + 0.5 * t) * (1 + 0.3 * std::sin(2 * std::numbers::pi * t / 24.0)) * (1 + noise(rng)));
    std::string note;
    auto model = fit_model(ModelKind::automatic, y, 24, note);
    CHECK(model->kind() == ModelKind::holt_winters);
    CHECK(model->code().ends_with(",M"));
  }
  SECTION("a profile repeated exactly goes to the seasonal naive forecast") {
    std::mt19937_64 rng(29);
    std::uniform_real_distribution<double> any(10, 90);
    std::vector<double> profile(24), y;
    for (double& v : profile)
      v = any(rng);
    for (int t = 0; t < 24 * 15; ++t)
      y.push_back(profile[static_cast<std::size_t>(t) % 24]);
    std::string note;
    auto model = fit_model(ModelKind::automatic, y, 24, note);
    CHECK(model->kind() == ModelKind::seasonal_naive);
    CHECK(model->forecast(5, 0.95).mean == profile[4]);
  }
}

TEST_CASE("ARIMA on short, constant and gappy series") {
  std::string note;
  auto short_model = fit_model(ModelKind::arima, std::vector<double>{1, 2, 3}, 0, note);
  CHECK(short_model->kind() == ModelKind::naive);
  CHECK(note == "too few points for ARIMA: naive");
  auto flat = fit_model(ModelKind::arima, std::vector<double>(100, 4.0), 0, note);
  CHECK(flat->forecast(5, 0.95).mean == 4.0);
  // Every fifth step missing: fitted, forecasts finite, and the same as with the steps
  // filled by what the model would have said (a missing step adds no information).
  auto y = simulate(0.5, 0, 0, 0, 0, 0, 0, 500, 23);
  for (std::size_t i = 0; i < y.size(); i += 5)
    y[i] = std::nan("");
  auto gappy = auto_arima(y, 0);
  REQUIRE(gappy);
  CHECK(std::isfinite(gappy->forecast(3, 0.95).mean));
  CHECK(std::isfinite(gappy->forecast(3, 0.95).upper));
  auto moved = gappy->clone();
  moved->update(std::nan(""));
  CHECK(moved->forecast(1, 0.95).mean == Approx(gappy->forecast(2, 0.95).mean));
}
