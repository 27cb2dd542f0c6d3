// Writers of records as Prometheus exposition text and OpenMetrics (pm-report's exports).
#include "libpm/format/exposition.hpp"

#include "libpm/format/text.hpp"
#include "libpm/record/units.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace pm::format {

namespace {

using detail::is_alpha;
using detail::is_digit;

struct UnitRow {
  std::string_view unit;
  std::string_view suffix;
  double factor;
};

// Units that are only renamed; time and size units come to base units through
// record::base_unit, because promtool's lint asks for base units.
constexpr std::array k_units{
    UnitRow{"", "", 1},
    UnitRow{"count", "", 1},
    UnitRow{"%", "percent", 1},
};

// Sample-name endings that belong to other metric types.
constexpr std::array<std::string_view, 5> k_reserved_suffixes{"_total", "_count", "_sum", "_bucket", "_created"};

// Unit abbreviations promtool's lint rejects as name pieces.
constexpr std::array<std::string_view, 14> k_unit_abbreviations{"s",  "ms", "us", "ns", "sec", "b", "kb",
                                                                "mb", "gb", "tb", "pb", "m",   "h", "d"};

bool ends_with_suffix(std::string_view name, std::string_view suffix) {
  return name.size() > suffix.size() && name.ends_with(suffix) && name[name.size() - suffix.size() - 1] == '_';
}

std::string_view type_of(const record::Record& record) {
  static constexpr std::string_view k_key = "\"type\":\"";
  auto at = record.extra.find(k_key);
  if (at == std::string::npos)
    return {};
  std::string_view rest = std::string_view(record.extra).substr(at + k_key.size());
  return rest.substr(0, rest.find('"'));
}

void append_timestamp_seconds(std::string& out, long long ms) {
  out += std::to_string(ms / 1000);
  out += '.';
  long long frac = ms % 1000;
  out += static_cast<char>('0' + frac / 100);
  out += static_cast<char>('0' + frac / 10 % 10);
  out += static_cast<char>('0' + frac % 10);
}

void append_help(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

} // namespace

PrometheusUnit prometheus_unit(std::string_view unit) {
  for (const auto& row : k_units)
    if (row.unit == unit)
      return {std::string(row.suffix), row.factor};
  if (auto base = record::base_unit(unit); base && base->unit != unit) {
    PrometheusUnit out = prometheus_unit(base->unit);
    out.factor = base->factor;
    return out;
  }
  std::string suffix;
  auto slash = unit.find('/');
  std::string_view top = unit.substr(0, slash);
  for (char c : top)
    suffix += is_alpha(c) || is_digit(c) ? static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c) : '_';
  if (slash != std::string_view::npos) {
    std::string_view bottom = unit.substr(slash + 1);
    suffix += "_per_";
    if (bottom == "s" || bottom == "sec")
      suffix += "second";
    else
      for (char c : bottom)
        suffix += is_alpha(c) || is_digit(c) ? static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c) : '_';
  }
  return {suffix, 1};
}

std::string sanitize_metric_name(std::string_view name) {
  auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
  std::string out;
  std::vector<bool> inserted; // per byte of `out`: an underscore added at a camelCase boundary
  out.reserve(name.size() + 4);
  if (name.empty() || is_digit(name.front())) {
    out += '_';
    inserted.push_back(false);
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (is_upper(c)) {
      // camelCase → snake_case (promtool: "metric names should be written in 'snake_case'"):
      // `MemTotal` → `mem_total`, `HTTPRequests` → `http_requests`.
      bool after_lower = i > 0 && is_lower(name[i - 1]);
      bool ends_acronym = i > 0 && is_upper(name[i - 1]) && i + 1 < name.size() && is_lower(name[i + 1]);
      if ((after_lower || ends_acronym) && !out.empty() && out.back() != '_') {
        out += '_';
        inserted.push_back(true);
      }
      out += static_cast<char>(c | 0x20);
    } else {
      out += is_alpha(c) || is_digit(c) || c == '_' ? c : '_';
    }
    inserted.push_back(false);
  }
  // A split must not make a unit abbreviation out of a word piece (`SecPageTables` →
  // `sec_page_tables` would trip promtool's "abbreviated units" lint): join such a piece to
  // its neighbour again across the underscore the split added.
  std::vector<bool> drop(out.size(), false);
  std::size_t begin = 0;
  while (begin <= out.size()) {
    std::size_t stop = out.find('_', begin);
    if (stop == std::string::npos)
      stop = out.size();
    std::string_view piece = std::string_view(out).substr(begin, stop - begin);
    bool abbreviation = false;
    for (auto word : k_unit_abbreviations)
      abbreviation = abbreviation || piece == word;
    if (abbreviation) {
      if (stop < out.size() && inserted[stop])
        drop[stop] = true;
      else if (begin > 0 && inserted[begin - 1])
        drop[begin - 1] = true;
    }
    begin = stop + 1;
  }
  std::string result;
  result.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i)
    if (!drop[i])
      result += out[i];
  return result;
}

std::string sanitize_label_name(std::string_view key) {
  std::string out = sanitize_metric_name(key);
  if (out.starts_with("__"))
    out.insert(0, "tag");
  return out;
}

void append_label_value(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

void ExpositionWriter::add(const record::Record& record) {
  if (!record.is_sample() || !record.has_value || !std::isfinite(record.value)) {
    ++m_skipped;
    return;
  }
  PrometheusUnit unit = prometheus_unit(record.unit);
  std::string base = sanitize_metric_name(record.name);
  std::string type{type_of(record)};
  bool grouped = type == "histogram" || type == "summary";
  if (grouped && m_exposition == Exposition::openmetrics)
    type = "gauge";
  if (type != "counter" && !grouped)
    type = "gauge";

  std::string family_name;
  std::string sample_name;
  if (grouped) {
    // The family is the name without its sample suffix; the samples keep their names.
    family_name = base;
    for (auto suffix : {std::string_view("_bucket"), std::string_view("_sum"), std::string_view("_count")})
      if (base.ends_with(suffix) && base.size() > suffix.size()) {
        family_name = base.substr(0, base.size() - suffix.size());
        break;
      }
    sample_name = base;
    unit.suffix.clear(); // the name is the exposer's, as it was scraped
    unit.factor = 1;
  } else {
    if (type == "counter" && ends_with_suffix(base, "total"))
      base.resize(base.size() - 6);
    if (!unit.suffix.empty() && !ends_with_suffix(base, unit.suffix))
      base += "_" + unit.suffix;
    if (type == "gauge")
      for (auto suffix : k_reserved_suffixes)
        if (base.ends_with(suffix)) {
          base += "_value";
          break;
        }
    family_name = base;
    sample_name = type == "counter" ? base + "_total" : base;
  }

  // The text format declares a counter by its sample name (`x_total`), OpenMetrics by its
  // family name (`x`), where it can clash with a gauge `x`: the second one to come then
  // becomes a gauge of its own, `<sample name>_value`.
  std::string declared = m_exposition == Exposition::prometheus && type == "counter" ? sample_name : family_name;
  if (auto it = m_families.find(declared); it != m_families.end() && it->second.type != type) {
    type = "gauge";
    declared = sample_name + "_value";
    sample_name = declared;
    unit.suffix.clear(); // OpenMetrics: a family with a UNIT must end with it
  }
  Family& family = m_families[declared];
  if (family.type.empty()) {
    family.type = type;
    family.unit = unit.suffix;
    family.help = "pm metric " + record.name;
    if (!record.unit.empty())
      family.help += " (" + record.unit + ")";
  }

  const std::uint64_t source_hash = record::series_hash(record);
  m_key = sample_name;
  std::string seen; // label names written, to drop a second tag that sanitises the same
  bool first = true;
  for (const auto& [key, value] : record.tags) {
    std::string label = sanitize_label_name(key);
    // `le` and `quantile` belong to histograms and summaries (promtool flags them elsewhere).
    if (!grouped && (label == "le" || label == "quantile"))
      label.insert(0, "tag_");
    std::string marker = "," + label + ",";
    if (seen.find(marker) != std::string::npos) {
      if (m_tag_left_out.insert(source_hash).second)
        m_collisions.push_back("tag " + key + " of " + record.series_key() + " left out: it exports as label " + label +
                               ", like an earlier tag");
      continue;
    }
    seen += marker;
    m_key += first ? '{' : ',';
    first = false;
    m_key += label;
    m_key += "=\"";
    append_label_value(m_key, value);
    m_key += '"';
  }
  if (!first)
    m_key += '}';

  Series& series = family.series[m_key];
  if (series.source.empty()) {
    series.source_hash = source_hash;
    series.source = record.series_key();
  } else if (series.source_hash != source_hash) {
    if (m_left_out.insert(source_hash).second)
      m_collisions.push_back(record.series_key() + " exports as " + m_key + ", as " + series.source +
                             " does: left out");
    return;
  }
  Point point{record.has_ts ? record.ts.time_since_epoch().count() : 0, record.has_ts, record.value * unit.factor,
              m_order++};
  if (m_exposition == Exposition::prometheus) {
    // Only the latest value is written: keep one point.
    if (series.points.empty())
      series.points.push_back(point);
    else if (!series.points[0].has_ts || !point.has_ts || point.ms >= series.points[0].ms)
      series.points[0] = point;
    return;
  }
  series.points.push_back(point);
}

std::size_t ExpositionWriter::series_count() const {
  std::size_t count = 0;
  for (const auto& [name, family] : m_families)
    count += family.series.size();
  return count;
}

void ExpositionWriter::write_family(std::string& out, const std::string& name, const Family& family,
                                    const std::function<void(std::string_view)>& sink) const {
  const std::string& declared = name;
  out += "# HELP ";
  out += declared;
  out += ' ';
  append_help(out, family.help);
  out += "\n# TYPE ";
  out += declared;
  out += ' ';
  out += family.type;
  out += '\n';
  if (m_exposition == Exposition::openmetrics && !family.unit.empty()) {
    out += "# UNIT ";
    out += name;
    out += ' ';
    out += family.unit;
    out += '\n';
  }
  std::vector<Point> points;
  for (const auto& [key, series] : family.series) {
    points = series.points;
    if (m_exposition == Exposition::openmetrics) {
      std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
        return a.ms != b.ms ? a.ms < b.ms : a.order < b.order;
      });
      // Equal times: the one added last wins (timestamps must strictly increase); the
      // others are counted, so that nothing is left out in silence.
      std::vector<Point> unique;
      std::size_t replaced = 0;
      for (const auto& point : points) {
        if (!unique.empty() && unique.back().ms == point.ms && unique.back().has_ts == point.has_ts) {
          unique.back() = point;
          ++replaced;
        } else {
          unique.push_back(point);
        }
      }
      points.swap(unique);
      if (replaced > 0)
        m_replaced.emplace_back(series.source, replaced);
    }
    for (const auto& point : points) {
      out += key;
      out += ' ';
      util::append_number(out, point.value);
      if (m_exposition == Exposition::openmetrics && point.has_ts) {
        out += ' ';
        append_timestamp_seconds(out, point.ms);
      }
      out += '\n';
      if (out.size() >= (64u << 10)) {
        sink(out);
        out.clear();
      }
    }
  }
}

void ExpositionWriter::write(const std::function<void(std::string_view)>& sink) const {
  m_replaced.clear();
  std::string out;
  for (const auto& [name, family] : m_families)
    write_family(out, name, family, sink);
  if (m_exposition == Exposition::openmetrics)
    out += "# EOF\n";
  if (!out.empty())
    sink(out);
}

std::vector<std::string> ExpositionWriter::replaced() const {
  constexpr std::size_t k_named = 10; // a stream of many series should not flood stderr
  std::vector<std::string> out;
  std::size_t rest_samples = 0;
  std::size_t rest_series = 0;
  for (const auto& [series, count] : m_replaced) {
    if (out.size() < k_named) {
      out.push_back(std::to_string(count) + (count == 1 ? " sample" : " samples") + " of " + series +
                    " left out: a later sample of the series at the same millisecond replaced " +
                    (count == 1 ? "it" : "each") + " (OpenMetrics timestamps must increase)");
    } else {
      rest_samples += count;
      ++rest_series;
    }
  }
  if (rest_series > 0)
    out.push_back(std::to_string(rest_samples) + " samples of " + std::to_string(rest_series) +
                  " more series left out the same way");
  return out;
}

std::string ExpositionWriter::str() const {
  std::string all;
  write([&](std::string_view piece) { all.append(piece); });
  return all;
}

namespace {

void append_escaped(std::string& out, std::string_view text, std::string_view specials) {
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += "\\ ";
      continue;
    }
    if (specials.find(c) != std::string_view::npos)
      out += '\\';
    out += c;
  }
}

std::string_view without_trailing_backslash(std::string_view text) {
  while (!text.empty() && text.back() == '\\')
    text.remove_suffix(1);
  return text;
}

} // namespace

void append_influx(std::string& out, const record::Record& record) {
  append_escaped(out, record.name, ", ");
  bool unit_written = record.unit.empty() || record.has_tag("unit");
  auto append_tag = [&](std::string_view key, std::string_view value) {
    value = without_trailing_backslash(value);
    key = without_trailing_backslash(key);
    if (value.empty() || key.empty())
      return;
    out += ',';
    append_escaped(out, key, ",= ");
    out += '=';
    append_escaped(out, value, ",= ");
  };
  for (const auto& [key, value] : record.tags) {
    if (!unit_written && key > "unit") {
      append_tag("unit", record.unit);
      unit_written = true;
    }
    append_tag(key, value);
  }
  if (!unit_written)
    append_tag("unit", record.unit);
  out += " value=";
  util::append_number(out, record.value); // "3" without `i` is a float field
  if (record.has_ts) {
    out += ' ';
    out += std::to_string(record.ts.time_since_epoch().count());
    out += "000000";
  }
  out += '\n';
}

} // namespace pm::format
