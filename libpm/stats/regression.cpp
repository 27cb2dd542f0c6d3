// Straight-line fits: least squares and Theil–Sen.
#include "libpm/stats/regression.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace pm::stats {

namespace {

struct Points {
  std::vector<double> x, y;
};

Points finite_points(std::span<const double> x, std::span<const double> y) {
  Points p;
  const std::size_t n = std::min(x.size(), y.size());
  p.x.reserve(n);
  p.y.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      p.x.push_back(x[i]);
      p.y.push_back(y[i]);
    }
  return p;
}

/// Divides y by a power of two that brings its largest magnitude near 1, and returns the
/// power: sums of squares of values near 1e300 (or 1e-300) neither overflow nor vanish, and
/// the fit is scaled back exactly by unscale().
int normalise(Points& p) {
  double largest = 0;
  for (double a : p.y)
    largest = std::max(largest, std::abs(a));
  if (largest == 0)
    return 0;
  const int power = std::ilogb(largest);
  for (double& a : p.y)
    a = std::ldexp(a, -power);
  return power;
}

void unscale(LineFit& fit, int power) {
  for (double* a : {&fit.intercept, &fit.slope, &fit.slope_se, &fit.residual_sd})
    *a = std::ldexp(*a, power);
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double a : v)
    sum += a;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

/// Fills r2, residual_sd and the residuals' lag-1 autocorrelation of a line over the points.
void describe_residuals(const Points& p, LineFit& fit) {
  const std::size_t n = p.x.size();
  const double y_mean = mean(p.y);
  double sse = 0, sst = 0, lag = 0, previous = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double r = p.y[i] - fit.at(p.x[i]);
    sse += r * r;
    sst += (p.y[i] - y_mean) * (p.y[i] - y_mean);
    if (i > 0)
      lag += r * previous;
    previous = r;
  }
  fit.r2 = sst > 0 ? std::clamp(1 - sse / sst, 0.0, 1.0) : 0; // a constant y explains nothing
  fit.residual_sd = n > 2 ? std::sqrt(sse / static_cast<double>(n - 2)) : 0;
  fit.lag1_autocorrelation = sse > 0 ? std::clamp(lag / sse, -1.0, 1.0) : 0;
}

double median_of(std::vector<double>& v) {
  if (v.empty())
    return 0;
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  double upper = *mid;
  if (v.size() % 2 == 1)
    return upper;
  double lower = *std::max_element(v.begin(), mid);
  return (lower + upper) / 2;
}

} // namespace

LineFit least_squares(std::span<const double> x, std::span<const double> y) {
  Points p = finite_points(x, y);
  const int power = normalise(p);
  LineFit fit;
  fit.n = p.x.size();
  if (fit.n == 0)
    return fit;
  fit.x_mean = mean(p.x);
  const double y_mean = mean(p.y);
  double sxy = 0;
  for (std::size_t i = 0; i < fit.n; ++i) {
    fit.sxx += (p.x[i] - fit.x_mean) * (p.x[i] - fit.x_mean);
    sxy += (p.x[i] - fit.x_mean) * (p.y[i] - y_mean);
  }
  fit.slope = fit.sxx > 0 ? sxy / fit.sxx : 0;
  fit.intercept = y_mean - fit.slope * fit.x_mean;
  describe_residuals(p, fit);
  fit.slope_se = fit.n > 2 && fit.sxx > 0 ? fit.residual_sd / std::sqrt(fit.sxx) : 0;
  unscale(fit, power);
  return fit;
}

LineFit theil_sen(std::span<const double> x, std::span<const double> y) {
  Points p = finite_points(x, y);
  const int power = normalise(p);
  LineFit fit;
  fit.n = p.x.size();
  if (fit.n == 0)
    return fit;
  const std::size_t n = fit.n;
  std::vector<double> slopes;
  auto add_pair = [&](std::size_t i, std::size_t j) {
    if (p.x[i] != p.x[j])
      slopes.push_back((p.y[j] - p.y[i]) / (p.x[j] - p.x[i]));
  };
  constexpr std::size_t k_exact_points = 2000; // 2·10⁶ pairs: the sample size beyond
  if (n <= k_exact_points) {
    slopes.reserve(n * (n - 1) / 2);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j)
        add_pair(i, j);
  } else {
    constexpr std::size_t k_pairs = 2'000'000;
    slopes.reserve(k_pairs);
    std::uint64_t state = 0x9E3779B97F4A7C15ull; // fixed seed: the same points, the same answer
    auto next = [&] {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      return state;
    };
    for (std::size_t k = 0; k < k_pairs; ++k) {
      std::size_t i = next() % n, j = next() % n;
      if (i != j)
        add_pair(std::min(i, j), std::max(i, j));
    }
  }
  fit.x_mean = mean(p.x);
  for (double a : p.x)
    fit.sxx += (a - fit.x_mean) * (a - fit.x_mean);
  if (slopes.empty()) {
    fit.intercept = mean(p.y);
    describe_residuals(p, fit);
    unscale(fit, power);
    return fit;
  }
  const std::size_t pairs = slopes.size();
  std::sort(slopes.begin(), slopes.end());
  fit.slope = pairs % 2 ? slopes[pairs / 2] : (slopes[pairs / 2 - 1] + slopes[pairs / 2]) / 2;
  std::vector<double> offsets(n);
  for (std::size_t i = 0; i < n; ++i)
    offsets[i] = p.y[i] - fit.slope * p.x[i];
  fit.intercept = median_of(offsets);
  describe_residuals(p, fit);
  // Sen (1968): the ranks of the slopes bounding the 95 % interval are (N ∓ C)/2 with
  // C = 1.96·sqrt(n(n−1)(2n+5)/18), scaled to the pairs actually used.
  const double dn = static_cast<double>(n);
  const double full_pairs = dn * (dn - 1) / 2;
  const double c = 1.96 * std::sqrt(dn * (dn - 1) * (2 * dn + 5) / 18) * static_cast<double>(pairs) / full_pairs;
  const double lo = std::clamp((static_cast<double>(pairs) - c) / 2, 0.0, static_cast<double>(pairs - 1));
  const double hi = std::clamp((static_cast<double>(pairs) + c) / 2, 0.0, static_cast<double>(pairs - 1));
  fit.slope_se = (slopes[static_cast<std::size_t>(hi)] - slopes[static_cast<std::size_t>(lo)]) / (2 * 1.96);
  unscale(fit, power);
  return fit;
}

} // namespace pm::stats
