// The bound on the distinct series one run analyses (--max-series, PM_MAX_SERIES).
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/record/series_index.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pm::cli {

/// A fresh Record::series_id, unique in the process (0 is never one: it means "not numbered").
std::uint32_t new_series_id();

/// Admits the records of the first `max_series` distinct series (name and tags) it sees and
/// leaves out, counting them, the records of any further series: what keeps the memory of a
/// run bounded when a tag explodes (a container id or a user id per series). An admitted
/// record leaves with a Record::series_id, so that the consumer's own SeriesIndex finds its
/// state without hashing again. Memory: the admitted series' names and tags, plus 8 to 16
/// bytes for each series left out while they are counted exactly (at most
/// k_counted_left_out of them; past that the count is a lower bound).
class SeriesLimit {
public:
  /// The series left out that are told apart (by a 64-bit hash of name and tags): 16 MiB at most.
  static constexpr std::size_t k_counted_left_out = std::size_t{1} << 20;

  explicit SeriesLimit(std::size_t max_series) : m_max(max_series) {}

  /// True when `record`'s series is one of the first `max_series`: it gets a series_id when
  /// it had none. False: the record is left out and counted (records_left_out() is 1 after
  /// the first, so that the caller can say so once).
  bool admit(record::Record& record);

  std::size_t max_series() const { return m_max; }
  std::size_t series_admitted() const { return m_index.size(); }
  /// Distinct series left out (exact up to k_counted_left_out; `left_out_exact()` says which).
  std::size_t series_left_out() const { return m_left_out_series; }
  bool left_out_exact() const { return !m_saturated; }
  std::size_t records_left_out() const { return m_left_out_records; }

private:
  void count_left_out(std::uint64_t hash);

  std::size_t m_max;
  record::SeriesIndex m_index;
  std::vector<std::uint32_t> m_ids; ///< series_id by m_index's number
  /// Open addressing set of the hashes of series left out (0: empty slot).
  std::vector<std::uint64_t> m_left_out;
  std::size_t m_left_out_series = 0;
  std::size_t m_left_out_records = 0;
  bool m_saturated = false;
};

} // namespace pm::cli
