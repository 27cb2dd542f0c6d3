// A sliding time window of samples with cheap aggregates: sums, monotonic min/max, order statistics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace pm::stats {

/// One sample in a window: time (ms since the epoch), value, and a flag the owner counts
/// (alert rules flag failed requests for error_rate).
struct WindowSample {
  std::int64_t ts = 0;
  double value = 0;
  std::uint64_t seq = 0; ///< insertion number: tells equal values apart in the min/max deques
  bool flagged = false;
};

/// A multiset of numbers with the k-th smallest at hand, kept as sorted blocks of at most
/// 2048 values. Inserting or erasing costs a binary search over the blocks' last values and a
/// move within one block; the k-th smallest a walk over the block sizes. The few hundred or
/// thousand samples of a typical window are one flat array: no allocation per sample.
class OrderedValues {
public:
  void insert(double value);
  /// Removes one value equal to `value`; nothing when there is none.
  void erase(double value);
  /// The k-th smallest value (0-based); `k` must be below size() (0 is returned otherwise).
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

/// Which order statistic a SlidingWindow keeps beside its samples and sum. Only one, so that
/// a window costs what its use needs: a monotonic deque for min or max, ordered values for
/// quantiles, nothing more for sums, means and counts.
enum class WindowOrder { none, min, max, quantiles };

/// The samples of one series within a time window `(cutoff, newest]`, with a running sum, a
/// count of flagged samples and the order statistic chosen at construction. Memory is bounded
/// by the samples inside the window.
class SlidingWindow {
public:
  explicit SlidingWindow(WindowOrder order = WindowOrder::none) : m_order_kind(order) {}

  /// Adds a sample; `ts` must not be earlier than the last one added.
  void push(std::int64_t ts, double value, bool flagged = false);
  /// Drops samples at or before `cutoff`.
  void evict(std::int64_t cutoff);

  std::size_t size() const { return m_samples.size(); }
  bool empty() const { return m_samples.empty(); }
  double sum() const { return m_sum; }
  std::size_t flagged() const { return m_flagged; }
  /// The mean; nullopt when the window is empty.
  std::optional<double> mean() const;
  /// The smallest (WindowOrder::min) or largest (WindowOrder::max) value; nullopt when the
  /// window is empty or keeps another order statistic.
  std::optional<double> extreme() const;
  /// The q-quantile by nearest rank (always one of the values); nullopt when the window is
  /// empty or does not keep WindowOrder::quantiles.
  std::optional<double> quantile(double q) const;

  const std::deque<WindowSample>& samples() const { return m_samples; }
  std::uint64_t next_seq() const { return m_seq; }
  /// Restores a window saved through samples()/sum()/next_seq() exactly (the sum is kept as
  /// it was, not recomputed, so that results do not depend on where a stream was cut).
  void restore(std::deque<WindowSample> samples, double sum, std::uint64_t next_seq);

private:
  void index(const WindowSample& sample);
  void unindex(const WindowSample& sample);

  WindowOrder m_order_kind;
  std::deque<WindowSample> m_samples;
  double m_sum = 0;
  std::size_t m_flagged = 0;
  std::uint64_t m_seq = 0;
  std::deque<WindowSample> m_extremes; ///< monotonic: increasing for min, decreasing for max
  OrderedValues m_order;
};

} // namespace pm::stats
