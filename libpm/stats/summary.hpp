// Streaming summary of one series: count, first/last time, min, max, mean and stddev (Welford).
#pragma once

#include "libpm/time/time.hpp"

#include <cstdint>
#include <limits>

namespace pm::stats {

/// Constant-memory running statistics. Mean and variance use Welford's update, which stays
/// accurate where the naive sum of squares cancels catastrophically; two summaries merge
/// exactly (Chan et al.), so buckets and shards can be combined without keeping the values.
class Summary {
public:
  void add(time::TimePoint ts, double value);
  /// Adds everything `other` saw, as if its values had been added here.
  void merge(const Summary& other);

  std::uint64_t count() const { return m_count; }
  bool empty() const { return m_count == 0; }
  double min() const { return m_min; }
  double max() const { return m_max; }
  double mean() const { return m_mean; }
  double sum() const { return m_mean * static_cast<double>(m_count); }
  /// Sample standard deviation (n − 1 in the denominator); 0 for fewer than two values.
  double stddev() const;
  time::TimePoint first_time() const { return m_first_ts; }
  time::TimePoint last_time() const { return m_last_ts; }
  /// The value first and last in record time (ties: the one added last).
  double first() const { return m_first; }
  double last() const { return m_last; }
  /// Seconds from the first to the last record time.
  double span_seconds() const;

private:
  std::uint64_t m_count = 0;
  double m_mean = 0;
  double m_m2 = 0;
  double m_min = std::numeric_limits<double>::infinity();
  double m_max = -std::numeric_limits<double>::infinity();
  time::TimePoint m_first_ts{};
  time::TimePoint m_last_ts{};
  double m_first = 0;
  double m_last = 0;
};

} // namespace pm::stats
