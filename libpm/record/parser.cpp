// Parsing records: the canonical fast path first (canonical.cpp), else simdjson's ondemand
// parser with a precise message per bad field. Apart from record.cpp so that a tool that
// only writes records (pm-sample) does not link simdjson.
#include "libpm/record/record.hpp"

#include "libpm/util/json_check.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <simdjson.h>

namespace pm::record {

namespace od = simdjson::ondemand;

namespace {

std::string_view json_type_name(od::json_type type) {
  switch (type) {
  case od::json_type::array: return "an array";
  case od::json_type::object: return "an object";
  case od::json_type::number: return "a number";
  case od::json_type::string: return "a string";
  case od::json_type::boolean: return "a boolean";
  case od::json_type::null: return "null";
  }
  return "something else";
}

std::string describe(od::value& value) {
  od::json_type type;
  if (value.type().get(type))
    return "invalid JSON";
  if (type == od::json_type::string || type == od::json_type::number || type == od::json_type::boolean) {
    return std::string(util::trim(value.raw_json_token()).substr(0, 60));
  }
  return std::string(json_type_name(type));
}

std::string_view simdjson_reason(simdjson::error_code code) {
  switch (code) {
  case simdjson::TAPE_ERROR: return "not valid JSON";
  case simdjson::INCORRECT_TYPE: return "not valid JSON"; // a token that is no JSON value (-Infinity)
  case simdjson::UTF8_ERROR: return "not valid UTF-8";
  case simdjson::UNCLOSED_STRING: return "not valid JSON: unclosed string";
  case simdjson::STRING_ERROR: return "not valid JSON: bad string escape";
  case simdjson::NUMBER_ERROR: return "not valid JSON: bad number";
  case simdjson::T_ATOM_ERROR:
  case simdjson::F_ATOM_ERROR:
  case simdjson::N_ATOM_ERROR: return "not valid JSON: bad literal";
  case simdjson::EMPTY: return "empty line";
  case simdjson::CAPACITY: return "line too long";
  default: return "not valid JSON";
  }
}

// A number member read with std::from_chars, as parse_plain reads it: simdjson 3.0.1 (Debian
// 12) misreads some numbers of more than 19 significant digits (0.239999999999999999999 came
// out as 0.000192327041775829; found by tests/fuzz/record.cpp). What from_chars cannot
// take (out of range, not a number) is left to simdjson, which names the problem.
simdjson::error_code read_double(od::value& value, double& out, std::string& why) {
  std::string_view raw = util::trim(value.raw_json_token());
  if (!raw.empty() && raw.find_first_not_of("0123456789+-.eE") == std::string_view::npos &&
      util::is_strict_json(raw, why)) {
    double parsed;
    auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), parsed);
    if (ec == std::errc() && ptr == raw.data() + raw.size()) {
      out = parsed;
      return simdjson::SUCCESS;
    }
  }
  return value.get_double().get(out);
}

// The JSON text of a value of any type, as it was written.
simdjson::simdjson_result<std::string_view> raw_json_of(od::value& value) {
  od::json_type type;
  if (auto code = value.type().get(type))
    return code;
  if (type == od::json_type::object) {
    od::object object;
    if (auto code = value.get_object().get(object))
      return code;
    return object.raw_json();
  }
  if (type == od::json_type::array) {
    od::array array;
    if (auto code = value.get_array().get(array))
      return code;
    return array.raw_json();
  }
  return value.raw_json_token();
}

} // namespace

struct Parser::Impl {
  od::parser parser;
  std::string padded; // the line copied with simdjson's padding after it
  std::string why;     // what is_strict_json found wrong
  std::vector<std::string_view> extra_keys;
};

Parser::Parser() : m_impl(std::make_unique<Impl>()) {}
Parser::~Parser() = default;

Expected<Record> Parser::parse(std::string_view line) {
  Record record;
  std::string error;
  if (!parse(line, record, error))
    return unexpected(std::move(error));
  return record;
}

bool Parser::parse(std::string_view line, Record& out, std::string& error) {
  out.series_id = 0;
  if (parse_plain(line, out))
    return true;
  return parse_general(line, out, error);
}

bool Parser::parse_general(std::string_view line, Record& out, std::string& error) {
  out.series_id = 0;
  out.has_ts = false;
  out.has_value = false;
  out.name.clear();
  out.unit.clear();
  std::size_t tag_count = 0; // out.tags' strings are reused to spare allocations
  out.kind.clear();
  out.extra.clear();

  auto& padded = m_impl->padded;
  padded.resize(line.size() + simdjson::SIMDJSON_PADDING);
  if (!line.empty()) // an empty view may have no data at all
    std::memcpy(padded.data(), line.data(), line.size());
  std::memset(padded.data() + line.size(), ' ', simdjson::SIMDJSON_PADDING);

  auto fail = [&](std::string message) {
    error = std::move(message);
    return false;
  };
  auto fail_json = [&](simdjson::error_code code) {
    if (code == simdjson::UTF8_ERROR) // where, as the other formats say it
      if (std::size_t at = util::find_invalid_utf8(line); at != std::string_view::npos)
        return fail("not valid UTF-8 at byte " + std::to_string(at + 1));
    return fail(std::string(simdjson_reason(code)));
  };

  od::document doc;
  if (auto code = m_impl->parser.iterate(padded.data(), line.size(), padded.size()).get(doc))
    return fail_json(code);
  od::object object;
  if (auto code = doc.get_object().get(object)) {
    std::string_view text = util::trim(line);
    bool other_json = !text.empty() && std::string_view("[\"-0123456789").find(text.front()) != std::string_view::npos;
    other_json = other_json || text == "true" || text == "false" || text == "null";
    return fail(code == simdjson::INCORRECT_TYPE && other_json ? "line is not a JSON object" : "not valid JSON");
  }

  bool seen_name = false, seen_ts = false, seen_unit = false, seen_tags = false, seen_kind = false;
  auto& extra_keys = m_impl->extra_keys; // views into simdjson's string buffer, live while `doc` is
  extra_keys.clear();
  for (auto field_result : object) {
    od::field field;
    if (auto code = std::move(field_result).get(field))
      return fail_json(code);
    std::string_view key;
    if (auto code = field.unescaped_key().get(key))
      return fail_json(code);
    od::value value = field.value();
    auto duplicate = [&](bool& seen) {
      if (seen)
        return true;
      seen = true;
      return false;
    };
    // A member holding one string (name, unit, kind), given once.
    auto string_member = [&](std::string_view member, bool& seen, std::string& target) {
      if (duplicate(seen))
        return fail("duplicate field \"" + std::string(member) + "\"");
      std::string_view text;
      if (value.get_string().get(text))
        return fail("\"" + std::string(member) + "\" must be a string, got " + describe(value));
      target.assign(text);
      return true;
    };

    if (key == "ts") {
      if (duplicate(seen_ts))
        return fail("duplicate field \"ts\"");
      od::json_type type;
      if (auto code = value.type().get(type))
        return fail_json(code);
      if (type == od::json_type::string) {
        std::string_view text;
        if (auto code = value.get_string().get(text))
          return fail_json(code);
        auto ts = time::parse_timestamp(text);
        if (!ts)
          return fail("\"ts\": " + ts.error());
        out.ts = *ts;
      } else if (type == od::json_type::number) {
        double seconds;
        if (read_double(value, seconds, m_impl->why))
          return fail("\"ts\" must be an RFC 3339 string or epoch seconds, got " + describe(value));
        auto ts = time::from_epoch_seconds(seconds);
        if (!ts)
          return fail("\"ts\": " + ts.error());
        out.ts = *ts;
      } else {
        return fail("\"ts\" must be an RFC 3339 string or epoch seconds, got " + describe(value));
      }
      out.has_ts = true;
    } else if (key == "name") {
      if (!string_member("name", seen_name, out.name))
        return false;
    } else if (key == "value") {
      if (out.has_value)
        return fail("duplicate field \"value\"");
      od::json_type type;
      if (auto code = value.type().get(type))
        return fail_json(code);
      if (type != od::json_type::number)
        return fail("\"value\" must be a number, got " + describe(value));
      if (auto code = read_double(value, out.value, m_impl->why))
        return fail(code == simdjson::NUMBER_ERROR ? "\"value\" must be a finite number"
                                                   : "\"value\" must be a number, got " + describe(value));
      if (!std::isfinite(out.value))
        return fail("\"value\" must be a finite number");
      out.has_value = true;
    } else if (key == "unit") {
      if (!string_member("unit", seen_unit, out.unit))
        return false;
    } else if (key == "tags") {
      if (duplicate(seen_tags))
        return fail("duplicate field \"tags\"");
      od::object tags;
      if (value.get_object().get(tags))
        return fail("\"tags\" must be an object of strings, got " + describe(value));
      for (auto tag_result : tags) {
        od::field tag;
        if (auto code = std::move(tag_result).get(tag))
          return fail_json(code);
        std::string_view tag_key;
        if (auto code = tag.unescaped_key().get(tag_key))
          return fail_json(code);
        if (tag_key.empty())
          return fail("\"tags\" has an empty key");
        if (tag_count == out.tags.size())
          out.tags.emplace_back();
        auto& [tag_key_copy, text] = out.tags[tag_count++];
        tag_key_copy.assign(tag_key);
        od::value tag_value = tag.value();
        od::json_type type;
        if (auto code = tag_value.type().get(type))
          return fail_json(code);
        if (type == od::json_type::string) {
          std::string_view s;
          if (auto code = tag_value.get_string().get(s))
            return fail_json(code);
          text.assign(s);
        } else if (type == od::json_type::number || type == od::json_type::boolean) {
          // Lenient in what we accept: {"status":200} is normalised to {"status":"200"}.
          std::string_view raw = util::trim(tag_value.raw_json_token());
          if (!util::is_strict_json(raw, m_impl->why))
            return fail("\"tags." + tag_key_copy + "\": not valid JSON: " + m_impl->why);
          text.assign(raw);
        } else {
          return fail("\"tags." + tag_key_copy + "\" must be a string, got " + describe(tag_value));
        }
      }
    } else if (key == "kind") {
      if (!string_member("kind", seen_kind, out.kind))
        return false;
    } else {
      // Copied through as written, so checked here: simdjson's ondemand parser skips what
      // it is not asked to read, and a stored line must stay strict JSON for jq.
      std::string_view raw;
      if (auto code = raw_json_of(value).get(raw))
        return fail_json(code);
      raw = util::trim(raw);
      if (!util::is_strict_json(raw, m_impl->why))
        return fail("field " + util::quote(key) + ": not valid JSON: " + m_impl->why);
      extra_keys.push_back(key);
      out.add_raw_field(key, raw);
    }
  }
  const char* trailing = nullptr;
  if (!doc.current_location().get(trailing) && trailing != nullptr)
    return fail("unexpected text after the JSON object");
  out.tags.resize(tag_count);
  if (extra_keys.size() > 1) {
    std::sort(extra_keys.begin(), extra_keys.end());
    if (auto repeated = std::adjacent_find(extra_keys.begin(), extra_keys.end()); repeated != extra_keys.end())
      return fail("duplicate field " + util::quote(*repeated));
  }
  if (!seen_name)
    return fail("missing field \"name\"");
  if (auto ok = validate_name(out.name); !ok)
    return fail(ok.error());
  if (!out.has_value && out.kind.empty())
    return fail("missing field \"value\"");
  if (!std::is_sorted(out.tags.begin(), out.tags.end()))
    std::sort(out.tags.begin(), out.tags.end());
  for (std::size_t i = 1; i < out.tags.size(); ++i)
    if (out.tags[i - 1].first == out.tags[i].first)
      return fail("duplicate tag \"" + out.tags[i].first + "\"");
  return true;
}

} // namespace pm::record
