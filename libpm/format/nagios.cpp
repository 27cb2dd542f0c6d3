// Parser of Monitoring Plugins output: the status line, long output and performance data.
#include "libpm/format/nagios.hpp"

#include "libpm/format/text.hpp"
#include "libpm/record/units.hpp"
#include "libpm/util/strings.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace pm::format {

namespace {

using detail::is_alpha;
using detail::is_blank;
using detail::is_digit;

constexpr std::array<std::string_view, 4> k_states{"OK", "WARNING", "CRITICAL", "UNKNOWN"};

// The state a status word names (`OK`, `CRITICAL:`, `WARNING-`): its exit code 0..3, or -1.
int state_of(std::string_view word) {
  while (!word.empty() && (word.back() == ':' || word.back() == '-'))
    word.remove_suffix(1);
  for (std::size_t i = 0; i < k_states.size(); ++i)
    if (word == k_states[i])
      return static_cast<int>(i);
  return -1;
}

bool is_name_part_char(char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == ':' || c == '-'; }

// What the first two words of a status line say.
struct StatusWords {
  int state = -1;      ///< 0..3, -1 when no state word stands first or second
  std::string service; ///< `SERVICE STATE ...` → "service"; "" without one
  bool separated = false; ///< the state word ends the text or is followed by `:` or ` - `
};

// The service word as a name part: lower case, letters, digits, `_` and `-`; "" when it
// does not start with a letter.
std::string service_name(std::string_view word) {
  std::string service;
  for (char c : word) {
    if (is_alpha(c))
      service += static_cast<char>(c | 0x20);
    else if (is_digit(c) || c == '_' || c == '-')
      service += c;
  }
  if (service.empty() || !is_alpha(service.front()))
    return {};
  return service;
}

// `rest` (what follows a state word) begins the plugin's text as the guidelines write it.
bool is_separated(std::string_view word, std::string_view rest) {
  return word.back() == ':' || word.back() == '-' || rest.empty() || rest.starts_with("- ") || rest == "-";
}

StatusWords read_status(std::string_view status) {
  status = detail::strip(status);
  auto space = status.find_first_of(" \t");
  std::string_view first = status.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? std::string_view{} : detail::strip(status.substr(space));
  StatusWords words;
  if (first.empty())
    return words;
  if (int state = state_of(first); state >= 0) {
    words.state = state;
    words.separated = is_separated(first, rest);
    return words;
  }
  auto next = rest.find_first_of(" \t");
  std::string_view second = rest.substr(0, next);
  if (second.empty())
    return words;
  if (int state = state_of(second); state >= 0) {
    words.state = state;
    words.service = service_name(first);
    words.separated = is_separated(second, next == std::string_view::npos ? std::string_view{}
                                                                          : detail::strip(rest.substr(next)));
  }
  return words;
}

// A number at the start of `text`; advances past it.
bool take_number(std::string_view& text, double& value) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+')
    ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || !std::isfinite(value))
    return false;
  text.remove_prefix(static_cast<std::size_t>(ptr - text.data()));
  return true;
}

// A threshold range `[@][start:][end]` with its numbers multiplied by `factor`.
bool scale_range(std::string_view range, double factor, std::string& out) {
  out.clear();
  if (factor == 1) {
    out.assign(range);
    return true;
  }
  std::string_view rest = range;
  if (!rest.empty() && rest.front() == '@') {
    out += '@';
    rest.remove_prefix(1);
  }
  auto colon = rest.find(':');
  auto append_endpoint = [&](std::string_view part) {
    if (part.empty() || part == "~") {
      out.append(part);
      return true;
    }
    double value = 0;
    if (!take_number(part, value) || !part.empty())
      return false;
    util::append_number(out, value * factor);
    return true;
  };
  if (colon != std::string_view::npos) {
    if (!append_endpoint(rest.substr(0, colon)))
      return false;
    out += ':';
    rest.remove_prefix(colon + 1);
  }
  return append_endpoint(rest);
}

} // namespace

UnitScale scale_for_uom(std::string_view uom) {
  if (uom.empty())
    return {};
  if (uom == "c")
    return {"count", 1, true};
  if (uom == "%")
    return {"percent", 1, false};
  if (auto base = record::base_unit(uom))
    return {base->unit, base->factor, false};
  return {uom, 1, false};
}

bool NagiosParser::parse_item(std::string_view& text, record::Record& out, std::string& error) {
  // The label: quoted ('' is a quote inside) or up to '='.
  std::string label;
  if (text.front() == '\'') {
    std::size_t i = 1;
    while (true) {
      auto quote = text.find('\'', i);
      if (quote == std::string_view::npos) {
        error = "perfdata label " + util::quote(text) + " has no closing quote";
        return false;
      }
      label.append(text.substr(i, quote - i));
      if (quote + 1 < text.size() && text[quote + 1] == '\'') {
        label += '\'';
        i = quote + 2;
        continue;
      }
      text.remove_prefix(quote + 1);
      break;
    }
  } else {
    auto eq = text.find('=');
    auto blank = text.find_first_of(" \t");
    if (eq == std::string_view::npos || eq > blank) {
      error = "perfdata item " + util::quote(text.substr(0, blank)) + " needs label=value";
      return false;
    }
    label.assign(text.substr(0, eq));
    text.remove_prefix(eq);
  }
  if (text.empty() || text.front() != '=') {
    error = "perfdata label " + util::quote(label) + " must be followed by =value";
    return false;
  }
  text.remove_prefix(1);
  if (label.empty()) {
    error = "perfdata item with an empty label";
    return false;
  }
  std::size_t end = 0;
  while (end < text.size() && !is_blank(text[end]))
    ++end;
  std::string_view item = text.substr(0, end);
  text.remove_prefix(end);

  std::array<std::string_view, 5> parts{}; // value+uom, warn, crit, min, max
  std::size_t count = 0;
  for (auto part : util::split(item, ';')) {
    if (count == parts.size()) {
      error = "perfdata " + util::quote(label) + " has more than value;warn;crit;min;max";
      return false;
    }
    parts[count++] = part;
  }
  std::string_view value_text = parts[0];
  if (value_text == "U") {
    ++m_notes.undetermined_values;
    out.name.clear(); // tells the caller: no record
    return true;
  }
  double value = 0;
  std::string_view uom = value_text;
  if (!take_number(uom, value)) {
    error = "perfdata " + util::quote(label) + ": value must be a number, got " + util::quote(value_text);
    return false;
  }
  UnitScale scale = scale_for_uom(uom);
  detail::reset(out);
  out.value = value * scale.factor;
  out.unit.assign(scale.unit);
  bool valid_part = true;
  for (char c : label)
    valid_part = valid_part && is_name_part_char(c);
  out.name = m_prefix;
  out.tags.clear();
  if (valid_part) {
    out.name += '.';
    out.name += label;
  } else {
    out.tags.emplace_back("label", label);
  }
  if (!m_service.empty())
    out.tags.emplace_back("service", m_service); // after "label": the tags stay sorted
  if (auto valid = record::validate_name(out.name); !valid) {
    error = valid.error();
    return false;
  }
  static constexpr std::array<std::string_view, 4> k_fields{"warn", "crit", "min", "max"};
  std::string scaled;
  for (std::size_t i = 1; i < count; ++i) {
    std::string_view part = parts[i];
    if (part.empty())
      continue;
    if (i <= 2) {
      if (!scale_range(part, scale.factor, scaled)) {
        error = "perfdata " + util::quote(label) + ": " + std::string(k_fields[i - 1]) + " " + util::quote(part) +
                " is not a threshold range";
        return false;
      }
      out.add_field(k_fields[i - 1], scaled);
    } else {
      double number = 0;
      std::string_view rest = part;
      // min/max carry the UOM of the value at times (`0MB`); it must then be the same one.
      if (!take_number(rest, number) || (!rest.empty() && rest != uom)) {
        error = "perfdata " + util::quote(label) + ": " + std::string(k_fields[i - 1]) + " must be a number, got " +
                util::quote(part);
        return false;
      }
      out.add_field(k_fields[i - 1], number * scale.factor);
    }
  }
  if (scale.counter)
    out.add_raw_field("type", "\"counter\"");
  return true;
}

bool NagiosParser::parse_perfdata(std::string_view text, const RecordCallback& on_record, std::string& error,
                                  bool with_state) {
  m_pending_size = 0;
  while (true) {
    while (!text.empty() && (is_blank(text.front()) || text.front() == '\r'))
      text.remove_prefix(1);
    if (text.empty())
      break;
    if (m_pending_size == m_pending.size())
      m_pending.emplace_back();
    record::Record& out = m_pending[m_pending_size];
    if (!parse_item(text, out, error))
      return false;
    if (!out.name.empty())
      ++m_pending_size;
  }
  if (with_state)
    on_record(m_state_record);
  for (std::size_t i = 0; i < m_pending_size; ++i)
    on_record(m_pending[i]);
  return true;
}

bool NagiosParser::parse_status(std::string_view line, const RecordCallback& on_record, std::string& error) {
  auto bar = line.find('|');
  std::string_view text = detail::strip(line.substr(0, bar));
  StatusWords words = read_status(text);
  bool record_state = m_state == PluginState::record && words.state >= 0;
  if (m_state == PluginState::record && words.state < 0 && bar == std::string_view::npos) {
    error = "not Monitoring Plugins output: " + util::quote(text) +
            " has no state (\"SERVICE STATE - text\", STATE one of OK, WARNING, CRITICAL, UNKNOWN) and no "
            "performance data after \"|\"";
    return false;
  }
  m_seen_status = true;
  m_in_perfdata = false;
  m_prefix = m_fixed_prefix;
  if (m_prefix.empty())
    m_prefix = words.service;
  if (m_prefix.empty())
    m_prefix = "perfdata";
  m_service = m_state == PluginState::record ? words.service : std::string();
  if (record_state) {
    detail::reset(m_state_record);
    m_state_record.name.assign(k_state_name);
    m_state_record.value = words.state;
    m_state_record.tags.clear();
    if (!m_service.empty())
      m_state_record.tags.emplace_back("service", m_service);
    m_state_record.add_field("output", text);
  }
  std::string_view perfdata = bar == std::string_view::npos ? std::string_view{} : line.substr(bar + 1);
  return parse_perfdata(perfdata, on_record, error, record_state);
}

bool NagiosParser::parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) {
  if (!m_seen_status) {
    if (detail::strip(line).empty())
      return true;
    return parse_status(line, on_record, error);
  }
  if (m_state == PluginState::record) {
    // A later status line begins the next run's output only in the strict form
    // (`SERVICE STATE - `, `STATE: `), so long output such as "Disk OK on /var" stays long output.
    auto words = read_status(line.substr(0, line.find('|')));
    if (words.state >= 0 && words.separated)
      return parse_status(line, on_record, error);
  }
  if (m_in_perfdata)
    return parse_perfdata(line, on_record, error, false);
  auto bar = line.find('|');
  if (bar == std::string_view::npos)
    return true; // long output
  m_in_perfdata = true;
  return parse_perfdata(line.substr(bar + 1), on_record, error, false);
}

} // namespace pm::format
