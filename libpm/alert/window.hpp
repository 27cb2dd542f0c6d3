// A sliding time window of samples with cheap aggregates: sums, monotonic min/max, order statistics.
#pragma once

#include "libpm/alert/rule.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace pm::alert {

/// One sample in a window: time (ms since the epoch), value, and whether it was a failed request.
struct WindowSample {
  std::int64_t ts = 0;
  double value = 0;
  std::uint64_t seq = 0; ///< insertion number: tells equal values apart in the min/max deques
  bool error = false;
};

/// A multiset of numbers with the k-th smallest at hand, kept as sorted blocks of at most
/// 2048 values. Inserting or erasing costs a binary search over the blocks' last values and a
/// move within one block; the k-th smallest a walk over the block sizes. The few hundred or
/// thousand samples of a typical window are one flat array: no allocation per sample.
class OrderedValues {
public:
  void insert(double value);
  /// Removes one value equal to `value`, which must be present.
  void erase(double value);
  /// The k-th smallest value (0-based); `k` must be below size().
  double nth(std::size_t k) const;
  std::size_t size() const { return m_size; }
  void clear();

private:
  static constexpr std::size_t k_block_max = 2048;
  /// The first block whose last value is not below `value` (end() when there is none).
  std::vector<std::vector<double>>::iterator block_for(double value);
  std::vector<std::vector<double>> m_blocks; ///< each sorted and non-empty, in order
  std::size_t m_size = 0;
};

/// The samples of one series within `over D`, keeping only what its aggregate needs beside
/// the samples: a running sum, monotonic deques for min/max, ordered values for percentiles. Memory is bounded by the samples inside the window.
class Window {
public:
  explicit Window(Aggregate aggregate = Aggregate::avg) : m_aggregate(aggregate) {}

  /// Adds a sample; `ts` must not be earlier than the last one added.
  void push(std::int64_t ts, double value, bool error);
  /// Drops samples at or before `cutoff` (the window is `(now - D, now]`).
  void evict(std::int64_t cutoff);
  /// The aggregate over the samples in the window; nullopt when it has no value (an empty
  /// window for avg/min/max/percentiles; count, sum and rate are 0 then). `window_ms` is D.
  std::optional<double> value(std::int64_t window_ms) const;

  std::size_t size() const { return m_samples.size(); }
  const std::deque<WindowSample>& samples() const { return m_samples; }
  double sum() const { return m_sum; }
  std::uint64_t next_seq() const { return m_seq; }
  /// Restores a window saved through samples()/sum()/next_seq() exactly (the sum is kept as
  /// it was, not recomputed, so that results do not depend on where a stream was cut).
  void restore(std::deque<WindowSample> samples, double sum, std::uint64_t next_seq);

private:
  void index(const WindowSample& sample);
  void unindex(const WindowSample& sample);

  Aggregate m_aggregate;
  std::deque<WindowSample> m_samples;
  double m_sum = 0;
  std::size_t m_errors = 0;
  std::uint64_t m_seq = 0;
  std::deque<WindowSample> m_extremes; ///< monotonic: increasing for min, decreasing for max
  OrderedValues m_order;
};

/// True when a request record counts as an error (DESIGN §1): status >= 500, or tag
/// error=true/1, or success=false/0.
bool is_error_record(const record::Record& record);

} // namespace pm::alert
