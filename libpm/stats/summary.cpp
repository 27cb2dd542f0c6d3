// Streaming summary: Welford's running mean and variance, and Chan's merge.
#include "libpm/stats/summary.hpp"

#include <algorithm>
#include <cmath>

namespace pm::stats {

void Summary::add(time::TimePoint ts, double value) {
  ++m_count;
  const double n = static_cast<double>(m_count);
  double delta = value - m_mean;
  if (std::isfinite(delta)) {
    m_mean += delta / n;
    m_m2 += delta * (value - m_mean);
  } else {
    // Values near ±DBL_MAX: their difference overflows, their scaled difference does not.
    // The spread itself is then beyond a double: infinite (shown as null in JSON).
    m_mean += value / n - m_mean / n;
    m_m2 = INFINITY;
  }
  m_min = std::min(m_min, value);
  m_max = std::max(m_max, value);
  if (m_count == 1 || ts < m_first_ts) {
    m_first_ts = ts;
    m_first = value;
  }
  if (m_count == 1 || ts >= m_last_ts) {
    m_last_ts = ts;
    m_last = value;
  }
}

void Summary::merge(const Summary& other) {
  if (other.m_count == 0)
    return;
  if (m_count == 0) {
    *this = other;
    return;
  }
  double n_a = static_cast<double>(m_count), n_b = static_cast<double>(other.m_count);
  double n = n_a + n_b;
  double delta = other.m_mean - m_mean;
  if (std::isfinite(delta)) {
    m_mean += delta * n_b / n;
    m_m2 += other.m_m2 + delta * delta * n_a * n_b / n;
  } else { // as in add(): means near ±DBL_MAX
    m_mean = m_mean * (n_a / n) + other.m_mean * (n_b / n);
    m_m2 = INFINITY;
  }
  m_count += other.m_count;
  m_min = std::min(m_min, other.m_min);
  m_max = std::max(m_max, other.m_max);
  if (other.m_first_ts < m_first_ts) {
    m_first_ts = other.m_first_ts;
    m_first = other.m_first;
  }
  if (other.m_last_ts >= m_last_ts) {
    m_last_ts = other.m_last_ts;
    m_last = other.m_last;
  }
}

double Summary::stddev() const {
  if (m_count < 2)
    return 0;
  return std::sqrt(std::max(0.0, m_m2 / static_cast<double>(m_count - 1)));
}

double Summary::span_seconds() const {
  if (m_count == 0)
    return 0;
  return static_cast<double>((m_last_ts - m_first_ts).count()) / 1000.0;
}

} // namespace pm::stats
