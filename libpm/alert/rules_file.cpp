// Rules from JSON files (list or the original module's dictionary), the built-in defaults and the plugin form.
#include "libpm/alert/rule.hpp"

#include "libpm/record/units.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace pm::alert {

namespace {

using nlohmann::json;

void check_size(std::string_view text, std::string_view origin, const RulesLimits& limits) {
  if (text.size() > limits.bytes)
    throw UsageError(std::string(origin) + ": larger than the limit of " + std::to_string(limits.bytes) + " bytes (" +
                     k_rules_bytes_limit.variable + ")");
}

void check_count(std::size_t count, std::string_view origin, const RulesLimits& limits) {
  if (count > limits.rules)
    throw UsageError(std::string(origin) + ": " + std::to_string(count) + " rules, more than the limit of " +
                     std::to_string(limits.rules) + " per file (" + k_rules_limit.variable + ")");
}

std::string rule_origin(std::string_view origin, const std::string& name, std::size_t index) {
  std::string out(origin);
  out += ": rule ";
  out += name.empty() ? "#" + std::to_string(index + 1) : util::quote(name);
  return out;
}

// A duration field: a string ("5m") or a number of seconds.
std::string duration_text(const json& value, const std::string& where, const std::string& key) {
  if (value.is_number()) {
    double seconds = value.get<double>();
    if (!std::isfinite(seconds) || seconds <= 0)
      throw UsageError(where + ": \"" + key + "\" must be a positive number of seconds or a duration such as \"5m\"");
    // Through the one duration parser, so that its range and message hold here too; written
    // back in the grammar's units (9.3e+15s would not read as a duration).
    auto duration = time::parse_duration(util::format_number(seconds));
    if (!duration)
      throw UsageError(where + ": \"" + key + "\": " + duration.error());
    return time::format_duration(*duration);
  }
  if (value.is_string())
    return value.get<std::string>();
  throw UsageError(where + ": \"" + key + "\" must be a duration such as \"5m\" or a number of seconds");
}

std::string string_field(const json& value, const std::string& where, const std::string& key) {
  if (!value.is_string())
    throw UsageError(where + ": \"" + key + "\" must be a string");
  return value.get<std::string>();
}

// A threshold: a number, or a string holding one with a unit ("500ms", "512MiB"), as in a rule.
std::string number_text(const json& value, const std::string& where, const std::string& key) {
  if (value.is_string())
    if (auto quantity = record::parse_quantity(value.get<std::string>()))
      return util::format_number(*quantity);
  if (!value.is_number())
    throw UsageError(where + ": \"" + key + "\" must be a number, or a number with a unit such as \"500ms\"");
  return util::format_number(value.get<double>());
}

std::string operator_for(const std::string& condition, const std::string& where) {
  static const std::pair<std::string_view, std::string_view> words[] = {
      {"above", ">"},        {"gt", ">"},  {">", ">"},         {"greater_than", ">"}, {"below", "<"},
      {"lt", "<"},           {"<", "<"},   {"less_than", "<"}, {"equals", "=="},      {"eq", "=="},
      {"==", "=="},          {"not_equals", "!="}, {"ne", "!="}, {"!=", "!="},        {"at_or_above", ">="},
      {">=", ">="},          {"at_or_below", "<="}, {"<=", "<="}};
  for (auto [word, op] : words)
    if (condition == word)
      return std::string(op);
  throw UsageError(where + ": \"condition\" must be above, below, equals, not_equals, at_or_above or at_or_below, got " +
                   util::quote(condition));
}

// A rule's name from a file must be one the grammar can write (the canonical form and the
// state's rule ids carry it); found by tests/fuzz/rules_file.cpp.
void check_name(const std::string& name, std::string_view where) {
  if (!name.empty() && !is_rule_name(name))
    throw UsageError(std::string(where) + ": expected a rule name ([A-Za-z_][A-Za-z0-9_.-]*), got " + util::quote(name));
}

// Builds the expression a rule object describes, then parses it, so that both forms share
// one grammar and one set of checks.
Rule rule_from_object(const json& object, std::string name, std::string_view origin, std::size_t index) {
  if (object.contains("name") && name.empty())
    name = string_field(object["name"], rule_origin(origin, name, index), "name");
  std::string where = rule_origin(origin, name, index);
  check_name(name, where);
  if (object.contains("expr")) {
    std::string expr = string_field(object["expr"], where, "expr");
    Rule rule = parse_rule(expr, where);
    if (!name.empty())
      rule.name = name;
    return rule;
  }
  static const std::vector<std::string_view> known = {
      "name",   "metric", "threshold", "severity", "condition", "duration", "for",          "window",
      "over",   "aggregate", "aggregation", "tags", "by",     "message",  "clear",        "keep_firing_for",
      "escalate", "repeat", "on_missing", "stale_after", "flapping", "enabled", "warning", "error",
      "critical", "info", "description", "method"};
  for (const auto& [key, value] : object.items()) {
    bool ok = false;
    for (auto k : known)
      ok = ok || key == k;
    if (!ok)
      throw UsageError(where + ": unknown field " + util::quote(key));
  }
  if (!object.contains("metric"))
    throw UsageError(where + ": \"metric\" is missing");
  std::string metric = string_field(object["metric"], where, "metric");
  std::string selector = metric;
  if (object.contains("tags")) {
    const json& tags = object["tags"];
    if (!tags.is_object())
      throw UsageError(where + ": \"tags\" must be an object of strings");
    std::string inner;
    for (const auto& [key, value] : tags.items()) {
      if (!inner.empty())
        inner += ',';
      std::string text = string_field(value, where, "tags." + key);
      bool negated = text.starts_with("!=");
      inner += key + (negated ? "!=" : "=");
      util::append_json_string(inner, negated ? text.substr(2) : text);
    }
    if (!inner.empty())
      selector += "{" + inner + "}";
  }
  std::string expr = name.empty() ? "" : name + ": ";
  std::string aggregate;
  for (const char* key : {"aggregate", "aggregation"})
    if (object.contains(key))
      aggregate = string_field(object[key], where, key);
  if (object.contains("method") && aggregate != "anomaly")
    throw UsageError(where + ": \"method\" applies only to \"aggregate\": \"anomaly\"");
  if (aggregate == "absent") {
    expr += "absent(" + selector + ")";
  } else if (aggregate == "anomaly") {
    if (object.contains("by"))
      throw UsageError(where + ": anomaly() scores each series on its own: it takes no \"by\"");
    for (const char* key : {"window", "over"})
      if (object.contains(key))
        throw UsageError(where + ": anomaly() scores each point against the points before it: it takes no \"" +
                         key + "\"");
    expr += "anomaly(" + selector;
    if (object.contains("method"))
      expr += ", method=" + string_field(object["method"], where, "method");
    expr += ")";
  } else if (!aggregate.empty() && aggregate != "value" && aggregate != "last") {
    expr += aggregate + "(" + selector + ")";
    if (object.contains("by")) {
      if (!object["by"].is_array())
        throw UsageError(where + ": \"by\" must be a list of tag keys");
      expr += " by (";
      bool first = true;
      for (const auto& key : object["by"]) {
        expr += (first ? "" : ", ") + string_field(key, where, "by");
        first = false;
      }
      expr += ")";
    }
    for (const char* key : {"window", "over"})
      if (object.contains(key))
        expr += " over " + duration_text(object[key], where, key);
  } else {
    expr += selector;
  }
  if (aggregate != "absent") {
    if (!object.contains("threshold"))
      throw UsageError(where + ": \"threshold\" is missing");
    std::string condition = object.contains("condition") ? string_field(object["condition"], where, "condition") : "above";
    expr += " " + operator_for(condition, where) + " " + number_text(object["threshold"], where, "threshold");
  }
  for (const char* key : {"duration", "for"})
    if (object.contains(key))
      expr += " for " + duration_text(object[key], where, key);
  if (object.contains("severity"))
    expr += " severity=" + string_field(object["severity"], where, "severity");
  for (const char* key : {"info", "warning", "error", "critical", "clear"})
    if (object.contains(key))
      expr += std::string(" ") + key + "=" + number_text(object[key], where, key);
  for (const char* key : {"keep_firing_for", "escalate", "repeat", "stale_after"})
    if (object.contains(key))
      expr += std::string(" ") + key + "=" + duration_text(object[key], where, key);
  if (object.contains("on_missing"))
    expr += " on_missing=" + string_field(object["on_missing"], where, "on_missing");
  if (object.contains("flapping")) {
    if (!object["flapping"].is_boolean())
      throw UsageError(where + ": \"flapping\" must be true or false");
    expr += object["flapping"].get<bool>() ? " flapping=on" : " flapping=off";
  }
  std::string message;
  for (const char* key : {"description", "message"})
    if (object.contains(key))
      message = string_field(object[key], where, key);
  Rule rule = parse_rule(expr, where + " (read as " + util::quote(expr) + ")");
  rule.origin = where;
  if (!message.empty())
    rule.message = message;
  if (!name.empty())
    rule.name = name;
  return rule;
}

bool enabled(const json& object, const std::string& where) {
  if (!object.is_object() || !object.contains("enabled"))
    return true;
  if (!object["enabled"].is_boolean())
    throw UsageError(where + ": \"enabled\" must be true or false");
  return object["enabled"].get<bool>();
}

} // namespace

std::vector<Rule> parse_rules_json(std::string_view text, std::string_view origin, const RulesLimits& limits) {
  check_size(text, origin, limits);
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based and points just past where parsing stopped: name its line and column.
    std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
    std::size_t column = line_start == std::string_view::npos || at == 0 ? at + 1 : at - line_start;
    std::string what = e.what();
    if (auto colon = what.find(": "); colon != std::string::npos)
      what = what.substr(colon + 2); // nlohmann's own prefix names no file
    throw UsageError(std::string(origin) + ":" + std::to_string(line) + ":" + std::to_string(column) +
                     ": not valid JSON: " + what);
  } catch (const json::out_of_range& e) {
    // A number past a double (1e400): nlohmann names it but not where; its text is unique enough.
    std::string what = e.what();
    if (auto colon = what.find("] "); colon != std::string::npos)
      what = what.substr(colon + 2);
    throw UsageError(std::string(origin) + ": not valid JSON: " + what);
  }
  std::vector<Rule> rules;
  if (document.is_array()) {
    check_count(document.size(), origin, limits);
    for (std::size_t i = 0; i < document.size(); ++i) {
      const json& item = document[i];
      if (item.is_string()) {
        rules.push_back(parse_rule(item.get<std::string>(), rule_origin(origin, "", i)));
      } else if (item.is_object()) {
        if (enabled(item, rule_origin(origin, "", i)))
          rules.push_back(rule_from_object(item, "", origin, i));
      } else {
        throw UsageError(rule_origin(origin, "", i) + ": expected a rule object or an expression string");
      }
    }
  } else if (document.is_object()) {
    // The original module's form, optionally under "alert_rules" or "rules".
    const json* rules_object = &document;
    for (const char* key : {"alert_rules", "rules"})
      if (document.contains(key) && document.size() == 1)
        rules_object = &document[key];
    if (rules_object->is_array())
      return parse_rules_json(rules_object->dump(), origin, limits);
    check_count(rules_object->size(), origin, limits);
    std::size_t i = 0;
    for (const auto& [name, item] : rules_object->items()) {
      std::string where = rule_origin(origin, name, i);
      if (item.is_string()) {
        check_name(name, where);
        Rule rule = parse_rule(item.get<std::string>(), where);
        rule.name = name;
        rules.push_back(std::move(rule));
      } else if (item.is_object()) {
        if (enabled(item, where))
          rules.push_back(rule_from_object(item, name, origin, i));
      } else {
        throw UsageError(where + ": expected a rule object or an expression string");
      }
      ++i;
    }
  } else {
    throw UsageError(std::string(origin) + ": expected a list of rules or an object of named rules");
  }
  return rules;
}

namespace {

// The end of a line's rule: where a `#` outside a double-quoted string starts a comment.
std::size_t comment_start(std::string_view line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '\\')
      ++i;
    else if (c == '"')
      quoted = !quoted;
    else if (c == '#' && !quoted)
      return i;
  }
  return line.size();
}

} // namespace

std::vector<Rule> parse_rules_text(std::string_view text, std::string_view origin, const RulesLimits& limits) {
  check_size(text, origin, limits);
  std::vector<Rule> rules;
  std::size_t line_number = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    line = line.substr(0, comment_start(line));
    if (util::trim(line).empty())
      continue;
    std::string where = std::string(origin) + ":" + std::to_string(line_number);
    check_count(rules.size() + 1, origin, limits);
    try {
      rules.push_back(parse_rule(line, where));
    } catch (const UsageError& e) {
      // The grammar names "ORIGIN 1:COLUMN"; in a file the line is the file's line.
      std::string message = e.what();
      std::string prefix = where + " 1:";
      if (message.starts_with(prefix))
        message = where + ":" + message.substr(prefix.size());
      throw UsageError(message);
    }
  }
  return rules;
}

std::vector<Rule> load_rules_file(const std::string& path, const RulesLimits& limits) {
  std::string text = util::read_file(path, limits.bytes); // one byte more tells it is larger
  // JSON starts with [ or {; a rule (a name, a metric or an aggregate) never does.
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (text[first] == '[' || text[first] == '{'))
    return parse_rules_json(text, path, limits);
  return parse_rules_text(text, path, limits);
}

std::vector<Rule> default_rules() {
  // pm-alert(1) Default rules. Request rules group by module (one group when records have no module tag).
  // high_cpu judges the whole machine: pm-sample's cpu="total" or a record without a `cpu`
  // tag (the original module's), not each core (cpu="0", "1"…), which fired once per core.
  static const char* const k_defaults[] = {
      "high_cpu: system.cpu.usage{cpu!=\"[0-9]*\"} > 80 severity=warning",
      "high_memory: system.memory.usage > 85 severity=error",
      "high_error_rate: api.error.count > 5 severity=error",
      "latency_p95: p95(api.request.duration) by (module) over 5m > 0.5 severity=warning critical=1",
      "latency_p99: p99(api.request.duration) by (module) over 5m > 1 severity=warning",
      "error_rate: error_rate(api.request.duration) by (module) over 5m > 0.05 severity=warning critical=0.1",
      "low_throughput: rate(api.request.duration) by (module) over 5m < 10 severity=warning",
  };
  std::vector<Rule> rules;
  for (const char* text : k_defaults)
    rules.push_back(parse_rule(text, "--defaults"));
  return rules;
}

Rule plugin_rule(const std::string& metric, const std::string& warning, const std::string& critical) {
  if (warning.empty() && critical.empty())
    throw UsageError("-m needs -w WARN and/or -c CRIT (numbers or ranges such as 10, 10:, ~:10, 10:20, @10:20)");
  Rule rule = parse_rule(metric + " > 0", "-m");
  rule.name = metric;
  rule.levels.clear();
  auto add = [&](const std::string& text, record::Severity severity, const char* option) {
    if (text.empty())
      return;
    Range range;
    try {
      range = parse_range(text);
    } catch (const UsageError& e) {
      throw UsageError(std::string(option) + ": " + e.what());
    }
    Level level;
    level.severity = severity;
    level.condition.op = range.inside ? Op::inside : Op::outside;
    level.condition.range = range;
    rule.levels.push_back(level);
  };
  add(warning, record::Severity::warning, "-w");
  add(critical, record::Severity::critical, "-c");
  rule.on_missing = MissingPolicy::unknown;
  return rule;
}

} // namespace pm::alert
