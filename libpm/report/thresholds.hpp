// The thresholds of the alert rules a report evaluated, per series, for its charts.
#pragma once

#include "libpm/alert/rule.hpp"
#include "libpm/report/model.hpp"

#include <vector>

namespace pm::report {

/// Sets each series' `thresholds` from the levels of `rules` whose selector matches it and
/// whose value is in the series' own unit: the record's value or an aggregate of values
/// (avg, min, max, p50..p99), not count, sum, rate, error_rate, absent() or anomaly().
/// A range level gives its finite bounds.
void attach_thresholds(Report& report, const std::vector<alert::Rule>& rules);

} // namespace pm::report
