// Alert messages with placeholders.
#include "libpm/alert/message.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pm::alert {

std::string short_number(double value) {
  if (!std::isfinite(value))
    return util::format_number(value);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

namespace {

std::string default_template(const Rule& rule, const Event& event) {
  if (event.condition == "absent")
    return "{rule}: no {series} for {value}s (threshold: {threshold}s)";
  if (event.condition == "missing")
    return "{rule}: no data for {series} (last value {value})";
  std::string subject = rule.aggregate == Aggregate::none      ? std::string("{series}")
                        : rule.aggregate == Aggregate::anomaly ? std::string("anomaly score of {series}")
                                                               : std::string(to_string(rule.aggregate)) + " of {series} over " +
                                                                     time::format_duration(rule.window);
  if (event.state == AlertState::resolved)
    return "{rule}: " + subject + " = {value} (resolved, threshold {threshold})";
  return "{rule}: " + subject + " = {value} ({condition} {threshold})";
}

} // namespace

std::optional<std::string> message_error(std::string_view text) {
  static constexpr std::string_view k_keys[] = {"rule",     "name",      "series", "value", "threshold",
                                                "severity", "condition", "state",  "since"};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((text[i] == '{' || text[i] == '}') && i + 1 < text.size() && text[i + 1] == text[i]) {
      ++i;
      continue;
    }
    if (text[i] == '}')
      return "a lone \"}\" at offset " + std::to_string(i) + " (write }} for a brace)";
    if (text[i] != '{')
      continue;
    std::size_t close = text.find_first_of("{}", i + 1);
    if (close == std::string_view::npos || text[close] != '}')
      return "\"{\" at offset " + std::to_string(i) + " has no \"}\" (write {{ for a brace)";
    std::string_view key = text.substr(i + 1, close - i - 1);
    bool known = std::find(std::begin(k_keys), std::end(k_keys), key) != std::end(k_keys) ||
                 (key.starts_with("tags.") && key.size() > 5);
    if (!known)
      return "unknown placeholder {" + std::string(key) +
             "}: expected {rule} {name} {series} {value} {threshold} {severity} {condition} {state} {since} "
             "or {tags.KEY}";
    i = close;
  }
  return std::nullopt;
}

std::string render_message(const Rule& rule, const Event& event) {
  std::string text = rule.message.empty() ? default_template(rule, event) : rule.message;
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      out += '}';
      ++i;
      continue;
    }
    std::size_t close = c == '{' ? text.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out += c;
      continue;
    }
    std::string_view key(text.data() + i + 1, close - i - 1);
    std::string value;
    bool known = true;
    if (key == "rule")
      value = event.rule;
    else if (key == "name")
      value = event.name;
    else if (key == "series")
      value = record::series_key(event.name, event.tags);
    else if (key == "value")
      value = event.has_value ? short_number(event.value) : "none";
    else if (key == "threshold")
      value = short_number(event.threshold);
    else if (key == "severity")
      value = record::to_string(event.severity);
    else if (key == "state")
      value = to_string(event.state);
    else if (key == "condition")
      value = event.condition;
    else if (key == "since")
      value = time::format_timestamp(event.since);
    else if (key.starts_with("tags.")) {
      std::string_view tag = key.substr(5);
      for (const auto& [k, v] : event.tags)
        if (k == tag)
          value = v;
    } else
      known = false;
    if (known) {
      out += value;
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace pm::alert
