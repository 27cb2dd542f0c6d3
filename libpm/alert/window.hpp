// A rule's window: the aggregate of a rule evaluated `over D`, over a stats::SlidingWindow.
#pragma once

#include "libpm/alert/rule.hpp"
#include "libpm/stats/window.hpp"

#include <cstdint>
#include <deque>
#include <optional>

namespace pm::alert {

using stats::WindowSample;

/// The samples of one series within `over D`, keeping only what the rule's aggregate needs
/// beside them (see stats::WindowOrder). A sample's flag marks a failed request.
class Window {
public:
  explicit Window(Aggregate aggregate = Aggregate::avg);

  /// Adds a sample; `ts` must not be earlier than the last one added.
  void push(std::int64_t ts, double value, bool error) { m_window.push(ts, value, error); }
  /// Drops samples at or before `cutoff` (the window is `(now - D, now]`).
  void evict(std::int64_t cutoff) { m_window.evict(cutoff); }
  /// The aggregate over the samples in the window; nullopt when it has no value (an empty
  /// window for avg/min/max/percentiles/error_rate; count, sum and rate are 0 then).
  /// `window_ms` is D.
  std::optional<double> value(std::int64_t window_ms) const;

  std::size_t size() const { return m_window.size(); }
  const std::deque<WindowSample>& samples() const { return m_window.samples(); }
  double sum() const { return m_window.sum(); }
  std::uint64_t next_seq() const { return m_window.next_seq(); }
  /// Restores a window saved through samples()/sum()/next_seq() exactly.
  void restore(std::deque<WindowSample> samples, double sum, std::uint64_t next_seq) {
    m_window.restore(std::move(samples), sum, next_seq);
  }

private:
  Aggregate m_aggregate;
  stats::SlidingWindow m_window;
};

} // namespace pm::alert
