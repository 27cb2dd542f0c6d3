// The csv format (RFC 4180): one row per series, and one per --every bucket.
#include "libpm/report/renderers.hpp"
#include "libpm/util/strings.hpp"

namespace pm::report {

namespace {

void field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"')
      out += '"';
    out += c;
  }
  out += '"';
}

void stats_fields(std::string& out, const Stats& s) {
  for (double v : {s.min, s.max, s.mean, s.stddev, s.p50, s.p90, s.p95, s.p99, s.last, s.rate}) {
    out += ',';
    util::append_number(out, v);
  }
  out += s.exact ? ",true" : ",false";
}

} // namespace

void render_csv(const Report& report, const RenderContext&, std::string& out) {
  out += "series,name,tags,unit,bucket,count,first_time,last_time,min,max,mean,stddev,p50,p90,p95,p99,last,rate,exact";
  bool compare = !report.baseline_source.empty();
  if (compare)
    out += ",baseline,delta_pct,regression";
  out += "\r\n";
  for (const auto& s : report.series) {
    std::string tags;
    for (const auto& [k, v] : s.tags) {
      if (!tags.empty())
        tags += ';';
      tags += k + "=" + v;
    }
    auto row = [&](const Stats& st, std::string_view bucket, bool with_comparison) {
      field(out, s.key);
      out += ',';
      field(out, s.name);
      out += ',';
      field(out, tags);
      out += ',';
      field(out, s.unit);
      out += ',';
      field(out, bucket);
      out += ',' + std::to_string(st.count) + ',';
      time::append_timestamp(out, st.first_time);
      out += ',';
      time::append_timestamp(out, st.last_time);
      stats_fields(out, st);
      if (compare) {
        out += ',';
        if (with_comparison && s.comparison) {
          util::append_number(out, s.comparison->baseline);
          out += ',';
          if (s.comparison->delta_pct)
            util::append_number(out, *s.comparison->delta_pct);
          out += s.comparison->regression ? ",true" : ",false";
        } else {
          out += ",,";
        }
      }
      out += "\r\n";
    };
    row(s.stats, "", true);
    for (const auto& b : s.buckets)
      row(b.stats, time::format_timestamp(b.start), false);
  }
}

} // namespace pm::report
