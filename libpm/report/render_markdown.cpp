// The markdown format: GitHub-flavoured tables, sized for a CI job summary.
#include "libpm/report/predictions.hpp"
#include "libpm/report/renderers.hpp"
#include "libpm/report/units.hpp"

#include <cstdio>

namespace pm::report {

namespace {

/// A table cell: pipes and newlines would break the row.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

void append_row(std::string& out, const std::vector<std::string>& cells) {
  out += '|';
  for (const auto& c : cells)
    out += ' ' + cell(c) + " |";
  out += '\n';
}

void append_header(std::string& out, const std::vector<std::string>& cells, std::size_t left_columns = 1) {
  append_row(out, cells);
  out += '|';
  for (std::size_t i = 0; i < cells.size(); ++i)
    out += i < left_columns ? " --- |" : " ---: |";
  out += '\n';
}

std::string percent(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", ratio * 100);
  return text;
}

/// Text from the input (names, messages): GitHub would read `<b>`, `*x*`, `_x_`, `[x](y)`
/// and `&amp;` in it as markup, so each such character is backslash-escaped.
std::string plain(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\`*_[]<>~&").find(c) != std::string_view::npos)
      out += '\\';
    out += c;
  }
  return out;
}

/// A code span; one holding a backtick is fenced with two.
std::string code(std::string_view text) {
  if (text.find('`') == std::string_view::npos)
    return "`" + std::string(text) + "`";
  return "`` " + std::string(text) + " ``";
}

} // namespace

void render_markdown(const Report& report, const RenderContext&, std::string& out) {
  std::string icon = report.health.status == "healthy" ? "✅" : report.health.status == "degraded" ? "⚠️" : "❌";
  out += "## pm-report: " + icon + " " + report.health.status + "\n\n";
  out += std::to_string(report.records) + " records, " + std::to_string(report.series.size()) + " series, at " +
         time::format_timestamp(report.now) + ".\n\n";
  for (const auto& reason : report.health.reasons)
    out += "- " + plain(reason) + "\n";
  if (!report.health.reasons.empty())
    out += '\n';

  if (!report.gates.empty()) {
    out += "### Gates\n\n";
    append_header(out, {"gate", "result", "detail"}, 3);
    for (const auto& g : report.gates)
      append_row(out, {plain(g.name), g.failed ? "❌ failed" : "✅ passed", plain(g.message)});
    out += '\n';
  }

  if (!report.rules.empty()) {
    out += "### Rules\n\n";
    append_header(out, {"rule", "firing", "fired"});
    for (const auto& rule : report.rules)
      append_row(out, {plain(rule.name), std::to_string(rule.active), std::to_string(rule.fired)});
    out += '\n';
  }

  if (!report.components.empty()) {
    out += "### Components by " + plain(report.group_by) + " (slowest p95 first)\n\n";
    append_header(out, {plain(report.group_by), "requests", "req/s", "errors", "error rate", "mean", "p50", "p95", "p99"});
    for (auto i : report.slowest) {
      const auto& c = report.components[i];
      append_row(out, {plain(c.name), std::to_string(c.requests), short_number(c.requests_per_second), std::to_string(c.errors),
                       percent(c.error_rate), humanize(c.latency_mean, "seconds"), humanize(c.latency_p50, "seconds"),
                       humanize(c.latency_p95, "seconds"), humanize(c.latency_p99, "seconds")});
    }
    out += '\n';
  }

  if (!report.series.empty()) {
    out += "### Series\n\n";
    std::vector<std::string> head = {"series", "count", "min", "mean", "p50", "p95", "p99", "max", "last"};
    bool compare = !report.baseline_source.empty();
    if (compare)
      head.push_back("vs baseline");
    append_header(out, head);
    for (const auto& s : report.series) {
      const auto& st = s.stats;
      const std::string mark = st.exact ? "" : "\\~"; // escaped: GitHub reads ~ as strikethrough
      std::vector<std::string> row = {code(s.key),
                                      std::to_string(st.count),
                                      humanize(st.min, s.unit),
                                      humanize(st.mean, s.unit),
                                      mark + humanize(st.p50, s.unit),
                                      mark + humanize(st.p95, s.unit),
                                      mark + humanize(st.p99, s.unit),
                                      humanize(st.max, s.unit),
                                      humanize(st.last, s.unit)};
      if (compare) {
        std::string text = "–";
        if (s.comparison) {
          char buffer[48];
          if (s.comparison->delta_pct)
            std::snprintf(buffer, sizeof buffer, "%+.1f%%", *s.comparison->delta_pct);
          else
            std::snprintf(buffer, sizeof buffer, "%+g", s.comparison->delta);
          text = s.comparison->regression ? "**" + std::string(buffer) + " regression**" : std::string(buffer);
        }
        row.push_back(text);
      }
      append_row(out, row);
    }
    if (report.any_sketched())
      out += "\n\\~ percentile from the sketch, within 1% of the exact value\n";
    out += '\n';
  }

  if (report.every) {
    out += "### Every " + time::format_duration(*report.every) + "\n\n";
    append_header(out, {"series", "start", "count", "mean", "p50", "p95", "p99", "max"}, 2);
    for (const auto& s : report.series)
      for (const auto& b : s.buckets)
        append_row(out, {code(s.key), time::format_timestamp(b.start), std::to_string(b.stats.count),
                         humanize(b.stats.mean, s.unit), humanize(b.stats.p50, s.unit), humanize(b.stats.p95, s.unit),
                         humanize(b.stats.p99, s.unit), humanize(b.stats.max, s.unit)});
    out += '\n';
  }

  if (!report.alerts.empty()) {
    out += "### Active alerts\n\n";
    append_header(out, {"since", "level", "module", "metric", "message"}, 5);
    for (const auto& a : report.alerts)
      append_row(out, {time::format_timestamp(a.ts), a.level, plain(a.module), plain(judged_name(a)), plain(alert_message(a))});
    out += '\n';
  }
  if (!report.anomalies.empty()) {
    out += "### Anomalies\n\n";
    append_header(out, {"time", "severity", "series", "value", "expected", "z", "method"}, 3);
    for (const auto& a : anomaly_rows(report))
      append_row(out, {a.time, a.severity, code(a.series), a.value, a.expected, a.z, plain(a.method)});
    if (report.events_dropped)
      out += "\n" + std::to_string(report.events_dropped) + " more not listed.\n";
    out += '\n';
  }
  if (!report.predictions.empty()) {
    out += "### Predictions\n\n";
    append_header(out, {"series", "model", "horizon", "value", "interval", "trend", "eta"}, 3);
    for (const auto& p : prediction_rows(report))
      append_row(out, {code(p.series), plain(p.model), plain(p.horizon), p.value, p.interval, plain(p.trend), plain(p.eta)});
    out += '\n';
  }
  if (!report.recommendations.empty()) {
    out += "### Recommendations\n\n";
    for (const auto& r : recommendation_rows(report)) {
      out += "- **" + r.severity + "**: " + cell(plain(r.message));
      if (!r.evidence.empty() || r.series != r.message)
        out += " (" + code(r.series) + (r.evidence.empty() ? "" : ": " + cell(plain(r.evidence))) + ")";
      out += "\n";
    }
    out += '\n';
  }
}

} // namespace pm::report
