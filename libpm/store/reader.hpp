// Reading the history store: the segments a time range needs, records merged in time order.
#pragma once

#include "libpm/input/selection.hpp"
#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/diagnostics.hpp"

#include <cstddef>
#include <functional>
#include <string>

namespace pm::store {

struct ReadStats {
  std::size_t records = 0;  ///< valid records in the segments read (selected or not)
  std::size_t rejected = 0; ///< bad lines reported
  std::size_t segments = 0; ///< segment files opened
};

/// Calls `on_record` with each record of the store at `directory` that `selection` selects
/// and that is not older than `oldest` (retention is exact on read), in time order (records
/// of equal time in the order they were stored). Only the segments that overlap the
/// selected range are opened, each under a shared flock, so a query for the last hour costs
/// the same in a store holding a year as in one holding a day. A torn last line (a writer
/// that crashed mid-write) is skipped with a warning; any other bad line is reported to
/// `diagnostics` as `SEGMENT:LINE: reason`, or with `strict` throws Error. A missing store
/// holds no records. `on_record` returns false to stop early.
ReadStats read(const std::string& directory, const input::Selection& selection, time::TimePoint oldest,
               util::Diagnostics& diagnostics, bool strict, const std::function<bool(record::Record&)>& on_record);

} // namespace pm::store
