// Moving averages over a trailing time window: simple (the window's mean) and exponential.
#pragma once

#include "libpm/time/time.hpp"

#include <deque>
#include <utility>

namespace pm::stats {

/// The mean of the values in (ts − width, ts], updated per value in O(1) amortised. Values
/// must come in time order (an earlier one counts as if at the latest time).
class MovingAverage {
public:
  explicit MovingAverage(time::Duration width) : m_width(width) {}
  /// Adds a value and returns the mean of the window ending at `ts`.
  double add(time::TimePoint ts, double value);

private:
  time::Duration m_width;
  std::deque<std::pair<time::TimePoint, double>> m_window;
  double m_sum = 0;
  // Kahan's compensation: the running sum gains and loses values forever.
  double m_compensation = 0;
  void accumulate(double v);
};

/// An exponentially weighted mean whose weights halve over `half_life` of record time, so
/// irregular spacing weighs each value by the time it stood for: a value's weight after t is
/// 2^(−t / half_life). The first value starts it.
class ExponentialAverage {
public:
  explicit ExponentialAverage(time::Duration half_life) : m_half_life(half_life) {}
  double add(time::TimePoint ts, double value);

private:
  time::Duration m_half_life;
  bool m_started = false;
  time::TimePoint m_last{};
  double m_mean = 0;
};

} // namespace pm::stats
