// Dense numbers for the series (name and tags) of a stream of records.
#pragma once

#include "libpm/record/record.hpp"

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pm::record {

/// Numbers the series records belong to 0, 1, 2... in the order they are first seen, so that
/// per-series state can live in a vector. A record's series is found by Record::series_id
/// when cli::read_records set one, else by series_hash and a comparison of name and tags.
class SeriesIndex {
public:
  /// The number of `record`'s series, and true when the series is new (the caller then
  /// appends its state).
  std::pair<std::size_t, bool> find_or_add(const Record& record);
  /// The number of `record`'s series when it was added before, else SIZE_MAX (nothing is added).
  std::size_t find(const Record& record);
  std::size_t size() const { return m_series.size(); }
  void clear();

private:
  struct Series {
    std::string name;
    Tags tags;
    std::size_t next = SIZE_MAX; ///< the next series with the same hash
  };
  std::size_t find_or_add_by_hash(const Record& record, bool& added);
  std::size_t find_by_hash(const Record& record) const;
  void remember_id(std::uint32_t id, std::size_t number);

  std::vector<Series> m_series;
  std::unordered_map<std::uint64_t, std::size_t> m_first; ///< series hash → first series
  std::vector<std::size_t> m_by_id;                       ///< series_id → number (SIZE_MAX: not yet)
};

} // namespace pm::record
