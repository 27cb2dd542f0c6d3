// Parser of the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text.
#include "libpm/format/prometheus.hpp"

#include "libpm/util/strings.hpp"

#include <array>
#include <cmath>

namespace pm::format {

namespace {

using detail::is_alpha;
using detail::is_blank;
using detail::is_digit;

// Byte classes as lookup tables: names and labels are most of what the parser scans.
enum : unsigned char { k_name_start = 1, k_name_char = 2, k_label_start = 4, k_label_char = 8 };
constexpr auto k_classes = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c) {
    char ch = static_cast<char>(c);
    bool alpha = is_alpha(ch);
    bool digit = is_digit(ch);
    unsigned char bits = 0;
    if (alpha || ch == '_' || ch == ':')
      bits |= k_name_start | k_name_char;
    if (digit)
      bits |= k_name_char;
    if (alpha || ch == '_')
      bits |= k_label_start | k_label_char;
    if (digit)
      bits |= k_label_char;
    table[static_cast<std::size_t>(c)] = bits;
  }
  return table;
}();

bool has_class(char c, unsigned char bits) { return (k_classes[static_cast<unsigned char>(c)] & bits) != 0; }
bool is_name_start(char c) { return has_class(c, k_name_start); }
bool is_name_char(char c) { return has_class(c, k_name_char); }
bool is_label_start(char c) { return has_class(c, k_label_start); }
bool is_label_char(char c) { return has_class(c, k_label_char); }

void skip_blanks(std::string_view& s) {
  while (!s.empty() && is_blank(s.front()))
    s.remove_prefix(1);
}

std::string_view take_token(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && !is_blank(s[n]))
    ++n;
  auto token = s.substr(0, n);
  s.remove_prefix(n);
  return token;
}

std::string_view take_name(std::string_view& s) {
  std::size_t n = 0;
  if (!s.empty() && is_name_start(s[0]))
    for (n = 1; n < s.size() && is_name_char(s[n]);)
      ++n;
  auto name = s.substr(0, n);
  s.remove_prefix(n);
  return name;
}

// Sample-name suffixes that belong to a family declared under the shorter name.
constexpr std::array<std::string_view, 8> k_family_suffixes{"_bucket", "_count", "_sum",  "_total",
                                                            "_created", "_gcount", "_gsum", "_info"};

constexpr std::array<std::string_view, 9> k_types{"counter", "gauge",   "histogram", "gaugehistogram", "summary",
                                                  "untyped", "unknown", "info",      "stateset"};

} // namespace

const PrometheusParser::Family* PrometheusParser::family_of(std::string_view name) {
  if (m_cached_family && name == m_cached_name)
    return m_cached_family;
  const Family* found = nullptr;
  if (auto it = m_families.find(name); it != m_families.end())
    found = &it->second;
  else
    for (auto suffix : k_family_suffixes)
      if (name.size() > suffix.size() && name.ends_with(suffix))
        if (auto jt = m_families.find(name.substr(0, name.size() - suffix.size())); jt != m_families.end()) {
          found = &jt->second;
          break;
        }
  m_cached_name.assign(name);
  m_cached_family = found;
  return found;
}

bool PrometheusParser::parse_comment(std::string_view line, std::string& error) {
  std::string_view rest = line.substr(1);
  skip_blanks(rest);
  std::string_view keyword = take_token(rest);
  if (keyword == "EOF" && rest.find_first_not_of(" \t") == std::string_view::npos &&
      m_flavour != PrometheusFlavour::text) {
    m_eof = true;
    return true;
  }
  if (keyword != "HELP" && keyword != "TYPE" && keyword != "UNIT")
    return true; // a free comment (the text format allows them)
  if (keyword == "UNIT" && m_flavour == PrometheusFlavour::text)
    return true;
  skip_blanks(rest);
  std::string_view name = take_name(rest);
  if (name.empty() || (!rest.empty() && !is_blank(rest.front()))) {
    error = "\"# " + std::string(keyword) + "\" needs a metric name, got " + util::quote(line);
    return false;
  }
  skip_blanks(rest);
  if (keyword == "HELP")
    return true;
  std::string_view word = detail::strip(rest);
  m_cached_family = nullptr; // the map may gain an entry the cache does not know
  Family& family = m_families[std::string(name)];
  if (keyword == "TYPE") {
    bool known = false;
    for (auto type : k_types)
      known = known || word == type;
    if (!known) {
      error = "unknown metric type " + util::quote(word) + " for " + util::quote(name) +
              ": expected counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown or untyped";
      return false;
    }
    family.type.assign(word);
    family.extra.assign("\"type\":");
    util::append_json_string(family.extra, family.type);
  } else {
    family.unit.assign(word);
  }
  return true;
}

bool PrometheusParser::parse_labels(std::string_view& rest, std::string& error) {
  rest.remove_prefix(1); // '{'
  while (true) {
    skip_blanks(rest);
    if (rest.empty()) {
      error = "unterminated label set: missing \"}\"";
      return false;
    }
    if (rest.front() == '}') {
      rest.remove_prefix(1);
      return true;
    }
    std::size_t n = 0;
    if (is_label_start(rest[0]))
      for (n = 1; n < rest.size() && is_label_char(rest[n]);)
        ++n;
    if (n == 0) {
      error = "invalid label name at " + util::quote(rest);
      return false;
    }
    auto& tag = m_tags.add();
    tag.first.assign(rest.substr(0, n));
    rest.remove_prefix(n);
    skip_blanks(rest);
    if (rest.empty() || rest.front() != '=') {
      error = "label " + util::quote(tag.first) + " needs =\"value\"";
      return false;
    }
    rest.remove_prefix(1);
    skip_blanks(rest);
    if (rest.empty() || rest.front() != '"') {
      error = "the value of label " + util::quote(tag.first) + " must be in double quotes";
      return false;
    }
    rest.remove_prefix(1);
    std::string& value = tag.second;
    while (true) {
      std::size_t stop = 0;
      while (stop < rest.size() && rest[stop] != '"' && rest[stop] != '\\')
        ++stop;
      if (stop == rest.size()) {
        error = "the value of label " + util::quote(tag.first) + " has no closing quote";
        return false;
      }
      value.append(rest.data(), stop);
      char c = rest[stop];
      rest.remove_prefix(stop + 1);
      if (c == '"')
        break;
      if (rest.empty()) {
        error = "the value of label " + util::quote(tag.first) + " ends in a lone backslash";
        return false;
      }
      char escaped = rest.front();
      rest.remove_prefix(1);
      if (escaped == 'n')
        value += '\n';
      else if (escaped == '\\' || escaped == '"')
        value += escaped;
      else { // not an escape the format defines: keep it as written
        value += '\\';
        value += escaped;
      }
    }
    skip_blanks(rest);
    if (!rest.empty() && rest.front() == ',')
      rest.remove_prefix(1);
    else if (rest.empty() || rest.front() != '}') {
      error = "expected \",\" or \"}\" after the value of label " + util::quote(tag.first);
      return false;
    }
  }
}

bool PrometheusParser::parse_time(std::string_view token, std::string& error) {
  auto integer = util::parse_integer(token);
  bool seconds = m_flavour == PrometheusFlavour::openmetrics ||
                 (m_flavour == PrometheusFlavour::guess && (!integer || *integer < 100'000'000'000LL));
  if (!seconds) {
    if (!integer) {
      error = "timestamp " + util::quote(token) +
              " must be integer milliseconds in the text format (OpenMetrics seconds: use --format openmetrics)";
      return false;
    }
    auto time = detail::from_epoch_milliseconds(*integer);
    if (!time) {
      error = time.error();
      return false;
    }
    m_record.ts = *time;
  } else {
    double value = 0;
    if (!detail::parse_float(token, value) || !std::isfinite(value)) {
      error = "timestamp " + util::quote(token) + " must be a number of seconds";
      return false;
    }
    auto time = time::from_epoch_seconds(value);
    if (!time) {
      error = "timestamp " + util::quote(token) + ": " + time.error();
      return false;
    }
    m_record.ts = *time;
  }
  m_record.has_ts = true;
  return true;
}

bool PrometheusParser::parse_sample(std::string_view line, const RecordCallback& on_record, std::string& error) {
  std::string_view rest = line;
  std::string_view name = take_name(rest);
  if (name.empty()) {
    error = "expected a metric name, got " + util::quote(line);
    return false;
  }
  // The Prometheus name charset is within pm's; only a leading ':' and the length differ.
  if (name.front() == ':' || name.size() > 255) {
    if (auto valid = record::validate_name(name); !valid) {
      error = valid.error();
      return false;
    }
  }
  detail::reset(m_record);
  m_tags.clear();
  std::string_view before_labels = rest;
  skip_blanks(rest);
  if (!rest.empty() && rest.front() == '{') {
    if (!parse_labels(rest, error))
      return false;
  } else {
    rest = before_labels;
  }
  if (!rest.empty() && !is_blank(rest.front())) {
    error = "expected a blank after the name and labels of " + util::quote(name) + ", got " + util::quote(rest);
    return false;
  }
  skip_blanks(rest);
  std::string_view value_text = take_token(rest);
  if (value_text.empty()) {
    error = "sample " + util::quote(name) + " has no value";
    return false;
  }
  double value = 0;
  if (!detail::parse_float(value_text, value)) {
    error = "the value of " + util::quote(name) + " must be a number, got " + util::quote(value_text);
    return false;
  }
  skip_blanks(rest);
  if (!rest.empty() && rest.front() != '#') {
    std::string_view time_text = take_token(rest);
    // A non-finite sample is dropped below whatever its time (the spec's own example has
    // +Inf at a time before 1970, which no record could hold).
    if (std::isfinite(value) && !parse_time(time_text, error))
      return false;
    skip_blanks(rest);
  }
  if (!rest.empty() && rest.front() != '#') { // '#' starts an OpenMetrics exemplar
    error = "unexpected text after the sample of " + util::quote(name) + ": " + util::quote(rest);
    return false;
  }
  if (!m_tags.store(m_record.tags, error))
    return false;
  if (!std::isfinite(value)) {
    ++m_notes.non_finite_values;
    return true;
  }
  m_record.name.assign(name);
  m_record.value = value;
  if (const Family* family = family_of(name)) {
    m_record.unit.assign(family->unit);
    m_record.extra.assign(family->extra);
  }
  on_record(m_record);
  return true;
}

bool PrometheusParser::parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) {
  std::string_view text = line;
  skip_blanks(text);
  if (!text.empty() && text.back() == '\r')
    text.remove_suffix(1);
  if (text.empty())
    return true;
  if (m_eof) {
    error = "text after \"# EOF\", which must end an OpenMetrics exposition";
    return false;
  }
  m_seen_content = true;
  if (text.front() == '#')
    return parse_comment(text, error);
  return parse_sample(text, on_record, error);
}

bool PrometheusParser::finish(const RecordCallback&, std::string& error) {
  if (m_flavour == PrometheusFlavour::openmetrics && m_seen_content && !m_eof) {
    error = "the OpenMetrics exposition does not end with \"# EOF\" (cut short?)";
    return false;
  }
  return true;
}

} // namespace pm::format
