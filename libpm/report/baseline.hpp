// CI gates against a baseline: load another run (records or report JSON), compare per series.
#pragma once

#include "libpm/cli/setting.hpp"
#include "libpm/report/model.hpp"
#include "libpm/util/diagnostics.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pm::report {

/// Per series key, the statistics of the baseline run.
using Baseline = std::map<std::string, Stats, std::less<>>;

/// The statistics a comparison can use: mean p50 p90 p95 p99 min max last.
bool is_comparable_statistic(std::string_view name);
double statistic_of(const Stats& stats, std::string_view name);

/// Reads `path`: a report JSON written by `pm-report --format json` (its "metrics"), or
/// NDJSON records summarised the same way as the input. Bad record lines are reported to
/// `diagnostics` as for any input; NDJSON records of series past the first `max_series` are
/// left out, with a warning (the --max-series of the run). Throws Error when the file cannot be read.
Baseline load_baseline(const std::string& path, util::Diagnostics& diagnostics, time::TimePoint now,
                       std::size_t max_series = cli::k_default_max_series);

/// Parses `5`, `5%` or `2.5 %` as a percentage; throws UsageError naming `option`.
double parse_percent(std::string_view text, std::string_view option);

/// Compares every series present in both: fills `comparison`, flagging a regression when
/// the statistic got worse by more than `tolerance_pct` percent (higher is worse, except
/// for units ending in "/s", where lower is worse). With `fail_pct`, adds a "regression"
/// gate per compared series that fails when it got worse by more than that.
void compare_with_baseline(Report& report, const Baseline& baseline, std::string_view statistic,
                           double tolerance_pct, std::optional<double> fail_pct);

} // namespace pm::report
