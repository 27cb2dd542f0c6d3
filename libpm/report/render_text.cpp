// The text format: aligned tables with humanised units; sparklines and colour on a terminal.
#include "libpm/report/predictions.hpp"
#include "libpm/report/renderers.hpp"
#include "libpm/report/units.hpp"

#include "libpm/util/strings.hpp"
#include "libpm/util/table.hpp"

#include <algorithm>
#include <cstdio>

namespace pm::report {

namespace {

using util::Rows;

/// A section's title, cut to the width.
std::string title(const std::string& text, std::size_t width) { return "\n" + util::cut_to_width(text, width) + "\n"; }

/// Records of this series are events (a request, a job), so records per second mean
/// something; a sampled gauge's would only be the sampling rate.
bool is_event_series(std::string_view name) { return name.starts_with("api.request.") || name.starts_with("task."); }

std::string percent(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", ratio * 100);
  return text;
}

std::string paint(const RenderContext& context, std::string_view code, std::string_view text) {
  if (!context.colour)
    return std::string(text);
  return "\033[" + std::string(code) + "m" + std::string(text) + "\033[0m";
}

std::string status_code(std::string_view status) {
  return status == "healthy" ? "32" : status == "degraded" ? "33" : "31;1";
}

} // namespace

void render_text(const Report& report, const RenderContext& context, std::string& out) {
  std::string upper = report.health.status;
  for (auto& c : upper)
    c = static_cast<char>(c - ('a' <= c && c <= 'z' ? 32 : 0));
  util::append_wrapped(out, "", "pm-report " + time::format_timestamp(report.now) + ": " + std::to_string(report.records) +
                 " records, " + std::to_string(report.series.size()) + " series, health " +
                 paint(context, status_code(report.health.status), upper), "  ", context.width);
  for (const auto& reason : report.health.reasons)
    util::append_wrapped(out, "  - ", reason, "    ", context.width);

  if (!report.series.empty()) {
    out += title("Series", context.width);
    Rows rows;
    const bool any_events = std::any_of(report.series.begin(), report.series.end(),
                                        [](const SeriesReport& s) { return is_event_series(s.name); });
    std::vector<std::string> head = {"series", "count", "min", "mean", "p50", "p95", "p99", "max", "last"};
    if (any_events)
      head.push_back("rate");
    if (report.baseline_source.size())
      head.push_back("vs baseline");
    if (context.terminal)
      head.push_back("trend");
    rows.push_back(head);
    for (const auto& s : report.series) {
      const auto& st = s.stats;
      std::string mark = st.exact ? "" : "~";
      std::vector<std::string> row = {s.key,
                                      std::to_string(st.count),
                                      humanize(st.min, s.unit),
                                      humanize(st.mean, s.unit),
                                      mark + humanize(st.p50, s.unit),
                                      mark + humanize(st.p95, s.unit),
                                      mark + humanize(st.p99, s.unit),
                                      humanize(st.max, s.unit),
                                      humanize(st.last, s.unit)};
      if (any_events)
        row.push_back(is_event_series(s.name) ? short_number(st.rate) + "/s" : "");
      if (report.baseline_source.size()) {
        std::string cell = "-";
        if (s.comparison) {
          char text[48];
          if (s.comparison->delta_pct)
            std::snprintf(text, sizeof text, "%+.1f%%", *s.comparison->delta_pct);
          else
            std::snprintf(text, sizeof text, "%+g", s.comparison->delta);
          cell = std::string(text) + (s.comparison->regression ? " REGRESSION" : "");
          if (s.comparison->regression)
            cell = paint(context, "31", cell);
        }
        row.push_back(cell);
      }
      if (context.terminal)
        row.push_back(sparkline(s.chart, context.width && context.width < 100 ? 12 : 24));
      rows.push_back(std::move(row));
    }
    util::append_table(out, std::move(rows), context.width, {{"trend", "p99", "min", "p50", "last", "count"}, "series"});
    if (report.any_sketched())
      out += "  ~ percentile from the sketch, within 1% of the exact value\n";
  }

  if (report.every) {
    out += title("Every " + time::format_duration(*report.every), context.width);
    std::vector<std::vector<std::string>> rows = {{"series", "start", "count", "mean", "p50", "p95", "p99", "max"}};
    for (const auto& s : report.series)
      for (const auto& b : s.buckets)
        rows.push_back({s.key, time::format_timestamp(b.start), std::to_string(b.stats.count),
                        humanize(b.stats.mean, s.unit), humanize(b.stats.p50, s.unit), humanize(b.stats.p95, s.unit),
                        humanize(b.stats.p99, s.unit), humanize(b.stats.max, s.unit)});
    util::append_table(out, std::move(rows), context.width, {{"p99", "p50", "count"}, "series", 0, {0, 1}});
  }

  if (!report.components.empty()) {
    out += title("Components (by " + report.group_by + ", slowest p95 first)", context.width);
    std::vector<std::vector<std::string>> rows = {
        {report.group_by, "requests", "req/s", "errors", "error rate", "mean", "p50", "p95", "p99"}};
    for (auto i : report.slowest) {
      const auto& c = report.components[i];
      rows.push_back({c.name, std::to_string(c.requests), short_number(c.requests_per_second), std::to_string(c.errors),
                      percent(c.error_rate), humanize(c.latency_mean, "seconds"), humanize(c.latency_p50, "seconds"),
                      humanize(c.latency_p95, "seconds"), humanize(c.latency_p99, "seconds")});
    }
    util::append_table(out, std::move(rows), context.width, {{"p99", "p50", "mean", "errors"}, report.group_by});
  }

  if (!report.alerts.empty()) {
    out += title("Active alerts", context.width);
    std::vector<std::vector<std::string>> rows = {{"since", "level", "module", "metric", "message"}};
    for (const auto& a : report.alerts)
      rows.push_back({time::format_timestamp(a.ts), a.level, a.module, judged_name(a), alert_message(a)});
    // The message names the series too.
    util::append_table(out, std::move(rows), context.width, {{"module"}, "message", 0, {0, 1, 2, 3, 4}});
  }
  if (!report.anomalies.empty()) {
    out += title("Anomalies", context.width);
    Rows rows = {{"time", "severity", "series", "value", "expected", "z", "method"}};
    for (const auto& a : anomaly_rows(report))
      rows.push_back({a.time, a.severity, a.series, a.value, a.expected, a.z, a.method});
    util::append_table(out, std::move(rows), context.width, {{"method", "z", "expected"}, "series", 0, {0, 1, 2, 6}});
    if (report.events_dropped)
      out += "  (" + std::to_string(report.events_dropped) + " more not listed)\n";
  }
  if (!report.predictions.empty()) {
    out += title("Predictions", context.width);
    Rows rows = {{"series", "model", "horizon", "value", "interval", "trend", "eta"}};
    for (const auto& p : prediction_rows(report))
      rows.push_back({p.series, p.model, p.horizon, p.value, p.interval, p.trend, p.eta});
    util::append_table(out, std::move(rows), context.width, {{"eta", "trend", "model"}, "series", 0, {0, 1, 5, 6}});
  }
  if (!report.recommendations.empty()) {
    out += title("Recommendations", context.width);
    for (const auto& r : recommendation_rows(report)) {
      util::append_wrapped(out, "  - [" + r.severity + "]", r.message, "      ", context.width);
      if (!r.evidence.empty() || r.series != r.message)
        util::append_wrapped(out, "    ", r.series + (r.evidence.empty() ? "" : ": " + r.evidence), "      ", context.width);
    }
  }
  if (!report.rules.empty()) {
    out += title("Rules", context.width);
    std::vector<std::vector<std::string>> rows = {{"rule", "firing", "fired"}};
    for (const auto& rule : report.rules)
      rows.push_back({rule.name, std::to_string(rule.active), std::to_string(rule.fired) + (rule.saw_data ? "" : " (no data)")});
    util::append_table(out, std::move(rows), context.width, {{}, "rule"});
  }
  if (!report.gates.empty()) {
    out += title("Gates", context.width);
    std::vector<std::vector<std::string>> rows;
    for (const auto& g : report.gates)
      rows.push_back({g.failed ? paint(context, "31;1", "FAIL") : paint(context, "32", "pass"), g.name, g.message});
    if (context.width == 0 || util::table_width(rows) <= context.width)
      util::append_aligned(out, rows, {0, 1, 2});
    else // the message is what a gate says: wrapped under its name, never cut
      for (const auto& row : rows) {
        util::append_wrapped(out, "  " + row[0] + "  ", row[1], "    ", context.width);
        util::append_wrapped(out, "    ", row[2], "    ", context.width);
      }
  }
}

} // namespace pm::report
