// Guessing the input format from its first non-blank line.
#include "libpm/format/csv.hpp"
#include "libpm/format/format.hpp"
#include "libpm/format/text.hpp"

#include <array>

namespace pm::format {

namespace {

using detail::is_alpha;
using detail::is_blank;
using detail::is_digit;

constexpr std::array<std::string_view, 4> k_states{"OK", "WARNING", "CRITICAL", "UNKNOWN"};

bool starts_with_state(std::string_view word) {
  for (auto state : k_states)
    if (word.starts_with(state)) {
      std::string_view rest = word.substr(state.size());
      return rest.empty() || rest == ":" || rest == "-";
    }
  return false;
}

// `SERVICE STATE - ...`, `STATE: ...`, `STATE - ...` (the Monitoring Plugins status line).
bool looks_like_status(std::string_view line) {
  std::size_t words = 0;
  while (!line.empty() && words < 3) {
    while (!line.empty() && is_blank(line.front()))
      line.remove_prefix(1);
    auto end = line.find_first_of(" \t");
    std::string_view word = line.substr(0, end);
    if (starts_with_state(word))
      return true;
    line.remove_prefix(word.size());
    ++words;
  }
  return false;
}

// ` label=value...` after a `|`: what performance data starts with.
bool looks_like_perfdata(std::string_view text) {
  text = detail::strip(text);
  if (text.empty())
    return false;
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return false;
  if (text.front() != '\'' && text.substr(0, eq).find_first_of(" \t") != std::string_view::npos)
    return false;
  char c = eq + 1 < text.size() ? text[eq + 1] : '\0';
  return is_digit(c) || c == '-' || c == '.' || c == 'U';
}

bool is_prom_name_start(char c) { return is_alpha(c) || c == '_' || c == ':'; }
bool is_prom_name_char(char c) { return is_prom_name_start(c) || is_digit(c); }

// `name{...} value [ts]` or `name value [ts]`.
bool looks_like_prometheus_sample(std::string_view line) {
  std::size_t i = 0;
  if (line.empty() || !is_prom_name_start(line[0]))
    return false;
  while (i < line.size() && is_prom_name_char(line[i]))
    ++i;
  std::string_view rest = line.substr(i);
  if (!rest.empty() && rest.front() == '{') {
    auto close = rest.rfind('}');
    if (close == std::string_view::npos)
      return false;
    rest.remove_prefix(close + 1);
  }
  if (rest.empty() || !is_blank(rest.front()))
    return false;
  rest = detail::strip(rest);
  std::string_view value = rest.substr(0, rest.find_first_of(" \t"));
  double number = 0;
  return detail::parse_float(value, number);
}

// `measurement[,tag=v] field=v[,...] [ts]`.
bool looks_like_influx(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] != ' ') // the measurement and tags (escaped blanks allowed)
    i += line[i] == '\\' ? 2 : 1;
  if (i >= line.size() || i == 0)
    return false;
  std::string_view fields = line.substr(i + 1);
  auto eq = fields.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return false;
  std::string_view key = fields.substr(0, eq);
  return key.find(' ') == std::string_view::npos;
}

bool looks_like_csv_header(std::string_view line) {
  std::vector<std::string> fields;
  std::string error;
  if (!split_csv(line, fields, error))
    return false;
  bool name = false;
  bool value = false;
  for (const auto& field : fields) {
    std::string_view f = detail::strip(field);
    name = name || f == "name";
    value = value || f == "value";
  }
  return name && value && fields.size() >= 2;
}

} // namespace

std::optional<Format> detect_format(std::string_view line) {
  line = detail::strip(detail::without_bom(line));
  if (line.empty())
    return std::nullopt;
  if (line.front() == '{') {
    // sadf -j opens with `{"sysstat": {`; a record's members are its own (ts, name, ...).
    std::string_view rest = detail::strip(line.substr(1));
    if (rest.starts_with("\"sysstat\"") && detail::strip(rest.substr(9)).starts_with(":"))
      return Format::sadf;
    return Format::ndjson;
  }
  if (line.front() == '#') {
    std::string_view rest = detail::strip(line.substr(1));
    if (rest.starts_with("UNIT ") || rest == "EOF")
      return Format::openmetrics;
    if (rest.starts_with("HELP ") || rest.starts_with("TYPE "))
      return Format::prometheus;
    return std::nullopt; // a comment says nothing; the caller may look at the next line
  }
  auto bar = line.find('|');
  if (bar != std::string_view::npos &&
      (looks_like_perfdata(line.substr(bar + 1)) || looks_like_status(line.substr(0, bar))))
    return Format::nagios;
  if (bar == std::string_view::npos && looks_like_status(line))
    return Format::nagios;
  if (looks_like_csv_header(line))
    return Format::csv;
  if (looks_like_prometheus_sample(line))
    return Format::prometheus;
  if (looks_like_influx(line))
    return Format::influx;
  return std::nullopt;
}

} // namespace pm::format
