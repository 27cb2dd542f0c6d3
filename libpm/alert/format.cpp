// Renderers of alert events and of the end-of-run verdict.
#include "libpm/alert/format.hpp"

#include "libpm/alert/message.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pm::alert {

Format parse_format(std::string_view text) {
  if (text == "ndjson" || text == "json")
    return Format::ndjson;
  if (text == "text")
    return Format::text;
  if (text == "nagios")
    return Format::nagios;
  if (text == "alertmanager")
    return Format::alertmanager;
  throw UsageError("--format: unknown format " + util::quote(text) + ": expected ndjson, text, nagios or alertmanager");
}

namespace {

void append_labels(std::string& out, const Event& e) {
  out += "{\"alertname\":";
  util::append_json_string(out, e.rule);
  out += ",\"metric\":";
  util::append_json_string(out, e.name);
  out += ",\"severity\":";
  util::append_json_string(out, record::to_string(e.severity));
  for (const auto& [k, v] : e.tags) {
    if (k == "alertname" || k == "metric" || k == "severity")
      continue;
    out += ',';
    util::append_json_string(out, k);
    out += ':';
    util::append_json_string(out, v);
  }
  out += '}';
}

// Alertmanager's webhook payload (version 4), one per transition.
void append_alertmanager(std::string& out, const Event& e) {
  std::string status(to_string(e.state));
  std::string group_key = "{}:{alertname=";
  util::append_json_string(group_key, e.rule);
  group_key += '}';
  out += "{\"version\":\"4\",\"groupKey\":";
  util::append_json_string(out, group_key);
  out += ",\"truncatedAlerts\":0,\"status\":\"" + status + "\",\"receiver\":\"pm-alert\",\"groupLabels\":{\"alertname\":";
  util::append_json_string(out, e.rule);
  out += "},\"commonLabels\":";
  append_labels(out, e);
  out += ",\"commonAnnotations\":{\"summary\":";
  util::append_json_string(out, e.message);
  out += "},\"externalURL\":\"\",\"alerts\":[{\"status\":\"" + status + "\",\"labels\":";
  append_labels(out, e);
  out += ",\"annotations\":{\"summary\":";
  util::append_json_string(out, e.message);
  out += ",\"value\":";
  util::append_json_string(out, e.has_value ? util::format_number(e.value) : "");
  out += ",\"threshold\":";
  util::append_json_string(out, util::format_number(e.threshold));
  if (e.notification != Notification::none) {
    out += ",\"notification\":";
    util::append_json_string(out, to_string(e.notification));
  }
  out += "},\"startsAt\":\"";
  time::append_timestamp(out, e.since);
  out += "\",\"endsAt\":\"";
  if (e.state == AlertState::resolved)
    time::append_timestamp(out, e.ts);
  else
    out += "0001-01-01T00:00:00Z";
  out += "\",\"generatorURL\":\"\",\"fingerprint\":\"";
  std::string identity = e.rule + '\x1f' + record::series_key(e.name, e.tags);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(identity));
  out += hex;
  out += "\"}]}";
}

std::string uom_for(std::string_view unit) {
  if (unit == "percent")
    return "%";
  if (unit == "seconds")
    return "s";
  if (unit == "bytes")
    return "B";
  return "";
}

// A range in the guidelines' form, numbers without exponents: 10, 10:, ~:10, 10:20, @10:20.
std::string perf_range(const Range& range) {
  std::string out = range.inside ? "@" : "";
  if (std::isinf(range.low))
    out += "~:";
  else if (range.low != 0 || std::isinf(range.high))
    out += util::format_plain(range.low) + ":";
  if (!std::isinf(range.high))
    out += util::format_plain(range.high);
  return out;
}

// A threshold in the guidelines' range form: `> 80` alerts outside ~:80.
std::string perf_threshold(const Condition& c) {
  switch (c.op) {
  case Op::gt:
  case Op::ge: return "~:" + util::format_plain(c.threshold);
  case Op::lt:
  case Op::le: return util::format_plain(c.threshold) + ":";
  case Op::outside:
  case Op::inside: return perf_range(c.range);
  default: return "";
  }
}

std::string perf_label(const Reading& r) {
  std::string label = r.rule;
  if (!r.tags.empty()) {
    label += '[';
    for (std::size_t i = 0; i < r.tags.size(); ++i) {
      if (i)
        label += ',';
      label += r.tags[i].second;
    }
    label += ']';
  }
  std::string out = "'";
  for (char c : label) {
    if (c == '=')
      out += ':';
    else if (c == '\'')
      out += "''";
    else
      out += c;
  }
  return out + "'";
}

} // namespace

void append_event(std::string& out, const Event& e, Format format) {
  switch (format) {
  case Format::ndjson: record::append_json(out, e.to_record()); break;
  case Format::alertmanager: append_alertmanager(out, e); break;
  case Format::nagios: return;
  case Format::text: {
    time::append_timestamp(out, e.ts);
    out += e.state == AlertState::firing ? " FIRING   " : " RESOLVED ";
    std::string severity(record::to_string(e.severity));
    severity.resize(9, ' ');
    out += severity;
    out += e.message;
    if (e.notification != Notification::none) {
      out += " (";
      out += to_string(e.notification);
      out += ')';
    } else if (e.flapping) {
      out += " (flapping)";
    }
    break;
  }
  }
  out += '\n';
}

std::string failure_output(std::string_view format, std::string_view message) {
  if (format != "nagios")
    return {};
  return nagios_line(3, {}, {}, {}, {}, {std::string(message)});
}

int plugin_status(const Status& status, bool unknown) {
  if (status.any_firing) {
    if (status.worst >= record::Severity::error)
      return 2;
    if (status.worst == record::Severity::warning)
      return 1;
  }
  return unknown ? 3 : 0;
}

std::string nagios_line(int status, const std::vector<Rule>& rules, const std::vector<Reading>& readings,
                        const std::vector<std::string>& firing_messages, const std::vector<std::string>& no_data,
                        const std::vector<std::string>& unknown_reasons) {
  static const char* const k_words[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  std::string line = "ALERT ";
  line += k_words[std::clamp(status, 0, 3)];
  line += " - ";
  if (!firing_messages.empty()) {
    for (std::size_t i = 0; i < firing_messages.size() && i < 5; ++i)
      line += (i ? "; " : "") + firing_messages[i];
    if (firing_messages.size() > 5)
      line += "; and " + std::to_string(firing_messages.size() - 5) + " more";
  } else if (!no_data.empty()) {
    line += "no data for ";
    for (std::size_t i = 0; i < no_data.size(); ++i)
      line += (i ? ", " : "") + no_data[i];
  } else if (!unknown_reasons.empty()) {
    line += unknown_reasons.front();
    if (unknown_reasons.size() > 1)
      line += "; and " + std::to_string(unknown_reasons.size() - 1) + " more";
  } else if (readings.size() == 1) {
    line += record::series_key(readings[0].name, readings[0].tags) + " = " + short_number(readings[0].value);
  } else {
    line += std::to_string(rules.size()) + (rules.size() == 1 ? " rule, " : " rules, ") + std::to_string(readings.size()) +
            " series OK";
  }
  // The status line and perfdata must stay on one line.
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::replace(line.begin(), line.end(), '|', '/');
  if (readings.empty())
    return line + "\n";
  line += " |";
  for (const auto& r : readings) {
    const Rule* rule = nullptr;
    for (const auto& candidate : rules)
      if (candidate.name == r.rule)
        rule = &candidate;
    std::string warn, crit;
    if (rule)
      for (const auto& level : rule->levels) {
        if (level.severity == record::Severity::warning)
          warn = perf_threshold(level.condition);
        else if (level.severity >= record::Severity::error)
          crit = perf_threshold(level.condition);
      }
    line += ' ' + perf_label(r) + '=' + util::format_plain(r.value) + uom_for(r.unit) + ';' + warn + ';' + crit + ";;";
  }
  return line + "\n";
}

std::string summary_table(const std::vector<RuleSummary>& summaries) {
  std::size_t width = 4;
  for (const auto& s : summaries)
    width = std::max(width, s.rule.size());
  auto pad = [](std::string text, std::size_t n, bool right) {
    if (text.size() >= n)
      return text;
    return right ? std::string(n - text.size(), ' ') + text : text + std::string(n - text.size(), ' ');
  };
  std::string out = pad("rule", width, false) + "  " + pad("fired", 6, true) + "  " + pad("firing", 12, true) + "  " +
                    pad("flaps", 6, true) + "  " + pad("active", 6, true) + "\n";
  for (const auto& s : summaries) {
    std::string firing = s.firing_time.count() == 0 ? "0s" : time::format_duration(s.firing_time);
    out += pad(s.rule, width, false) + "  " + pad(std::to_string(s.fired), 6, true) + "  " + pad(firing, 12, true) + "  " +
           pad(std::to_string(s.flaps), 6, true) + "  " + pad(std::to_string(s.active), 6, true) +
           (s.saw_data ? "" : "  (no data)") + "\n";
  }
  return out;
}

} // namespace pm::alert
