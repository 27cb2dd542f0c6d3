// A bounded line of (time, mean value) points for charts and sparklines, however long the series.
#pragma once

#include "libpm/time/time.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace pm::stats {

/// Keeps at most `max_points` points. Values are averaged into time slots, with each slot's
/// minimum and maximum kept beside its mean, of a width that
/// doubles (adjacent slots merged pairwise) whenever the points would not fit, so a day of
/// 1 s samples still draws as ~max_points averages. Records out of time order are placed in
/// their slot when it is still held, else in the nearest one.
class ChartLine {
public:
  struct Point {
    time::TimePoint ts; ///< start of the slot (the first record's time while width is 0)
    double sum = 0;
    std::size_t count = 0;
    double min = 0; ///< the slot's extremes, so that a chart of means still shows its peaks
    double max = 0;
    double mean() const { return count ? sum / static_cast<double>(count) : 0; }
    void add(double value) {
      min = count ? std::min(min, value) : value;
      max = count ? std::max(max, value) : value;
      sum += value;
      ++count;
    }
    void merge(const Point& other) {
      if (other.count == 0)
        return;
      min = count ? std::min(min, other.min) : other.min;
      max = count ? std::max(max, other.max) : other.max;
      sum += other.sum;
      count += other.count;
    }
  };

  explicit ChartLine(std::size_t max_points = 240) : m_max(max_points < 2 ? 2 : max_points) {}
  void add(time::TimePoint ts, double value);
  const std::vector<Point>& points() const { return m_points; }

private:
  void halve();
  std::size_t m_max;
  time::Duration m_width{0};
  time::TimePoint m_origin{};
  std::vector<Point> m_points;
};

} // namespace pm::stats
