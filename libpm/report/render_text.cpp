// The text format: aligned tables with humanised units; sparklines and colour on a terminal.
#include "libpm/report/predictions.hpp"
#include "libpm/report/renderers.hpp"
#include "libpm/report/units.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <sys/ioctl.h>
#include <unistd.h>

namespace pm::report {

namespace {

using Rows = std::vector<std::vector<std::string>>;

std::vector<std::size_t> column_widths(const Rows& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i)
        widths.push_back(0);
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  return widths;
}

std::size_t table_width(const Rows& rows) {
  auto widths = column_widths(rows);
  std::size_t total = 2; // the indent
  for (std::size_t w : widths)
    total += w;
  return widths.empty() ? 0 : total + 2 * (widths.size() - 1);
}

/// Appends `text` after `prefix`, broken at spaces so that no line is wider than `width`
/// (0: no limit); the lines after the first start with `indent`. A word wider than a line
/// is cut.
void append_wrapped(std::string& out, const std::string& prefix, const std::string& text, const std::string& indent,
                    std::size_t width) {
  std::string line = prefix;
  bool empty = true;        // no word on this line yet
  bool spaced = prefix.empty(); // the line ends where a word goes on without a space
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos)
      end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty())
      continue;
    if (width > 0 && !empty && display_width(line) + 1 + display_width(word) > width) {
      out += cut_to_width(line, width) + "\n";
      line = indent;
      empty = spaced = true;
    }
    line += (spaced ? "" : " ") + word;
    empty = spaced = false;
  }
  out += (width > 0 ? cut_to_width(line, width) : line) + "\n";
}

/// Makes a table fit `width` columns (0: no limit): drops the columns named in `droppable`,
/// in that order, while it is too wide, then cuts the cells of column `shrink` (its index
/// before any was dropped; no narrower than 12 columns).
void fit(Rows& rows, std::size_t width, std::initializer_list<std::string_view> droppable, std::size_t shrink) {
  if (width == 0 || rows.empty() || shrink >= rows.front().size())
    return;
  const std::string shrink_name = rows.front()[shrink]; // where it is once columns before it went
  for (std::string_view name : droppable) {
    if (table_width(rows) <= width)
      return;
    auto& head = rows.front();
    auto at = std::find(head.begin(), head.end(), name);
    if (at == head.end())
      continue;
    std::size_t column = static_cast<std::size_t>(at - head.begin());
    for (auto& row : rows)
      if (column < row.size())
        row.erase(row.begin() + static_cast<std::ptrdiff_t>(column));
  }
  std::size_t total = table_width(rows);
  const auto& head = rows.front();
  shrink = static_cast<std::size_t>(std::find(head.begin(), head.end(), shrink_name) - head.begin());
  if (total <= width || shrink >= head.size())
    return;
  std::size_t current = column_widths(rows)[shrink];
  std::size_t target = current > total - width ? std::max<std::size_t>(12, current - (total - width)) : 12;
  for (auto& row : rows)
    if (shrink < row.size())
      row[shrink] = cut_to_width(row[shrink], target);
}

/// Right-aligns every column but those in `left` (the first, and text columns).
void append_table(std::string& out, const Rows& rows, std::initializer_list<std::size_t> left = {0}) {
  if (rows.empty())
    return;
  std::vector<std::size_t> widths = column_widths(rows);
  for (const auto& row : rows) {
    std::string line = "  ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string pad(widths[i] - display_width(row[i]), ' ');
      if (std::find(left.begin(), left.end(), i) != left.end())
        line += row[i] + pad;
      else
        line += pad + row[i];
      if (i + 1 < row.size())
        line += "  ";
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line;
    out += '\n';
  }
}

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

std::size_t text_width(int fd, const char* columns) {
  if (columns && *columns) {
    auto n = util::parse_integer(columns);
    if (n && *n > 0)
      return static_cast<std::size_t>(*n);
  }
  winsize size{};
  if (fd >= 0 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 0;
}

void render_text(const Report& report, const RenderContext& context, std::string& out) {
  std::string upper = report.health.status;
  for (auto& c : upper)
    c = static_cast<char>(c - ('a' <= c && c <= 'z' ? 32 : 0));
  out += "pm-report " + time::format_timestamp(report.now) + ": " + std::to_string(report.records) + " records, " +
         std::to_string(report.series.size()) + " series, health " + paint(context, status_code(report.health.status), upper) +
         "\n";
  for (const auto& reason : report.health.reasons)
    out += "  - " + reason + "\n";

  if (!report.series.empty()) {
    out += "\nSeries\n";
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
    fit(rows, context.width, {"trend", "p99", "min", "p50", "last", "count"}, 0);
    append_table(out, rows);
    if (report.any_sketched())
      out += "  ~ percentile from the sketch, within 1% of the exact value\n";
  }

  if (report.every) {
    out += "\nEvery " + time::format_duration(*report.every) + "\n";
    std::vector<std::vector<std::string>> rows = {{"series", "start", "count", "mean", "p50", "p95", "p99", "max"}};
    for (const auto& s : report.series)
      for (const auto& b : s.buckets)
        rows.push_back({s.key, time::format_timestamp(b.start), std::to_string(b.stats.count),
                        humanize(b.stats.mean, s.unit), humanize(b.stats.p50, s.unit), humanize(b.stats.p95, s.unit),
                        humanize(b.stats.p99, s.unit), humanize(b.stats.max, s.unit)});
    fit(rows, context.width, {"p99", "p50", "count"}, 0);
    append_table(out, rows, {0, 1});
  }

  if (!report.components.empty()) {
    out += "\nComponents (by " + report.group_by + ", slowest p95 first)\n";
    std::vector<std::vector<std::string>> rows = {
        {report.group_by, "requests", "req/s", "errors", "error rate", "mean", "p50", "p95", "p99"}};
    for (auto i : report.slowest) {
      const auto& c = report.components[i];
      rows.push_back({c.name, std::to_string(c.requests), short_number(c.requests_per_second), std::to_string(c.errors),
                      percent(c.error_rate), humanize(c.latency_mean, "seconds"), humanize(c.latency_p50, "seconds"),
                      humanize(c.latency_p95, "seconds"), humanize(c.latency_p99, "seconds")});
    }
    fit(rows, context.width, {"p99", "p50", "mean", "errors"}, 0);
    append_table(out, rows);
  }

  if (!report.alerts.empty()) {
    out += "\nActive alerts\n";
    std::vector<std::vector<std::string>> rows = {{"since", "level", "module", "metric", "message"}};
    for (const auto& a : report.alerts)
      rows.push_back({time::format_timestamp(a.ts), a.level, a.module, judged_name(a), alert_message(a)});
    fit(rows, context.width, {"module"}, 4); // the message names the series too
    append_table(out, rows, {0, 1, 2, 3, 4});
  }
  if (!report.anomalies.empty()) {
    out += "\nAnomalies\n";
    Rows rows = {{"time", "severity", "series", "value", "expected", "z", "method"}};
    for (const auto& a : anomaly_rows(report))
      rows.push_back({a.time, a.severity, a.series, a.value, a.expected, a.z, a.method});
    fit(rows, context.width, {"method", "z", "expected"}, 2);
    append_table(out, rows, {0, 1, 2, 6});
    if (report.events_dropped)
      out += "  (" + std::to_string(report.events_dropped) + " more not listed)\n";
  }
  if (!report.predictions.empty()) {
    out += "\nPredictions\n";
    Rows rows = {{"series", "model", "horizon", "value", "interval", "trend", "eta"}};
    for (const auto& p : prediction_rows(report))
      rows.push_back({p.series, p.model, p.horizon, p.value, p.interval, p.trend, p.eta});
    fit(rows, context.width, {"eta", "trend", "model"}, 0);
    append_table(out, rows, {0, 1, 5, 6});
  }
  if (!report.recommendations.empty()) {
    out += "\nRecommendations\n";
    for (const auto& r : recommendation_rows(report)) {
      append_wrapped(out, "  - [" + r.severity + "]", r.message, "      ", context.width);
      if (!r.evidence.empty() || r.series != r.message)
        append_wrapped(out, "   ", r.series + (r.evidence.empty() ? "" : ": " + r.evidence), "      ", context.width);
    }
  }
  if (!report.rules.empty()) {
    out += "\nRules\n";
    std::vector<std::vector<std::string>> rows = {{"rule", "firing", "fired"}};
    for (const auto& rule : report.rules)
      rows.push_back({rule.name, std::to_string(rule.active), std::to_string(rule.fired) + (rule.saw_data ? "" : " (no data)")});
    fit(rows, context.width, {}, 0);
    append_table(out, rows);
  }
  if (!report.gates.empty()) {
    out += "\nGates\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& g : report.gates)
      rows.push_back({g.failed ? paint(context, "31;1", "FAIL") : paint(context, "32", "pass"), g.name, g.message});
    fit(rows, context.width, {}, 2);
    append_table(out, rows, {0, 1, 2});
  }
}

} // namespace pm::report
