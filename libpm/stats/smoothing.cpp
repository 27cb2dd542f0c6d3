// Moving averages over a trailing time window.
#include "libpm/stats/smoothing.hpp"

#include <algorithm>
#include <cmath>

namespace pm::stats {

void MovingAverage::accumulate(double v) {
  double y = v - m_compensation;
  double t = m_sum + y;
  m_compensation = (t - m_sum) - y;
  m_sum = t;
}

double MovingAverage::add(time::TimePoint ts, double value) {
  if (!m_window.empty())
    ts = std::max(ts, m_window.back().first);
  m_window.emplace_back(ts, value);
  accumulate(value);
  while (m_window.size() > 1 && m_window.front().first <= ts - m_width) {
    accumulate(-m_window.front().second);
    m_window.pop_front();
  }
  return m_sum / static_cast<double>(m_window.size());
}

double ExponentialAverage::add(time::TimePoint ts, double value) {
  if (!m_started) {
    m_started = true;
    m_last = ts;
    m_mean = value;
    return m_mean;
  }
  const double elapsed = static_cast<double>(std::max<long long>(0, (ts - m_last).count()));
  const double half = static_cast<double>(std::max<long long>(1, m_half_life.count()));
  const double keep = std::exp2(-elapsed / half);
  m_mean = keep * m_mean + (1 - keep) * value;
  m_last = std::max(ts, m_last);
  return m_mean;
}

} // namespace pm::stats
