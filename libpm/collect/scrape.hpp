// pm-sample --scrape URL: a Prometheus text endpoint (plain HTTP) turned into records.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/diagnostics.hpp"
#include "libpm/util/http.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pm::collect {

/// One --scrape target.
struct ScrapeTarget {
  std::string text; ///< the URL as the user gave it, for messages
  util::HttpUrl url;
  std::size_t max_body = util::k_body_limit.fallback; ///< PM_MAX_BODY_BYTES
};

/// Parses a --scrape URL (plain `http://HOST[:PORT]/PATH`). Throws UsageError otherwise.
ScrapeTarget parse_scrape_target(std::string_view text);

/// What a scrape gave.
struct ScrapeResult {
  std::vector<record::Record> records;
  bool ok = false;   ///< the endpoint answered 2xx with an exposition
  std::string error; ///< why not, when !ok
};

/// The records of an exposition body: each sample one record (see format::PrometheusParser:
/// labels become tags, `# TYPE` an extra `type` member, `# UNIT` the unit), stamped `now`
/// unless the sample has its own timestamp, and tagged `instance=HOST:PORT` unless it has an
/// `instance` label of its own (as Prometheus' honor_labels). `openmetrics` picks the
/// OpenMetrics flavour (timestamps in seconds, `# EOF`). Bad lines are reported to
/// `diagnostics` as `URL:LINE: reason`; NaN and ±Inf samples are left out with a warning.
std::vector<record::Record> exposition_records(std::string_view body, bool openmetrics, const ScrapeTarget& target,
                                               time::TimePoint now, util::Diagnostics& diagnostics);

/// GETs the target within `timeout` and parses the answer (OpenMetrics when the
/// Content-Type says so, else the text format 0.0.4). Besides the samples it always gives
/// `scrape.up` (1/0) and `scrape.duration` (seconds), as Prometheus' `up` and
/// `scrape_duration_seconds`, and on success `scrape.samples` (records parsed), tagged
/// `instance=HOST:PORT`. A connection error, a timeout or a non-2xx status is ok = false
/// with the reason; it never throws for those.
ScrapeResult scrape(const ScrapeTarget& target, time::Duration timeout, time::TimePoint now,
                    util::Diagnostics& diagnostics);

} // namespace pm::collect
