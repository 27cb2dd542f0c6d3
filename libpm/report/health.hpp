// The overall verdict (healthy / degraded / unhealthy) and the reasons for it.
#pragma once

#include "libpm/report/model.hpp"

namespace pm::report {

/// Sets `report.health` from what the report holds; every rule that fires adds a reason:
/// - unhealthy: a failed gate; an active alert of severity error or critical; a component
///   with an error rate above 10 % or a p95 latency above 1 s;
/// - degraded: an active warning alert; a component with an error rate above 5 %, a p95
///   latency above 0.5 s or a p99 latency above 1 s; an anomaly or recommendation of
///   severity error or critical; a series regressed against the baseline; a health check
///   that is down (a `health.up` series whose last value is 0);
/// - healthy otherwise. (The latency and error thresholds are those of pm-alert's defaults.)
/// Also fills the original module's figures of Health (cpu_usage, memory_usage,
/// response_time_avg, error_rate) and counts the checks.
void assess_health(Report& report);

} // namespace pm::report
