// Percentiles of one series: exact while a shared memory budget lasts, a Sketch beyond it.
#pragma once

#include "libpm/stats/sketch.hpp"

#include <cstddef>
#include <memory>
#include <vector>

namespace pm::stats {

/// How many values all exact Quantiles together may keep in memory (8 bytes each). Shared
/// by every series of a run, so memory stays bounded however many series and records come.
class ExactBudget {
public:
  explicit ExactBudget(std::size_t values) : m_remaining(values) {}
  /// Reserves room for `values` more; false (and nothing reserved) when it is not there.
  bool take(std::size_t values) {
    if (values > m_remaining)
      return false;
    m_remaining -= values;
    return true;
  }
  void give(std::size_t values) { m_remaining += values; }
  std::size_t remaining() const { return m_remaining; }

private:
  std::size_t m_remaining;
};

/// Percentiles by the nearest-rank definition: the q-quantile of n values is the value of
/// rank ceil(q·n) in ascending order (rank 1 for q = 0), always one of the values seen; p50
/// of {1,2,3,4} is 2. Values are kept exactly while `budget` grants room (it is asked as
/// the value array grows); when it refuses, the series moves to a Sketch with relative
/// accuracy `alpha`, gives its room back, and from then on quantiles are within alpha·|x|
/// of the exact ones. Without a budget values are always kept.
class Quantiles {
public:
  explicit Quantiles(ExactBudget* budget = nullptr, double alpha = Sketch::k_default_alpha)
      : m_budget(budget), m_alpha(alpha) {}
  Quantiles(Quantiles&& other) noexcept;
  Quantiles& operator=(Quantiles&& other) noexcept;
  Quantiles(const Quantiles&) = delete;
  Quantiles& operator=(const Quantiles&) = delete;
  ~Quantiles();

  void add(double value) {
    if (!m_sketch && m_values.size() < m_values.capacity()) {
      m_values.push_back(value);
      m_sorted = false;
      if (!m_placed.empty())
        m_placed.clear();
      return;
    }
    add_slow(value);
  }
  /// Adds `other`'s values (exactly when both are exact and the budget allows).
  void merge(const Quantiles& other);

  std::size_t count() const { return m_sketch ? static_cast<std::size_t>(m_sketch->count()) : m_values.size(); }
  bool exact() const { return !m_sketch; }
  /// The relative error bound of quantile(): 0 while exact, else the sketch's alpha.
  double relative_error() const { return m_sketch ? m_sketch->alpha() : 0.0; }
  /// The nearest-rank q-quantile, q in [0, 1]; 0 when empty. Exact values are partially
  /// ordered in place (nth_element between ranks already found), so asking p50, p90, p95
  /// and p99 costs a few linear passes, not a sort.
  double quantile(double q) const;

private:
  void add_slow(double value);
  void to_sketch();
  void release();

  ExactBudget* m_budget;
  double m_alpha;
  mutable std::vector<double> m_values;
  std::size_t m_reserved = 0; ///< values taken from the budget
  mutable bool m_sorted = true;                ///< m_values wholly sorted
  mutable std::vector<std::size_t> m_placed;   ///< indices already in their sorted place, ascending
  std::unique_ptr<Sketch> m_sketch;
};

} // namespace pm::stats
