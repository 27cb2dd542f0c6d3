// The html format: one self-contained, printable page; inline SVG line charts per series.
#include "libpm/report/predictions.hpp"
#include "libpm/report/renderers.hpp"
#include "libpm/report/units.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pm::report {

namespace {

constexpr std::size_t k_max_charts = 200; // beyond this a page gets too heavy to open
constexpr double k_width = 640, k_height = 170, k_left = 70, k_right = 10, k_top = 10, k_bottom = 24;

constexpr const char* k_style = R"(
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em;color:#1b1f23;background:#fff}
h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.2em;margin:1.5em 0 .5em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .6em;border:1px solid #ddd;text-align:right}
th:first-child,td:first-child,td.text{text-align:left}th{background:#f4f6f8}
.healthy{color:#1a7f37}.degraded{color:#9a6700}.unhealthy{color:#cf222e}.failed{color:#cf222e;font-weight:bold}
.chart{display:inline-block;margin:.5em 1em .5em 0;page-break-inside:avoid;break-inside:avoid}
.chart h3{font-size:.95em;margin:.2em 0;font-family:ui-monospace,monospace;font-weight:normal}
svg{background:#fafbfc;border:1px solid #e1e4e8}code{font-family:ui-monospace,monospace}
@media print{body{margin:0}.chart{border:0}}
)";

std::string number(double v, const char* format = "%.1f") {
  char text[32];
  std::snprintf(text, sizeof text, format, v);
  return text;
}

std::string percent(double ratio) { return number(ratio * 100, "%.2f") + "%"; }

std::string td(std::string_view text) { return "<td>" + xml_escape(text) + "</td>"; }
/// A cell of words (a severity, a method), aligned left unlike the figures.
std::string td_text(std::string_view text) { return "<td class=\"text\">" + xml_escape(text) + "</td>"; }
std::string th(std::string_view text) { return "<th>" + xml_escape(text) + "</th>"; }

/// The forecast past the last point: its interval as a shaded band and its values as a
/// dashed line, both starting from the last point drawn.
template <typename X, typename Y>
void append_forecast(std::string& out, const SeriesReport& s, const stats::ChartLine::Point& last, X x_of, Y y_of) {
  if (s.forecast.empty())
    return;
  const std::string start = number(x_of(last.ts)) + "," + number(y_of(last.mean()));
  std::string upper, lower;
  bool interval = true;
  for (const auto& f : s.forecast)
    interval &= f.lower.has_value() && f.upper.has_value();
  if (interval) {
    for (const auto& f : s.forecast)
      upper += " L" + number(x_of(f.ts)) + "," + number(y_of(*f.upper));
    for (auto f = s.forecast.rbegin(); f != s.forecast.rend(); ++f)
      lower += " L" + number(x_of(f->ts)) + "," + number(y_of(*f->lower));
    const auto& far = s.forecast.back();
    out += "<path class=\"forecast-band\" d=\"M" + start + upper + lower + " Z\" fill=\"#8250df\" fill-opacity=\"0.2\" "
           "stroke=\"none\"><title>forecast interval at " + xml_escape(time::format_timestamp(far.ts)) + ": " +
           xml_escape(humanize(*far.lower, s.unit)) + " to " + xml_escape(humanize(*far.upper, s.unit)) +
           "</title></path>\n";
  }
  std::string line = "M" + start;
  for (const auto& f : s.forecast)
    line += " L" + number(x_of(f.ts)) + "," + number(y_of(f.value));
  out += "<path class=\"forecast\" d=\"" + line + "\" fill=\"none\" stroke=\"#8250df\" stroke-width=\"1.5\" "
         "stroke-dasharray=\"5 3\"><title>forecast " + xml_escape(humanize(s.forecast.back().value, s.unit)) + " at " +
         xml_escape(time::format_timestamp(s.forecast.back().ts)) + "</title></path>\n";
}

void append_chart(std::string& out, const SeriesReport& s, const Report& report) {
  const auto& points = s.chart;
  if (points.empty())
    return;
  // The axis spans the slots' extremes, not their means: a spike shows at its height.
  double lo = points.front().min, hi = points.front().max;
  bool banded = false; // some slot holds several values: draw their range behind the means
  for (const auto& p : points) {
    lo = std::min(lo, p.min);
    hi = std::max(hi, p.max);
    banded |= p.min < p.max;
  }
  // The forecast's values widen the axis; its interval too, but by no more than the data's
  // own range on either side, so a wide interval cannot flatten the series into a line (the
  // band is cut at the edge instead).
  const double data_range = hi - lo;
  const double cut_lo = lo - std::max(data_range, std::fabs(lo) * 0.1),
               cut_hi = hi + std::max(data_range, std::fabs(hi) * 0.1);
  for (const auto& f : s.forecast) {
    lo = std::min(lo, std::max(cut_lo, std::min(f.value, f.lower.value_or(f.value))));
    hi = std::max(hi, std::min(cut_hi, std::max(f.value, f.upper.value_or(f.value))));
  }
  if (hi == lo) {
    hi += 1;
    lo -= 1;
  }
  auto t0 = points.front().ts, t1 = s.forecast.empty() ? points.back().ts : std::max(points.back().ts, s.forecast.back().ts);
  double span = static_cast<double>((t1 - t0).count());
  double plot_w = k_width - k_left - k_right, plot_h = k_height - k_top - k_bottom;
  auto x_of = [&](time::TimePoint t) {
    return span > 0 ? k_left + plot_w * static_cast<double>((t - t0).count()) / span : k_left + plot_w / 2;
  };
  auto y_of = [&](double v) { return k_top + plot_h * (1 - (std::clamp(v, lo, hi) - lo) / (hi - lo)); };

  out += "<div class=\"chart\"><h3>" + xml_escape(s.key) + "</h3>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(k_width, "%.0f") + "\" height=\"" +
         number(k_height, "%.0f") + "\" viewBox=\"0 0 " + number(k_width, "%.0f") + " " + number(k_height, "%.0f") +
         "\" role=\"img\" aria-label=\"" + xml_escape(s.key) + "\">\n";
  // Axes and labels.
  out += "<line x1=\"" + number(k_left) + "\" y1=\"" + number(k_top) + "\" x2=\"" + number(k_left) + "\" y2=\"" +
         number(k_top + plot_h) + "\" stroke=\"#999\"/>";
  out += "<line x1=\"" + number(k_left) + "\" y1=\"" + number(k_top + plot_h) + "\" x2=\"" + number(k_left + plot_w) +
         "\" y2=\"" + number(k_top + plot_h) + "\" stroke=\"#999\"/>\n";
  out += "<text x=\"" + number(k_left - 4) + "\" y=\"" + number(k_top + 10) +
         "\" font-size=\"11\" text-anchor=\"end\">" + xml_escape(humanize(hi, s.unit)) + "</text>";
  out += "<text x=\"" + number(k_left - 4) + "\" y=\"" + number(k_top + plot_h) +
         "\" font-size=\"11\" text-anchor=\"end\">" + xml_escape(humanize(lo, s.unit)) + "</text>\n";
  out += "<text x=\"" + number(k_left) + "\" y=\"" + number(k_height - 6) + "\" font-size=\"11\">" +
         xml_escape(time::format_timestamp(t0)) + "</text>";
  out += "<text x=\"" + number(k_left + plot_w) + "\" y=\"" + number(k_height - 6) +
         "\" font-size=\"11\" text-anchor=\"end\">" + xml_escape(time::format_timestamp(t1)) + "</text>\n";
  // The range of each slot (min to max), then the line of means over it.
  if (banded) {
    std::string band;
    for (const auto& p : points)
      band += (band.empty() ? "M" : " L") + number(x_of(p.ts)) + "," + number(y_of(p.max));
    for (auto p = points.rbegin(); p != points.rend(); ++p)
      band += " L" + number(x_of(p->ts)) + "," + number(y_of(p->min));
    out += "<path class=\"range\" d=\"" + band + " Z\" fill=\"#0969da\" fill-opacity=\"0.15\" stroke=\"none\"/>\n";
  }
  std::string path;
  for (const auto& p : points) {
    path += path.empty() ? "M" : " L";
    path += number(x_of(p.ts)) + "," + number(y_of(p.mean()));
  }
  if (points.size() == 1)
    out += "<circle class=\"point\" cx=\"" + number(x_of(t0)) + "\" cy=\"" + number(y_of(points.front().mean())) +
           "\" r=\"3\" fill=\"#0969da\"/>\n";
  out += "<path class=\"series\" d=\"" + path + "\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\"/>\n";
  append_forecast(out, s, points.back(), x_of, y_of);
  // Markers: alerts as vertical dashed lines, anomalies as red dots.
  auto in_range = [&](time::TimePoint t) { return t >= t0 && t <= t1; };
  for (const auto& a : report.alerts)
    if ((a.series == s.key || a.metric == s.key) && in_range(a.ts))
      out += "<line class=\"alert\" x1=\"" + number(x_of(a.ts)) + "\" y1=\"" + number(k_top) + "\" x2=\"" +
             number(x_of(a.ts)) + "\" y2=\"" + number(k_top + plot_h) +
             "\" stroke=\"#bf8700\" stroke-dasharray=\"4 3\"><title>" + xml_escape(alert_message(a)) +
             "</title></line>\n";
  for (const auto& a : report.anomalies)
    if (a.series == s.key && in_range(a.ts)) {
      double v = a.value.value_or(lo);
      out += "<circle class=\"anomaly\" cx=\"" + number(x_of(a.ts)) + "\" cy=\"" +
             number(y_of(v)) + "\" r=\"4\" fill=\"#cf222e\"><title>anomaly " + xml_escape(a.severity) + " " +
             xml_escape(humanize(v, s.unit)) + " at " + xml_escape(time::format_timestamp(a.ts)) +
             "</title></circle>\n";
    }
  out += "</svg></div>\n";
}

} // namespace

void render_html(const Report& report, const RenderContext&, std::string& out) {
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>pm-report " + xml_escape(time::format_timestamp(report.now)) + "</title>\n";
  out += "<style>" + std::string(k_style) + "</style></head><body>\n";
  out += "<h1>pm-report <span class=\"" + report.health.status + "\">" + report.health.status + "</span></h1>\n";
  out += "<p>" + std::to_string(report.records) + " records, " + std::to_string(report.series.size()) + " series, at " +
         xml_escape(time::format_timestamp(report.now)) + ".</p>\n";
  if (!report.health.reasons.empty()) {
    out += "<ul>";
    for (const auto& r : report.health.reasons)
      out += "<li>" + xml_escape(r) + "</li>";
    out += "</ul>\n";
  }
  if (!report.gates.empty()) {
    out += "<h2>Gates</h2><table><tr>" + th("gate") + th("result") + th("detail") + "</tr>\n";
    for (const auto& g : report.gates)
      out += "<tr>" + td(g.name) + "<td class=\"" + std::string(g.failed ? "failed" : "healthy") + "\">" +
             (g.failed ? "failed" : "passed") + "</td>" + td(g.message) + "</tr>\n";
    out += "</table>\n";
  }
  if (!report.components.empty()) {
    out += "<h2>Components by " + xml_escape(report.group_by) + "</h2><table><tr>" + th(report.group_by) +
           th("requests") + th("req/s") + th("errors") + th("error rate") + th("mean") + th("p50") + th("p95") +
           th("p99") + "</tr>\n";
    for (auto i : report.slowest) {
      const auto& c = report.components[i];
      out += "<tr>" + td(c.name) + td(std::to_string(c.requests)) + td(short_number(c.requests_per_second)) +
             td(std::to_string(c.errors)) + td(percent(c.error_rate)) + td(humanize(c.latency_mean, "seconds")) +
             td(humanize(c.latency_p50, "seconds")) + td(humanize(c.latency_p95, "seconds")) +
             td(humanize(c.latency_p99, "seconds")) + "</tr>\n";
    }
    out += "</table>\n";
  }
  if (!report.alerts.empty()) {
    out += "<h2>Active alerts</h2><table><tr>" + th("since") + th("level") + th("message") + "</tr>\n";
    for (const auto& a : report.alerts)
      out += "<tr>" + td(time::format_timestamp(a.ts)) + "<td class=\"" +
             std::string(a.level == "warning" ? "degraded" : "unhealthy") + "\">" + xml_escape(a.level) + "</td>" +
             td(alert_message(a)) + "</tr>\n";
    out += "</table>\n";
  }
  if (!report.series.empty()) {
    out += "<h2>Series</h2><table><tr>" + th("series") + th("count") + th("min") + th("mean") + th("p50") + th("p95") +
           th("p99") + th("max") + th("last") + (report.baseline_source.empty() ? "" : th("vs baseline")) + "</tr>\n";
    for (const auto& s : report.series) {
      const auto& st = s.stats;
      const std::string mark = st.exact ? "" : "~";
      out += "<tr><td><code>" + xml_escape(s.key) + "</code></td>" + td(std::to_string(st.count)) +
             td(humanize(st.min, s.unit)) + td(humanize(st.mean, s.unit)) + td(mark + humanize(st.p50, s.unit)) +
             td(mark + humanize(st.p95, s.unit)) + td(mark + humanize(st.p99, s.unit)) + td(humanize(st.max, s.unit)) +
             td(humanize(st.last, s.unit));
      if (!report.baseline_source.empty()) {
        std::string text = "-";
        if (s.comparison && s.comparison->delta_pct)
          text = number(*s.comparison->delta_pct, "%+.1f") + "%";
        out += std::string("<td") + (s.comparison && s.comparison->regression ? " class=\"failed\"" : "") + ">" +
               xml_escape(text) + "</td>";
      }
      out += "</tr>\n";
    }
    out += "</table>\n";
    if (report.any_sketched())
      out += "<p>~ percentile from the sketch, within 1% of the exact value</p>\n";
    if (report.every) {
      out += "<h2>Every " + xml_escape(time::format_duration(*report.every)) + "</h2><table><tr>" + th("series") +
             th("start") + th("count") + th("mean") + th("p50") + th("p95") + th("p99") + th("max") + "</tr>\n";
      for (const auto& s : report.series)
        for (const auto& b : s.buckets)
          out += "<tr><td><code>" + xml_escape(s.key) + "</code></td>" + td(time::format_timestamp(b.start)) +
                 td(std::to_string(b.stats.count)) + td(humanize(b.stats.mean, s.unit)) +
                 td(humanize(b.stats.p50, s.unit)) + td(humanize(b.stats.p95, s.unit)) +
                 td(humanize(b.stats.p99, s.unit)) + td(humanize(b.stats.max, s.unit)) + "</tr>\n";
      out += "</table>\n";
    }
    out += "<h2>Charts</h2>\n";
    std::size_t charted = 0;
    for (const auto& s : report.series) {
      if (charted++ == k_max_charts) {
        out += "<p>" + std::to_string(report.series.size() - k_max_charts) + " more series not charted.</p>\n";
        break;
      }
      append_chart(out, s, report);
    }
  }
  if (!report.anomalies.empty()) {
    out += "<h2>Anomalies</h2><table class=\"anomalies\"><tr>" + th("time") + th("severity") + th("series") +
           th("value") + th("expected") + th("z") + th("method") + "</tr>\n";
    for (const auto& a : anomaly_rows(report))
      out += "<tr>" + td(a.time) + td_text(a.severity) + "<td class=\"text\"><code>" + xml_escape(a.series) + "</code></td>" +
             td(a.value) + td(a.expected) + td(a.z) + td_text(a.method) + "</tr>\n";
    out += "</table>\n";
    if (report.events_dropped)
      out += "<p>" + std::to_string(report.events_dropped) + " more not listed.</p>\n";
  }
  if (!report.predictions.empty()) {
    out += "<h2>Predictions</h2><table class=\"predictions\"><tr>" + th("series") + th("model") + th("horizon") +
           th("value") + th("interval") + th("trend") + th("eta") + "</tr>\n";
    for (const auto& p : prediction_rows(report))
      out += "<tr><td><code>" + xml_escape(p.series) + "</code></td>" + td_text(p.model) + td(p.horizon) +
             td(p.value) + td(p.interval) + td_text(p.trend) + td_text(p.eta) + "</tr>\n";
    out += "</table>\n";
  }
  if (!report.recommendations.empty()) {
    out += "<h2>Recommendations</h2><ul class=\"recommendations\">\n";
    for (const auto& r : recommendation_rows(report)) {
      out += "<li><b>" + xml_escape(r.severity) + "</b>: " + xml_escape(r.message);
      if (!r.evidence.empty() || r.series != r.message)
        out += " <small>(<code>" + xml_escape(r.series) + "</code>" + (r.evidence.empty() ? "" : ": " + xml_escape(r.evidence)) +
               ")</small>";
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  out += "</body></html>\n";
}

} // namespace pm::report
