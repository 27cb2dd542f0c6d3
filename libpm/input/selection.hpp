// Which records a query wants: a time range and series filters (--since/--until, --metric, --tag).
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/record/tag_matcher.hpp"
#include "libpm/time/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pm::input {

struct Selection {
  std::optional<time::TimePoint> since; ///< inclusive
  std::optional<time::TimePoint> until; ///< exclusive
  std::vector<std::string> metrics;     ///< globs on the name; empty selects every name
  std::vector<record::TagMatcher> tags; ///< `--tag`: all must hold

  bool selects_time(time::TimePoint ts) const {
    return (!since || ts >= *since) && (!until || ts < *until);
  }
  bool selects_series(const record::Record& record) const;
  /// Both of the above; a record without `ts` passes the time test.
  bool selects(const record::Record& record) const {
    return (!record.has_ts || selects_time(record.ts)) && selects_series(record);
  }
  bool selects_everything() const { return !since && !until && metrics.empty() && tags.empty(); }
};

} // namespace pm::input
