// The html format: one self-contained, printable page; inline SVG line charts per series.
#include "libpm/report/predictions.hpp"
#include "libpm/report/renderers.hpp"
#include "libpm/report/units.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace pm::report {

namespace {

constexpr std::size_t k_max_charts = 200; // beyond this a page gets too heavy to open
constexpr double k_width = 640, k_height = 184, k_left = 70, k_right = 10, k_top = 10, k_bottom = 38;

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

/// Series drawn together in one chart when they share their tags: a measure and its
/// companions (load over 1, 5 and 15 minutes; CPU user and system; network and disk in
/// and out).
constexpr std::array<std::array<std::string_view, 3>, 4> k_overlays = {{
    {"system.load.1m", "system.load.5m", "system.load.15m"},
    {"system.cpu.user", "system.cpu.system", ""},
    {"system.network.rx_bytes", "system.network.tx_bytes", ""},
    {"system.disk.read_bytes", "system.disk.write_bytes", ""},
}};
constexpr const char* k_colours[] = {"#0969da", "#bc4c00", "#1a7f37"};

/// True when the axis of `unit` starts at zero: a share or an amount, where a bar from zero
/// is what a reader measures against (a 0.4-point dip must not look like a crash).
bool zero_based(std::string_view unit) {
  return unit == "percent" || unit == "count" || unit == "bytes" || unit.ends_with("/s");
}

/// A step for time ticks that gives about `want` ticks over `span` ms.
std::int64_t tick_step(double span, int want) {
  static constexpr std::int64_t k_steps[] = {1000,     2000,     5000,     10000,    15000,     30000,
                                             60000,    120000,   300000,   600000,   900000,    1800000,
                                             3600000,  7200000,  10800000, 21600000, 43200000,  86400000,
                                             172800000, 604800000};
  for (auto step : k_steps)
    if (span / static_cast<double>(step) <= want)
      return step;
  return k_steps[std::size(k_steps) - 1];
}

/// A tick's label in UTC: the time of day (with seconds below a minute's step), the date
/// too when the chart spans more than a day.
std::string tick_label(time::TimePoint t, std::int64_t step, double span) {
  std::string stamp = time::format_timestamp(t); // 2026-11-22T10:15:00.000Z
  if (span > 86400000.0)
    return step >= 86400000 ? stamp.substr(5, 5) : stamp.substr(5, 5) + " " + stamp.substr(11, 5);
  return step < 60000 ? stamp.substr(11, 8) : stamp.substr(11, 5);
}

/// One chart of one series, or of several that belong together (k_overlays) with a legend.
void append_chart(std::string& out, const std::vector<const SeriesReport*>& members, const Report& report) {
  const SeriesReport& s = *members.front();
  const std::string& unit = s.unit;
  if (s.chart.empty())
    return;
  // The axis spans the slots' extremes, not their means: a spike shows at its height.
  double lo = s.chart.front().min, hi = s.chart.front().max;
  time::TimePoint t0 = s.chart.front().ts, t1 = s.chart.back().ts;
  for (const auto* m : members)
    for (const auto& p : m->chart) {
      lo = std::min(lo, p.min);
      hi = std::max(hi, p.max);
      t0 = std::min(t0, p.ts);
      t1 = std::max(t1, p.ts);
    }
  // The forecast's values widen the axis; its interval too, but by no more than the data's
  // own range on either side, so a wide interval cannot flatten the series into a line (the
  // band is cut at the edge instead).
  const double data_range = hi - lo;
  const double cut_lo = lo - std::max(data_range, std::fabs(lo) * 0.1),
               cut_hi = hi + std::max(data_range, std::fabs(hi) * 0.1);
  for (const auto* m : members)
    for (const auto& f : m->forecast) {
      lo = std::min(lo, std::max(cut_lo, std::min(f.value, f.lower.value_or(f.value))));
      hi = std::max(hi, std::min(cut_hi, std::max(f.value, f.upper.value_or(f.value))));
      t1 = std::max(t1, f.ts);
    }
  // The thresholds that judged the series are on the axis: how far from them is the point.
  for (const auto* m : members)
    for (const auto& t : m->thresholds) {
      lo = std::min(lo, t.value);
      hi = std::max(hi, t.value);
    }
  if (zero_based(unit) && lo > 0)
    lo = 0;
  const bool broken = lo > 0; // the axis does not start at zero: marked on it
  if (hi == lo) {
    hi += 1;
    lo = lo >= 1 || !zero_based(unit) ? lo - 1 : 0;
  }
  double span = static_cast<double>((t1 - t0).count());
  double plot_w = k_width - k_left - k_right, plot_h = k_height - k_top - k_bottom;
  auto x_of = [&](time::TimePoint t) {
    return span > 0 ? k_left + plot_w * static_cast<double>((t - t0).count()) / span : k_left + plot_w / 2;
  };
  auto y_of = [&](double v) { return k_top + plot_h * (1 - (std::clamp(v, lo, hi) - lo) / (hi - lo)); };

  std::string title;
  for (const auto* m : members)
    title += (title.empty() ? "" : ", ") + m->key;
  out += "<div class=\"chart\"><h3>" + xml_escape(title) + "</h3>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(k_width, "%.0f") + "\" height=\"" +
         number(k_height, "%.0f") + "\" viewBox=\"0 0 " + number(k_width, "%.0f") + " " + number(k_height, "%.0f") +
         "\" role=\"img\" aria-label=\"" + xml_escape(title) + "\">\n";
  // Axes and labels.
  out += "<line class=\"y-axis\" x1=\"" + number(k_left) + "\" y1=\"" + number(k_top) + "\" x2=\"" + number(k_left) +
         "\" y2=\"" + number(k_top + plot_h) + "\" stroke=\"#999\" shape-rendering=\"crispEdges\"/>";
  out += "<line class=\"x-axis\" x1=\"" + number(k_left) + "\" y1=\"" + number(k_top + plot_h) + "\" x2=\"" +
         number(k_left + plot_w) + "\" y2=\"" + number(k_top + plot_h) + "\" stroke=\"#999\" shape-rendering=\"crispEdges\"/>\n";
  out += "<text class=\"y-max\" x=\"" + number(k_left - 4) + "\" y=\"" + number(k_top + 10) +
         "\" font-size=\"11\" text-anchor=\"end\">" + xml_escape(humanize(hi, unit)) + "</text>";
  out += "<text class=\"y-min\" x=\"" + number(k_left - 4) + "\" y=\"" + number(k_top + plot_h) +
         "\" font-size=\"11\" text-anchor=\"end\">" + xml_escape(humanize(lo, unit)) + "</text>\n";
  if (broken) {
    // Two slanted strokes across the axis near its foot, the convention for a cut axis.
    double y = k_top + plot_h - 14;
    out += "<path class=\"axis-break\" d=\"M" + number(k_left - 5) + "," + number(y + 3) + " L" + number(k_left + 5) +
           "," + number(y - 1) + " M" + number(k_left - 5) + "," + number(y + 7) + " L" + number(k_left + 5) + "," +
           number(y + 3) + "\" stroke=\"#555\" stroke-width=\"1.5\" fill=\"none\"><title>the axis starts at " +
           xml_escape(humanize(lo, unit)) + ", not at zero</title></path>\n";
  }
  // Time ticks at round UTC times, and the caption that says so.
  const double bottom = k_top + plot_h;
  if (span > 0) {
    std::int64_t step = tick_step(span, 6);
    std::int64_t first = t0.time_since_epoch().count();
    first = (first + step - 1) / step * step;
    for (std::int64_t at = first; at <= t1.time_since_epoch().count(); at += step) {
      time::TimePoint t{time::Duration{at}};
      double x = x_of(t);
      out += "<line class=\"tick\" x1=\"" + number(x) + "\" y1=\"" + number(bottom) + "\" x2=\"" + number(x) +
             "\" y2=\"" + number(bottom + 4) + "\" stroke=\"#999\" shape-rendering=\"crispEdges\"/><text class=\"tick\" x=\"" + number(x) +
             "\" y=\"" + number(bottom + 15) + "\" font-size=\"10\" text-anchor=\"middle\">" +
             xml_escape(tick_label(t, step, span)) + "</text>\n";
    }
  }
  out += "<text class=\"caption\" x=\"" + number(k_left + plot_w / 2) + "\" y=\"" + number(k_height - 4) +
         "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">time (UTC) " +
         xml_escape(time::format_timestamp(t0).substr(0, 19)) + "Z to " +
         xml_escape(time::format_timestamp(t1).substr(0, 19)) + "Z</text>\n";
  // Per series: the range of each slot (min to max), then the line of means over it.
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = *members[i];
    const auto& points = m.chart;
    if (points.empty())
      continue;
    const char* colour = k_colours[i % std::size(k_colours)];
    bool banded = false; // some slot holds several values: draw their range behind the means
    for (const auto& p : points)
      banded |= p.min < p.max;
    if (banded) {
      std::string band;
      for (const auto& p : points)
        band += (band.empty() ? "M" : " L") + number(x_of(p.ts)) + "," + number(y_of(p.max));
      for (auto p = points.rbegin(); p != points.rend(); ++p)
        band += " L" + number(x_of(p->ts)) + "," + number(y_of(p->min));
      out += "<path class=\"range\" d=\"" + band + " Z\" fill=\"" + colour + "\" fill-opacity=\"" +
             (members.size() > 1 ? "0.08" : "0.15") + "\" stroke=\"none\"/>\n";
    }
    std::string path;
    for (const auto& p : points) {
      path += path.empty() ? "M" : " L";
      path += number(x_of(p.ts)) + "," + number(y_of(p.mean()));
    }
    if (points.size() == 1)
      out += "<circle class=\"point\" cx=\"" + number(x_of(points.front().ts)) + "\" cy=\"" +
             number(y_of(points.front().mean())) + "\" r=\"3\" fill=\"" + colour + "\"/>\n";
    out += "<path class=\"series\" d=\"" + path + "\" data-series=\"" + xml_escape(m.key) + "\" fill=\"none\" stroke=\"" +
           colour + "\" stroke-width=\"1.5\"><title>" + xml_escape(m.key) + "</title></path>\n";
    append_forecast(out, m, points.back(), x_of, y_of);
    if (members.size() > 1) {
      double y = k_top + 12 + 13 * static_cast<double>(i);
      out += "<text class=\"legend\" x=\"" + number(k_left + plot_w - 4) + "\" y=\"" + number(y) +
             "\" font-size=\"11\" text-anchor=\"end\" fill=\"" + colour + "\">" + xml_escape(m.name) + "</text>\n";
    }
  }
  // Thresholds: a dashed line per level of the rules that judged the series.
  for (const auto* m : members)
    for (const auto& t : m->thresholds) {
      bool severe = t.severity == "error" || t.severity == "critical";
      const char* colour = severe ? "#cf222e" : "#bf8700";
      double y = y_of(t.value);
      out += "<line class=\"threshold\" data-value=\"" + util::format_number(t.value) + "\" data-severity=\"" +
             xml_escape(t.severity) + "\" x1=\"" + number(k_left) + "\" y1=\"" + number(y) + "\" x2=\"" +
             number(k_left + plot_w) + "\" y2=\"" + number(y) + "\" stroke=\"" + colour +
             "\" stroke-width=\"1\" stroke-dasharray=\"6 3\" shape-rendering=\"crispEdges\"><title>" + xml_escape(t.rule + ": " + t.severity + " " + t.condition) +
             "</title></line><text class=\"threshold-label\" x=\"" + number(k_left + 4) + "\" y=\"" +
             number(y - 3 < k_top + 8 ? y + 11 : y - 3) + // below a line at the top of the plot
             
             "\" font-size=\"10\" fill=\"" + colour + "\">" + xml_escape(t.rule + " " + t.severity + " " + humanize(t.value, unit)) +
             "</text>\n";
    }
  // Markers: alerts as vertical dashed lines, anomalies as red dots.
  auto in_range = [&](time::TimePoint t) { return t >= t0 && t <= t1; };
  for (const auto* m : members) {
    for (const auto& a : report.alerts)
      if ((a.series == m->key || a.metric == m->key) && in_range(a.ts))
        out += "<line class=\"alert\" x1=\"" + number(x_of(a.ts)) + "\" y1=\"" + number(k_top) + "\" x2=\"" +
               number(x_of(a.ts)) + "\" y2=\"" + number(k_top + plot_h) +
               "\" stroke=\"#bf8700\" stroke-dasharray=\"4 3\"><title>" + xml_escape(alert_message(a)) +
               "</title></line>\n";
    for (const auto& a : report.anomalies)
      if (a.series == m->key && in_range(a.ts)) {
        double v = a.value.value_or(lo);
        out += "<circle class=\"anomaly\" cx=\"" + number(x_of(a.ts)) + "\" cy=\"" + number(y_of(v)) +
               "\" r=\"4\" fill=\"#cf222e\"><title>anomaly " + xml_escape(a.severity) + " " +
               xml_escape(humanize(v, unit)) + " at " + xml_escape(time::format_timestamp(a.ts)) + "</title></circle>\n";
      }
  }
  out += "</svg></div>\n";
}

/// The charts of the page: one per series, or per group of related series (k_overlays)
/// with the same tags and unit; at most k_max_charts.
std::vector<std::vector<const SeriesReport*>> chart_groups(const Report& report) {
  std::vector<std::vector<const SeriesReport*>> groups;
  std::vector<bool> taken(report.series.size(), false);
  for (std::size_t i = 0; i < report.series.size(); ++i) {
    if (taken[i])
      continue;
    const auto& s = report.series[i];
    std::vector<const SeriesReport*> group = {&s};
    taken[i] = true;
    for (const auto& family : k_overlays) {
      if (std::find(family.begin(), family.end(), s.name) == family.end())
        continue;
      for (std::string_view companion : family) {
        if (companion.empty() || companion == s.name)
          continue;
        for (std::size_t j = i + 1; j < report.series.size(); ++j) {
          const auto& c = report.series[j];
          if (!taken[j] && c.name == companion && c.tags == s.tags && c.unit == s.unit) {
            group.push_back(&c);
            taken[j] = true;
            break;
          }
        }
      }
      // In the family's order (1m, 5m, 15m), whichever came first by key.
      std::sort(group.begin(), group.end(), [&](const SeriesReport* a, const SeriesReport* b) {
        return std::find(family.begin(), family.end(), a->name) < std::find(family.begin(), family.end(), b->name);
      });
      break;
    }
    groups.push_back(std::move(group));
  }
  return groups;
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
    out += "<h2>Active alerts</h2><table><tr>" + th("since") + th("level") + th("module") + th("metric") +
           th("message") + "</tr>\n";
    for (const auto& a : report.alerts)
      out += "<tr>" + td(time::format_timestamp(a.ts)) + "<td class=\"" +
             std::string(a.level == "warning" ? "degraded" : "unhealthy") + "\">" + xml_escape(a.level) + "</td>" +
             td(a.module) + td(judged_name(a)) + td(alert_message(a)) + "</tr>\n";
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
    std::size_t charted = 0, series_charted = 0;
    for (const auto& group : chart_groups(report)) {
      if (charted++ == k_max_charts) {
        out += "<p>" + std::to_string(report.series.size() - series_charted) + " more series not charted.</p>\n";
        break;
      }
      append_chart(out, group, report);
      series_charted += group.size();
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
