// Rule pieces: ranges, conditions, selectors, and the canonical text of a rule.
#include "libpm/alert/rule.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

#include <cctype>
#include <cmath>
#include <limits>
#include <map>

namespace pm::alert {

namespace {
constexpr double k_inf = std::numeric_limits<double>::infinity();
} // namespace

std::string_view to_string(Aggregate aggregate) {
  switch (aggregate) {
  case Aggregate::none: return "value";
  case Aggregate::avg: return "avg";
  case Aggregate::min: return "min";
  case Aggregate::max: return "max";
  case Aggregate::sum: return "sum";
  case Aggregate::count: return "count";
  case Aggregate::rate: return "rate";
  case Aggregate::p50: return "p50";
  case Aggregate::p90: return "p90";
  case Aggregate::p95: return "p95";
  case Aggregate::p99: return "p99";
  case Aggregate::error_rate: return "error_rate";
  case Aggregate::absent: return "absent";
  case Aggregate::anomaly: return "anomaly";
  }
  return "value";
}

double quantile_of(Aggregate aggregate) {
  switch (aggregate) {
  case Aggregate::p50: return 0.5;
  case Aggregate::p90: return 0.9;
  case Aggregate::p95: return 0.95;
  case Aggregate::p99: return 0.99;
  default: return 0;
  }
}

std::string_view to_string(MissingPolicy policy) {
  switch (policy) {
  case MissingPolicy::ok: return "ok";
  case MissingPolicy::keep: return "keep";
  case MissingPolicy::alert: return "alert";
  case MissingPolicy::unknown: return "unknown";
  }
  return "keep";
}

Range parse_range(std::string_view text) {
  auto fail = [&](std::string_view why) -> Range {
    throw UsageError(util::quote(text) + " is not a valid range: " + std::string(why));
  };
  Range range;
  range.text = std::string(text);
  std::string_view rest = text;
  if (rest.empty())
    return fail("it is empty");
  if (rest.front() == '@') {
    range.inside = true;
    rest.remove_prefix(1);
  }
  range.text = std::string(rest);
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) {
    auto high = util::parse_number(rest);
    if (!high)
      return fail("expected a number, START:, ~:END or START:END");
    range.low = 0;
    range.high = *high;
  } else {
    std::string_view low = rest.substr(0, colon);
    std::string_view high = rest.substr(colon + 1);
    if (low == "~")
      range.low = -k_inf;
    else if (low.empty())
      range.low = 0;
    else if (auto n = util::parse_number(low))
      range.low = *n;
    else
      return fail("the start " + util::quote(low) + " is not a number or ~");
    if (high.empty())
      range.high = k_inf;
    else if (auto n = util::parse_number(high))
      range.high = *n;
    else
      return fail("the end " + util::quote(high) + " is not a number");
  }
  if (range.low > range.high)
    return fail("the start is greater than the end");
  return range;
}

bool Condition::holds(double value) const {
  switch (op) {
  case Op::gt: return value > threshold;
  case Op::lt: return value < threshold;
  case Op::ge: return value >= threshold;
  case Op::le: return value <= threshold;
  case Op::eq: return value == threshold;
  case Op::ne: return value != threshold;
  case Op::outside: return value < range.low || value > range.high;
  case Op::inside: return value >= range.low && value <= range.high;
  }
  return false;
}

double Condition::reported_threshold(double value) const {
  if (op != Op::outside && op != Op::inside)
    return threshold;
  bool nearer_low = std::isinf(range.high) ||
                    (!std::isinf(range.low) && std::fabs(value - range.low) <= std::fabs(value - range.high));
  return nearer_low ? range.low : range.high;
}

std::string_view Condition::word() const {
  switch (op) {
  case Op::gt: return "above";
  case Op::lt: return "below";
  case Op::ge: return "at_or_above";
  case Op::le: return "at_or_below";
  case Op::eq: return "equals";
  case Op::ne: return "not_equals";
  case Op::outside: return "outside";
  case Op::inside: return "inside";
  }
  return "above";
}

namespace {
std::string_view op_symbol(Op op) {
  switch (op) {
  case Op::gt: return ">";
  case Op::lt: return "<";
  case Op::ge: return ">=";
  case Op::le: return "<=";
  case Op::eq: return "==";
  case Op::ne: return "!=";
  case Op::outside: return "outside";
  case Op::inside: return "inside";
  }
  return ">";
}

std::string threshold_text(const Condition& condition) {
  if (condition.op == Op::outside || condition.op == Op::inside)
    return (condition.op == Op::inside ? "@" : "") + condition.range.text;
  return util::format_number(condition.threshold);
}
} // namespace

std::string Condition::text() const {
  std::string out(op_symbol(op));
  out += ' ';
  out += op == Op::outside || op == Op::inside ? range.text : threshold_text(*this);
  return out;
}

std::string Condition::plugin_text() const { return threshold_text(*this); }

bool Selector::is_glob() const { return metric.find_first_of("*?[") != std::string::npos; }

bool Selector::matches_name(std::string_view name) const {
  return is_glob() ? util::glob_match(metric, name) : name == metric;
}

bool Selector::matches_tags(const record::Record& record) const { return record::matches_all(labels, record.tags); }

std::string Selector::text() const {
  std::string out = metric;
  if (labels.empty())
    return out;
  out += '{';
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i)
      out += ',';
    out += labels[i].text();
  }
  out += '}';
  return out;
}

time::Duration Rule::stale_duration() const {
  return stale_after.count() > 0 ? stale_after : time::Duration(5 * 60 * 1000);
}

predict::AnomalySettings Rule::anomaly_settings() const {
  predict::AnomalySettings settings;
  settings.method = anomaly_method;
  return settings;
}

namespace {
bool is_bare_word(std::string_view text) {
  if (text.empty())
    return false;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == ':' || c == '/'))
      return false;
  return true;
}
} // namespace

bool is_rule_name(std::string_view name) {
  auto start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  if (name.empty() || !start(name.front()))
    return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
      return false;
  return true;
}

std::string Rule::canonical() const {
  // A name the grammar cannot write is one parse_rule gave an unnamed rule after its metric
  // (a glob, a name with ':'): left out, it is given again on reading.
  std::string out = is_rule_name(name) ? name + ": " : std::string();
  if (aggregate == Aggregate::none) {
    out += selector.text();
  } else {
    out += to_string(aggregate);
    out += '(';
    out += selector.text();
    if (aggregate == Aggregate::anomaly && anomaly_method != predict::AnomalyMethod::automatic) {
      out += ", method=";
      out += predict::to_string(anomaly_method);
    }
    out += ')';
    if (by) {
      out += " by (";
      for (std::size_t i = 0; i < by->size(); ++i) {
        if (i)
          out += ", ";
        out += (*by)[i];
      }
      out += ')';
    }
    if (window.count() > 0) {
      out += " over ";
      out += time::format_duration(window);
    }
  }
  if (!levels.empty()) {
    out += ' ';
    out += levels.front().condition.text();
  }
  if (for_duration.count() > 0) {
    out += " for ";
    out += time::format_duration(for_duration);
  }
  out += " severity=";
  out += record::to_string(severity());
  for (std::size_t i = 1; i < levels.size(); ++i) {
    out += ' ';
    out += record::to_string(levels[i].severity);
    out += '=';
    out += threshold_text(levels[i].condition);
  }
  if (clear) {
    out += " clear=";
    out += util::format_number(*clear);
  }
  auto duration_option = [&](std::string_view key, time::Duration d) {
    if (d.count() > 0) {
      out += ' ';
      out += key;
      out += '=';
      out += time::format_duration(d);
    }
  };
  duration_option("keep_firing_for", keep_firing_for);
  duration_option("escalate", escalate);
  duration_option("repeat", repeat);
  duration_option("stale_after", stale_after);
  if (on_missing != MissingPolicy::keep) {
    out += " on_missing=";
    out += to_string(on_missing);
  }
  if (!flapping)
    out += " flapping=off";
  if (!message.empty()) {
    out += " message=";
    if (is_bare_word(message))
      out += message;
    else
      util::append_json_string(out, message);
  }
  return out;
}

void check_unique_names(const std::vector<Rule>& rules) {
  std::map<std::string_view, const Rule*> seen;
  auto where = [](const Rule& rule) { return rule.origin.empty() ? std::string("the default rules") : rule.origin; };
  for (const auto& rule : rules)
    if (auto [it, fresh] = seen.emplace(rule.name, &rule); !fresh)
      throw UsageError(where(rule) + ": two rules are named " + util::quote(rule.name) +
                       (where(*it->second) == where(rule) ? "" : " (the other in " + where(*it->second) + ")") +
                       ": give one another name (NAME: EXPR)");
}

} // namespace pm::alert
