// Parser of the InfluxDB line protocol.
#include "libpm/format/influx.hpp"

#include "libpm/util/strings.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace pm::format {

namespace {

using ByteSet = std::array<bool, 256>;

constexpr ByteSet byte_set(std::string_view bytes) {
  ByteSet set{};
  for (char c : bytes)
    set[static_cast<unsigned char>(c)] = true;
  return set;
}

// Where a measurement ends, where a tag key, tag value or field key ends; and the bytes a
// backslash escapes in each (InfluxDB keeps a backslash before any other byte).
constexpr ByteSet k_measurement_stops = byte_set(", ");
constexpr ByteSet k_key_stops = byte_set(",= ");
constexpr ByteSet k_escapable = byte_set(",= \\");
constexpr ByteSet k_run_ends_measurement = byte_set(", \\");
constexpr ByteSet k_run_ends_key = byte_set(",= \\");

// Reads an escaped token up to an unescaped byte of `stops` (lookup tables: this is the
// hot loop of the parser).
void take_escaped(std::string_view& s, const ByteSet& stops, const ByteSet& run_ends, std::string& out) {
  out.clear();
  std::size_t i = 0;
  const std::size_t n = s.size();
  const char* data = s.data();
  while (i < n) {
    // Copy the run of ordinary bytes at once.
    std::size_t j = i;
    while (j < n && !run_ends[static_cast<unsigned char>(data[j])])
      ++j;
    out.append(data + i, j - i);
    i = j;
    if (i == n || stops[static_cast<unsigned char>(data[i])])
      break;
    // A backslash.
    if (i + 1 < n && k_escapable[static_cast<unsigned char>(data[i + 1])]) {
      out += data[i + 1];
      i += 2;
    } else {
      out += '\\';
      ++i;
    }
  }
  s.remove_prefix(i);
}

bool is_true(std::string_view v) { return v == "t" || v == "T" || v == "true" || v == "True" || v == "TRUE"; }
bool is_false(std::string_view v) { return v == "f" || v == "F" || v == "false" || v == "False" || v == "FALSE"; }

template <class T>
bool parse_whole(std::string_view text, T& value) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && ptr == text.data() + text.size();
}

} // namespace

Expected<std::int64_t> parse_influx_precision(std::string_view text) {
  if (text == "ns" || text == "n")
    return std::int64_t{1};
  if (text == "us" || text == "u")
    return std::int64_t{1000};
  if (text == "ms")
    return std::int64_t{1000000};
  if (text == "s")
    return std::int64_t{1000000000};
  return unexpected("unknown influx precision " + util::quote(text) + ": expected ns, us, ms or s");
}

bool InfluxParser::parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) {
  std::string_view s = line;
  while (!s.empty() && detail::is_blank(s.front()))
    s.remove_prefix(1);
  if (!s.empty() && s.back() == '\r')
    s.remove_suffix(1);
  if (s.empty() || s.front() == '#')
    return true;

  take_escaped(s, k_measurement_stops, k_run_ends_measurement, m_measurement);
  if (m_measurement.empty()) {
    error = "line protocol: missing measurement name";
    return false;
  }
  m_tags.clear();
  while (!s.empty() && s.front() == ',') {
    s.remove_prefix(1);
    auto& tag = m_tags.add();
    take_escaped(s, k_key_stops, k_run_ends_key, tag.first);
    if (s.empty() || s.front() != '=' || tag.first.empty()) {
      error = "line protocol: tag " + util::quote(tag.first) + " of " + util::quote(m_measurement) + " needs key=value";
      return false;
    }
    s.remove_prefix(1);
    take_escaped(s, k_measurement_stops, k_run_ends_measurement, tag.second);
    if (tag.second.empty()) {
      error = "line protocol: tag " + util::quote(tag.first) + " of " + util::quote(m_measurement) + " has no value";
      return false;
    }
  }
  if (s.empty() || s.front() != ' ') {
    error = "line protocol: " + util::quote(m_measurement) + " has no fields (expected a blank, then field=value)";
    return false;
  }
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  if (!m_tags.store(m_sorted_tags, error)) {
    error = "line protocol: " + error;
    return false;
  }
  m_unit.clear();
  for (auto it = m_sorted_tags.begin(); it != m_sorted_tags.end(); ++it)
    if (it->first == "unit") { // pm's own export carries the unit as this tag
      m_unit = it->second;
      m_sorted_tags.erase(it);
      break;
    }

  std::size_t pending = 0;
  bool first = true;
  while (first || (!s.empty() && s.front() == ',')) {
    if (!first)
      s.remove_prefix(1);
    first = false;
    take_escaped(s, k_key_stops, k_run_ends_key, m_key);
    if (m_key.empty() || s.empty() || s.front() != '=') {
      error = "line protocol: field " + util::quote(m_key) + " of " + util::quote(m_measurement) + " needs key=value";
      return false;
    }
    s.remove_prefix(1);
    if (!s.empty() && s.front() == '"') { // a string field: skip it, honouring \" and \\ inside
      std::size_t i = 1;
      while (i < s.size() && s[i] != '"')
        i += s[i] == '\\' ? 2 : 1;
      if (i >= s.size()) {
        error = "line protocol: string field " + util::quote(m_key) + " has no closing quote";
        return false;
      }
      s.remove_prefix(i + 1);
      ++m_notes.string_fields;
      continue;
    }
    std::size_t end = 0;
    while (end < s.size() && s[end] != ',' && s[end] != ' ')
      ++end;
    std::string_view text = s.substr(0, end);
    s.remove_prefix(end);
    double value = 0;
    bool ok = false;
    if (!text.empty() && text.back() == 'i') {
      long long integer = 0;
      ok = parse_whole(text.substr(0, text.size() - 1), integer);
      value = static_cast<double>(integer);
    } else if (!text.empty() && text.back() == 'u') {
      unsigned long long integer = 0;
      ok = parse_whole(text.substr(0, text.size() - 1), integer);
      value = static_cast<double>(integer);
    } else if (is_true(text)) {
      ok = true;
      value = 1;
    } else if (is_false(text)) {
      ok = true;
      value = 0;
    } else {
      std::string_view body = text;
      bool negative = !body.empty() && body.front() == '-';
      if (!body.empty() && (body.front() == '+' || body.front() == '-'))
        body.remove_prefix(1);
      ok = !body.empty() && (detail::is_digit(body.front()) || body.front() == '.') && parse_whole(body, value);
      if (negative)
        value = -value;
      ok = ok && std::isfinite(value);
    }
    if (!ok) {
      error = "line protocol: field " + util::quote(m_key) + " of " + util::quote(m_measurement) +
              " must be a float, integer (3i), unsigned (3u), boolean or string, got " + util::quote(text);
      return false;
    }
    if (pending == m_pending.size())
      m_pending.emplace_back();
    record::Record& out = m_pending[pending++];
    detail::reset(out);
    out.name.assign(m_measurement);
    if (m_key != "value") {
      out.name += '.';
      out.name += m_key;
    }
    if (auto valid = record::validate_name(out.name); !valid) {
      error = "line protocol: " + valid.error();
      return false;
    }
    out.value = value;
  }

  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  bool has_ts = false;
  time::TimePoint ts{};
  if (!s.empty()) {
    std::string_view text = s;
    while (!text.empty() && detail::is_blank(text.back()))
      text.remove_suffix(1);
    long long stamp = 0;
    if (!parse_whole(text, stamp)) {
      error = "line protocol: timestamp must be an integer, got " + util::quote(text);
      return false;
    }
    const long long ns_per_ms = 1000000;
    const long long factor = m_ns_per_unit >= ns_per_ms ? m_ns_per_unit / ns_per_ms : 1;
    if (stamp < 0 || (factor > 1 && stamp > 253402300800000LL / factor)) { // before 1970 or overflowing
      error = "line protocol: timestamp " + std::string(text) + " is out of range (years 1970..9999)";
      return false;
    }
    long long ms = m_ns_per_unit >= ns_per_ms ? stamp * factor : stamp / (ns_per_ms / m_ns_per_unit);
    auto time = detail::from_epoch_milliseconds(ms);
    if (!time) {
      error = "line protocol: " + time.error();
      return false;
    }
    has_ts = true;
    ts = *time;
  }
  for (std::size_t i = 0; i < pending; ++i) {
    record::Record& out = m_pending[i];
    out.has_ts = has_ts;
    out.ts = ts;
    out.unit.assign(m_unit);
    detail::assign_tags(out.tags, m_sorted_tags);
    on_record(out);
  }
  return true;
}

} // namespace pm::format
