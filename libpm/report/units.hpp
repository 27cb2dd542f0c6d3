// Humanised numbers for people: units scaled (ms, MiB, %), sparklines, escaping for markup.
#pragma once

#include "libpm/stats/chart.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pm::report {

/// `value` in `unit`, scaled and rounded for reading: seconds as ns/µs/ms/s, bytes (and
/// bytes/s) in KiB/MiB/GiB, percent with one decimal, other units as 4 significant digits
/// followed by the unit ("12.5 ops/s"). Not for machine output.
std::string humanize(double value, std::string_view unit);

/// A plain number with up to 4 significant digits ("0.1235", "1235"), from 10,000 on with
/// three and a suffix ("14.1k", "1.24M").
std::string short_number(double value);

/// The characters a sparkline is drawn with: the Unicode blocks ▁▂▃▄▅▆▇█, or eight ASCII
/// characters `_.-:=+*#` for a terminal whose locale is not UTF-8.
enum class Glyphs { unicode, ascii };

/// The chart as block characters ▁▂▃▄▅▆▇█, one per point, at most `width` (averaged down).
std::string sparkline(const std::vector<stats::ChartLine::Point>& points, std::size_t width = 24,
                      Glyphs glyphs = Glyphs::unicode);

/// One character per value, scaled from the lowest (▁ or `_`) to the highest (█ or `#`);
/// all values equal draw at mid height. Empty for no values.
std::string sparkline(const std::vector<double>& values, Glyphs glyphs = Glyphs::unicode);

/// True when the locale the environment names (LC_ALL, else LC_CTYPE, else LANG) is UTF-8.
bool locale_is_utf8();

/// `text` escaped for XML and HTML text and attribute values.
std::string xml_escape(std::string_view text);

} // namespace pm::report
