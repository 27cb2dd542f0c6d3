// The text format: aligned tables with humanised units; sparklines and colour on a terminal.
#include "libpm/report/renderers.hpp"
#include "libpm/report/units.hpp"

#include <algorithm>
#include <cstdio>
#include <initializer_list>

namespace pm::report {

namespace {

/// Display width of UTF-8 text: code points (the block and µ characters are narrow),
/// not counting colour escapes.
std::size_t width_of(std::string_view text) {
  std::size_t n = 0;
  bool escape = false;
  for (unsigned char c : text) {
    if (c == 0x1b)
      escape = true;
    else if (escape)
      escape = c != 'm';
    else if ((c & 0xC0) != 0x80)
      ++n;
  }
  return n;
}

/// Right-aligns every column but those in `left` (the first, and text columns).
void append_table(std::string& out, const std::vector<std::vector<std::string>>& rows,
                  std::initializer_list<std::size_t> left = {0}) {
  if (rows.empty())
    return;
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i)
        widths.push_back(0);
      widths[i] = std::max(widths[i], width_of(row[i]));
    }
  for (const auto& row : rows) {
    std::string line = "  ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string pad(widths[i] - width_of(row[i]), ' ');
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
  out += "pm-report " + time::format_timestamp(report.now) + ": " + std::to_string(report.records) + " records, " +
         std::to_string(report.series.size()) + " series, health " + paint(context, status_code(report.health.status), upper) +
         "\n";
  for (const auto& reason : report.health.reasons)
    out += "  - " + reason + "\n";

  if (!report.series.empty()) {
    out += "\nSeries\n";
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> head = {"series", "count", "min", "mean", "p50", "p95", "p99", "max", "last", "rate/s"};
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
                                      humanize(st.last, s.unit),
                                      short_number(st.rate)};
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
        row.push_back(sparkline(s.chart));
      rows.push_back(std::move(row));
    }
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
    append_table(out, rows);
  }

  if (!report.alerts.empty()) {
    out += "\nActive alerts\n";
    std::vector<std::vector<std::string>> rows = {{"since", "level", "message"}};
    for (const auto& a : report.alerts)
      rows.push_back({time::format_timestamp(a.ts), a.level, alert_message(a)});
    append_table(out, rows, {0, 1, 2});
  }
  if (!report.anomalies.empty()) {
    out += "\nAnomalies\n";
    std::vector<std::vector<std::string>> rows = {{"time", "severity", "series", "value"}};
    for (const auto& a : report.anomalies)
      rows.push_back({time::format_timestamp(a.ts), a.severity, a.series, a.value ? short_number(*a.value) : "-"});
    append_table(out, rows, {0, 1, 2});
    if (report.events_dropped)
      out += "  (" + std::to_string(report.events_dropped) + " more not listed)\n";
  }
  if (!report.predictions.empty()) {
    out += "\nPredictions\n";
    std::vector<std::vector<std::string>> rows = {{"kind", "series", "at", "value", "detail"}};
    for (const auto& p : report.predictions) {
      std::string detail;
      if (auto it = p.fields.find("trend"); it != p.fields.end() && it->is_string())
        detail = it->get<std::string>();
      rows.push_back({p.kind, p.series, time::format_timestamp(p.ts), p.value ? short_number(*p.value) : "-", detail});
    }
    append_table(out, rows, {0, 1, 2, 4});
  }
  if (!report.recommendations.empty()) {
    out += "\nRecommendations\n";
    for (const auto& r : report.recommendations)
      out += "  - [" + (r.severity.empty() ? std::string("info") : r.severity) + "] " +
             (r.message.empty() ? r.series : r.message) + "\n";
  }
  if (!report.rules.empty()) {
    out += "\nRules\n";
    std::vector<std::vector<std::string>> rows = {{"rule", "firing", "fired"}};
    for (const auto& rule : report.rules)
      rows.push_back({rule.name, std::to_string(rule.active), std::to_string(rule.fired) + (rule.saw_data ? "" : " (no data)")});
    append_table(out, rows);
  }
  if (!report.gates.empty()) {
    out += "\nGates\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& g : report.gates)
      rows.push_back({g.failed ? paint(context, "31;1", "FAIL") : paint(context, "32", "pass"), g.name, g.message});
    append_table(out, rows, {0, 1, 2});
  }
}

} // namespace pm::report
