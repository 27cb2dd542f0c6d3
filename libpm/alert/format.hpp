// How alert events and the end-of-run verdict are written: NDJSON, text, Alertmanager webhook, Nagios status line.
#pragma once

#include "libpm/alert/engine.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pm::alert {

enum class Format { ndjson, text, nagios, alertmanager };

/// Reads a --format value; throws UsageError naming the choices.
Format parse_format(std::string_view text);

/// Appends one event as a line in `format` (nothing for nagios, which speaks once at the end).
void append_event(std::string& out, const Event& event, Format format);

/// The Monitoring Plugins exit status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN) for a status:
/// error and critical are CRITICAL; with nothing firing, UNKNOWN when `unknown`.
int plugin_status(const Status& status, bool unknown);

/// The one status line of `--format nagios`: `ALERT WARNING - text | 'label'=value[UOM];warn;crit;;`,
/// with performance data for each rule's last value on each series (as the Monitoring
/// Plugins development guidelines define it: labels quoted, thresholds in range form, numbers
/// without exponents). The text names the firing alerts, else the rules without data, else
/// why a series is UNKNOWN.
std::string nagios_line(int status, const std::vector<Rule>& rules, const std::vector<Reading>& readings,
                        const std::vector<std::string>& firing_messages, const std::vector<std::string>& no_data,
                        const std::vector<std::string>& unknown_reasons);

/// What a run that ended in an error before it could judge (a bad option, unreadable input)
/// prints on stdout in `format` (the --format value as given): for nagios the status line
/// `ALERT UNKNOWN - message`, so that the monitoring system shows why; else nothing.
std::string failure_output(std::string_view format, std::string_view message);

/// The --summary table: per rule, times fired, total time firing, flaps, firing now.
std::string summary_table(const std::vector<RuleSummary>& summaries);

} // namespace pm::alert
