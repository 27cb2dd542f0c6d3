// The metric record: its fields, names and serialisation by hand (parsing: parser.cpp).
#include "libpm/record/record.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace pm::record {

std::string_view tag_value(const Tags& tags, std::string_view key) {
  for (const auto& [k, v] : tags)
    if (k == key)
      return v;
  return {};
}

std::string_view Record::tag(std::string_view key) const { return tag_value(tags, key); }

bool Record::has_tag(std::string_view key) const {
  return std::any_of(tags.begin(), tags.end(), [&](const auto& t) { return t.first == key; });
}

void Record::set_tag(std::string key, std::string text) {
  series_id = 0;
  auto it = std::lower_bound(tags.begin(), tags.end(), key, [](const auto& t, const std::string& k) { return t.first < k; });
  if (it != tags.end() && it->first == key)
    it->second = std::move(text);
  else
    tags.emplace(it, std::move(key), std::move(text));
}

Record sample(time::TimePoint ts, std::string name, double value, std::string unit) {
  Record record;
  record.ts = ts;
  record.has_ts = true;
  record.name = std::move(name);
  record.value = value;
  record.has_value = true;
  record.unit = std::move(unit);
  return record;
}

std::uint64_t series_hash(const Record& record) {
  std::uint64_t h = util::hash_bytes(record.name);
  for (const auto& [key, value] : record.tags)
    h = util::hash_bytes(value, util::hash_bytes(key, h));
  return h;
}

std::string series_key(std::string_view name, const Tags& tags) {
  std::string key(name);
  if (tags.empty())
    return key;
  key += '{';
  bool first = true;
  for (const auto& [k, v] : tags) {
    if (!first)
      key += ',';
    first = false;
    key += k;
    key += '=';
    util::append_json_string(key, v);
  }
  key += '}';
  return key;
}

bool stamp_if_missing(Record& record, time::TimePoint now) {
  if (record.has_ts)
    return false;
  record.ts = now;
  record.has_ts = true;
  return true;
}

std::string Record::series_key() const { return record::series_key(name, tags); }

void Record::add_raw_field(std::string_view key, std::string_view raw_json) {
  if (!extra.empty())
    extra += ',';
  util::append_json_string(extra, key);
  extra += ':';
  extra += raw_json;
}

void Record::add_field(std::string_view key, double number) {
  std::string text;
  if (std::isfinite(number))
    util::append_number(text, number);
  else
    text = "null";
  add_raw_field(key, text);
}

void Record::add_field(std::string_view key, std::string_view text) {
  std::string quoted;
  util::append_json_string(quoted, text);
  add_raw_field(key, quoted);
}

nlohmann::json Record::extra_fields() const {
  if (extra.empty())
    return nlohmann::json::object();
  return nlohmann::json::parse("{" + extra + "}", nullptr, false);
}

namespace {

// A table instead of branches: the name check runs once per record on the hot path.
constexpr auto k_name_char = [] {
  std::array<unsigned char, 256> table{}; // 1: may start a name, 2: may follow
  for (int c = 'A'; c <= 'Z'; ++c)
    table[static_cast<std::size_t>(c)] = table[static_cast<std::size_t>(c + 32)] = 3;
  table['_'] = 3;
  for (int c = '0'; c <= '9'; ++c)
    table[static_cast<std::size_t>(c)] = 2;
  table['.'] = table[':'] = table['-'] = 2;
  return table;
}();

} // namespace

bool is_name_char(char c, bool start) { return k_name_char[static_cast<unsigned char>(c)] & (start ? 1 : 2); }

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > k_max_name_bytes || !is_name_char(name[0], true))
    return false;
  for (char c : name)
    if (!is_name_char(c))
      return false;
  return true;
}

Expected<bool> validate_name(std::string_view name) {
  if (name.empty())
    return unexpected("\"name\" must not be empty");
  if (name.size() > k_max_name_bytes)
    return unexpected("\"name\" is longer than 255 bytes");
  if (!is_name_char(name[0], true))
    return unexpected("\"name\" " + util::quote(name) + " must start with a letter or '_'");
  for (char c : name)
    if (!is_name_char(c))
      return unexpected("\"name\" " + util::quote(name) + " may hold only letters, digits and _ . : -");
  return true;
}

void append_json(std::string& out, const Record& record) {
  out += '{';
  bool first = true;
  auto member = [&](std::string_view key) {
    if (!first)
      out += ',';
    first = false;
    out += '"';
    out += key;
    out += "\":";
  };
  if (record.has_ts) {
    member("ts");
    out += '"';
    time::append_timestamp(out, record.ts);
    out += '"';
  }
  if (!record.kind.empty()) {
    member("kind");
    util::append_json_string(out, record.kind);
  }
  member("name");
  util::append_json_string(out, record.name);
  if (record.has_value) {
    member("value");
    if (std::isfinite(record.value))
      util::append_number(out, record.value);
    else
      out += "null";
  }
  if (!record.unit.empty()) {
    member("unit");
    util::append_json_string(out, record.unit);
  }
  if (!record.tags.empty()) {
    member("tags");
    out += '{';
    bool first_tag = true;
    for (const auto& [k, v] : record.tags) {
      if (!first_tag)
        out += ',';
      first_tag = false;
      util::append_json_string(out, k);
      out += ':';
      util::append_json_string(out, v);
    }
    out += '}';
  }
  if (!record.extra.empty()) {
    out += ',';
    out += record.extra;
  }
  out += '}';
}

std::string to_json(const Record& record) {
  std::string out;
  append_json(out, record);
  return out;
}

std::string_view to_string(Severity severity) {
  switch (severity) {
  case Severity::info: return "info";
  case Severity::warning: return "warning";
  case Severity::error: return "error";
  case Severity::critical: return "critical";
  }
  return "info";
}

Expected<Severity> parse_severity(std::string_view text) {
  if (text == "info")
    return Severity::info;
  if (text == "warning" || text == "warn")
    return Severity::warning;
  if (text == "error")
    return Severity::error;
  if (text == "critical" || text == "crit")
    return Severity::critical;
  return unexpected("unknown severity " + util::quote(text) + " (use info, warning, error or critical)");
}

} // namespace pm::record
