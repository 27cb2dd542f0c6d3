// Season detection by classical decomposition and autocorrelation at calendar periods.
#include "libpm/predict/season.hpp"

#include <cmath>
#include <vector>

namespace pm::predict {

namespace {

struct Strength {
  double strength = 0;
  double autocorrelation = 0;
};

/// Seasonal strength and lag-m autocorrelation of `y` detrended by a centred moving
/// average of m steps.
Strength measure(std::span<const double> y, std::size_t m) {
  const std::size_t n = y.size(), half = m / 2;
  // Prefix sums of values and counts make each moving average O(1).
  std::vector<double> sum(n + 1, 0.0);
  std::vector<double> count(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    sum[i + 1] = sum[i] + (std::isnan(y[i]) ? 0 : y[i]);
    count[i + 1] = count[i] + (std::isnan(y[i]) ? 0 : 1);
  }
  std::vector<double> detrended(n, NAN);
  for (std::size_t i = half; i + half < n; ++i) {
    if (std::isnan(y[i]))
      continue;
    const std::size_t from = i - half, to = i + half + 1; // [from, to)
    double s = sum[to] - sum[from], c = count[to] - count[from];
    if (m % 2 == 0) { // the 2×m average: half weight at both ends
      for (std::size_t j : {from, to - 1})
        if (!std::isnan(y[j])) {
          s -= y[j] / 2;
          c -= 0.5;
        }
    }
    if (c > 0)
      detrended[i] = y[i] - s / c;
  }
  std::vector<double> profile(m, 0.0), seen(m, 0.0);
  double total = 0, total_n = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isnan(detrended[i])) {
      profile[i % m] += detrended[i];
      seen[i % m] += 1;
      total += detrended[i];
      total_n += 1;
    }
  if (total_n < 3 * static_cast<double>(m) - static_cast<double>(m))
    return {};
  const double mean = total / total_n;
  for (std::size_t j = 0; j < m; ++j)
    profile[j] = seen[j] > 0 ? profile[j] / seen[j] : mean;
  double var_d = 0, var_r = 0, lagged = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(detrended[i]))
      continue;
    const double d = detrended[i] - mean;
    const double r = detrended[i] - profile[i % m];
    var_d += d * d;
    var_r += r * r;
    if (i >= m && !std::isnan(detrended[i - m]))
      lagged += d * (detrended[i - m] - mean);
  }
  if (var_d <= 0)
    return {};
  Strength out;
  const double k = total_n / static_cast<double>(m); // seasons averaged into the profile
  const double raw = 1 - var_r / var_d;
  out.strength = std::max(0.0, (raw - 1 / k) / (1 - 1 / k));
  out.autocorrelation = lagged / var_d;
  return out;
}

} // namespace

std::size_t steps_per(time::Duration length, time::Duration step) {
  if (step.count() <= 0)
    return 0;
  const double ratio = static_cast<double>(length.count()) / static_cast<double>(step.count());
  const double rounded = std::round(ratio);
  if (rounded < 2 || std::abs(ratio - rounded) > 0.02 * rounded)
    return 0;
  return static_cast<std::size_t>(rounded);
}

SeasonGuess detect_season(std::span<const double> y, time::Duration step) {
  using std::chrono::hours;
  const time::Duration candidates[] = {hours(1), hours(24), hours(24 * 7),
                                       std::chrono::duration_cast<time::Duration>(hours(24) * 365.25)};
  SeasonGuess best;
  for (auto length : candidates) {
    const std::size_t m = steps_per(length, step);
    if (m == 0 || y.size() < 3 * m)
      continue;
    Strength s = measure(y, m);
    // A longer season (a day after an hour) holds every shorter one that divides it: it must
    // explain a tenth of what the shorter one left, or an hourly pattern is fitted as a day
    // of 8,640 ten-second phases.
    const bool better = best.period == 0 ? true : 1 - s.strength < 0.9 * (1 - best.strength);
    if (s.strength > 0.3 && s.autocorrelation > 0.25 && better) {
      best.period = m;
      best.length = length;
      best.strength = s.strength;
    }
  }
  return best;
}

} // namespace pm::predict
