// Humanised units, sparklines and markup escaping.
#include "libpm/report/units.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace pm::report {

namespace {

std::string printf_number(const char* format, double value, std::string_view suffix) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  std::string out = text;
  out += suffix;
  return out;
}

std::string scaled_bytes(double value, std::string_view per) {
  static constexpr const char* k_units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double magnitude = std::fabs(value);
  std::size_t i = 0;
  while (magnitude >= 1024 && i + 1 < std::size(k_units)) {
    magnitude /= 1024;
    value /= 1024;
    ++i;
  }
  std::string suffix = std::string(" ") + k_units[i] + std::string(per);
  return printf_number(i == 0 ? "%.0f" : "%.1f", value, suffix);
}

} // namespace

std::string short_number(double value) {
  if (value == 0)
    return "0";
  if (std::fabs(value) >= 1e4)
    return util::human_number(value); // "14.1k", not "1.412e+04"
  return printf_number("%.4g", value, "");
}

std::string humanize(double value, std::string_view unit) {
  if (!std::isfinite(value))
    return "-";
  if (unit == "seconds" || unit == "s") {
    double magnitude = std::fabs(value);
    if (magnitude == 0)
      return "0s";
    if (magnitude < 1e-6)
      return printf_number("%.3g", value * 1e9, "ns");
    if (magnitude < 1e-3)
      return printf_number("%.3g", value * 1e6, "µs");
    if (magnitude < 1)
      return printf_number("%.3g", value * 1e3, "ms");
    if (magnitude < 100)
      return printf_number("%.3g", value, "s");
    return printf_number("%.0f", value, "s");
  }
  if (unit == "bytes")
    return scaled_bytes(value, "");
  if (unit == "bytes/s")
    return scaled_bytes(value, "/s");
  if (unit == "percent")
    return printf_number("%.1f", value, "%");
  if (unit.empty() || unit == "count")
    return short_number(value);
  return short_number(value) + " " + std::string(unit);
}

std::string sparkline(const std::vector<double>& values, Glyphs glyphs) {
  static constexpr const char* k_blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  static constexpr const char* k_ascii[] = {"_", ".", "-", ":", "=", "+", "*", "#"};
  if (values.empty())
    return {};
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  double low = *lo, range = *hi - *lo;
  std::string out;
  for (double v : values) {
    std::size_t level = range > 0 ? static_cast<std::size_t>(std::lround((v - low) / range * 7)) : 3;
    level = std::min<std::size_t>(level, 7);
    out += glyphs == Glyphs::unicode ? k_blocks[level] : k_ascii[level];
  }
  return out;
}

std::string sparkline(const std::vector<stats::ChartLine::Point>& points, std::size_t width, Glyphs glyphs) {
  if (points.empty() || width == 0)
    return {};
  std::vector<double> values;
  std::size_t n = points.size();
  std::size_t cells = std::min(n, width);
  for (std::size_t c = 0; c < cells; ++c) {
    std::size_t begin = c * n / cells, end = (c + 1) * n / cells;
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t i = begin; i < end; ++i) {
      sum += points[i].sum;
      count += points[i].count;
    }
    values.push_back(count ? sum / static_cast<double>(count) : 0);
  }
  return sparkline(values, glyphs);
}

bool locale_is_utf8() {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0')
      continue;
    std::string text(value);
    for (auto& c : text)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text.find("utf-8") != std::string::npos || text.find("utf8") != std::string::npos;
  }
  return false; // the C locale
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
        out += ' '; // not allowed in XML 1.0
      else
        out += c;
    }
  }
  return out;
}

} // namespace pm::report
