// Where the history store lives and how it is laid out: hour segments, rejected/, retention.
#pragma once

#include "libpm/time/time.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::store {

/// One segment holds the records of one UTC hour of their own time:
/// `DIR/YYYY/MM/DD/HH.ndjson`. Hour files keep a query for the last hour to one file
/// however much the store holds; the year/month/day directories keep every directory a
/// query lists small (at most 31 entries below the top), so that finding the segments of a
/// range costs the same in a store that holds years as in one that holds a day.
constexpr time::Duration k_segment_span = std::chrono::hours(1);

/// The start of the hour that holds `ts`.
time::TimePoint segment_start(time::TimePoint ts);

/// The segment path of the hour starting at `start`, relative to the store: `2026/11/22/10.ndjson`.
std::string segment_name(time::TimePoint start);

/// The hour a segment holds, from its path relative to the store (`2026/11/22/10.ndjson`);
/// nullopt when the path is not a segment's (other files in the store are ignored).
std::optional<time::TimePoint> parse_segment_name(std::string_view relative);

struct Segment {
  time::TimePoint start;
  std::string path; ///< full path
};

/// The segments of the store at `directory` that may hold records in [since, until), oldest
/// first. Only the year, month and day directories inside the range are listed, so the cost
/// follows the range, not the size of the store. A missing store has no segments. Throws Error when the
/// directory cannot be read. A symbolic link where a year, month or day directory belongs
/// is not followed but listed as a segment itself, so that a reader reports it.
std::vector<Segment> list_segments(const std::string& directory, std::optional<time::TimePoint> since,
                                   std::optional<time::TimePoint> until);

/// The folder that keeps rejected input (see Writer::reject).
inline std::string rejected_directory(const std::string& directory) { return directory + "/rejected"; }

/// Creates `path` and its missing parents with mode 0700. Throws Error when it cannot.
void make_directories(const std::string& path);

} // namespace pm::store
