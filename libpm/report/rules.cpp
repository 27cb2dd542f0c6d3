// Inline alert rules and --fail-on gates: the alert engine fed from pm-report's stream.
#include "libpm/report/rules.hpp"

#include "libpm/record/request.hpp"
#include "libpm/util/strings.hpp"

#include <map>

namespace pm::report {

alert::Rule parse_gate(std::string_view text) {
  alert::Rule rule = alert::parse_rule(text, "--fail-on", true);
  // Without NAME: the gate is named by its whole expression: two gates on one metric with
  // other tags or thresholds must not share a name (the parser would name both after it).
  std::string_view written = util::trim(text);
  bool named = written.starts_with(rule.name) && util::trim(written.substr(rule.name.size())).starts_with(':');
  if (!named)
    rule.name = std::string(written);
  return rule;
}

std::string judged_metric(std::string_view aggregate, std::string_view name) {
  if (aggregate.empty() || aggregate == "value")
    return std::string(name);
  if (name == record::k_request_metric) {
    static const std::map<std::string_view, std::string_view> k_dashboard = {
        {"avg", "latency_mean"},       {"min", "latency_min"},       {"max", "latency_max"},
        {"p50", "latency_p50"},        {"p90", "latency_p90"},       {"p95", "latency_p95"},
        {"p99", "latency_p99"},        {"error_rate", "error_rate"}, {"rate", "requests_per_second"}};
    if (auto it = k_dashboard.find(aggregate); it != k_dashboard.end())
      return std::string(it->second);
  }
  return std::string(aggregate) + "(" + std::string(name) + ")";
}

void WarningCount::add(std::string_view rule, std::string_view series, time::TimePoint since, std::string_view level) {
  if (level != "warning")
    return;
  std::string key = std::string(rule) + '\x1f' + std::string(series);
  if (m_seen[key].insert(since).second)
    ++m_count;
}

InlineRules::InlineRules(std::vector<alert::Rule> rules, std::vector<alert::Rule> gates, std::string group_by,
                         stats::ExactBudget* budget)
    : m_rules(std::move(rules)), m_group_by(std::move(group_by)) {
  for (auto& gate : gates)
    m_gates.emplace_back(std::move(gate), budget);
  if (!m_rules.empty()) {
    alert::check_unique_names(m_rules);
    m_engine = std::make_unique<alert::Engine>(m_rules);
  }
}

InlineRules::~InlineRules() = default;

void InlineRules::add(const record::Record& record) {
  if (!record.is_sample())
    return;
  if (m_engine)
    m_engine->process(record, [&](const alert::Event& event) { m_events.push_back(event); });
  for (auto& gate : m_gates)
    gate.add(record);
}

AlertItem InlineRules::alert_of(const alert::Event& event) const {
  AlertItem item;
  item.ts = event.since; // when it started firing
  item.rule = event.rule;
  item.metric = event.name;
  item.judged = judged_metric(event.aggregate, event.name);
  item.series = record::series_key(event.name, event.tags);
  std::string_view module = record::component_of(event.tags, m_group_by);
  item.module = module.empty() ? item.series : std::string(module);
  item.value = event.value;
  item.threshold = event.threshold;
  item.level = std::string(record::to_string(event.severity));
  item.state = std::string(alert::to_string(event.state));
  item.message = event.message;
  return item;
}

void InlineRules::finish(Report& report) {
  if (m_engine) {
    m_engine->finish(report.now, [&](const alert::Event& event) { m_events.push_back(event); },
                     alert::InputEnd::finished); // a report is over a finished run
    std::map<std::string, std::vector<std::string>> fired_messages;
    WarningCount warnings;
    auto count_warning = [&](const alert::Event& event) {
      warnings.add(event.rule, record::series_key(event.name, event.tags), event.since,
                   record::to_string(event.severity));
    };
    for (const auto& event : m_events)
      if (event.state == alert::AlertState::firing) {
        fired_messages[event.rule].push_back(time::format_timestamp(event.ts) + " " + event.message);
        count_warning(event);
      }
    // From the engine's state, not the last event: a flapping alert fires without notifying.
    for (const auto& event : m_engine->firing()) {
      report.alerts.push_back(alert_of(event));
      count_warning(event);
    }
    report.warning_alerts += warnings.count();
    for (const auto& summary : m_engine->summaries()) {
      RuleResult result;
      result.name = summary.rule;
      result.fired = summary.fired;
      result.active = summary.active;
      result.saw_data = summary.saw_data;
      result.messages = fired_messages[summary.rule];
      report.rules.push_back(std::move(result));
    }
  }
  for (const auto& evaluator : m_gates) {
    const alert::Rule& gate_rule = evaluator.rule();
    Gate gate;
    gate.name = "fail-on: " + gate_rule.name;
    gate.kind = "fail-on";
    auto results = evaluator.results();
    std::string passed;
    for (const auto& result : results) {
      if (result.violated) {
        gate.failed = true;
        if (!gate.message.empty())
          gate.message += "; ";
        gate.message += result.message;
      } else if (passed.empty()) {
        passed = result.message;
      }
    }
    gate.judged_nothing = results.empty() && gate_rule.aggregate != alert::Aggregate::absent;
    if (!gate.failed && results.empty()) {
      // Selected but not judged is not the same as nothing selected: say which and why.
      const auto unjudged = evaluator.unjudged();
      gate.message = unjudged.empty() ? "no records selected by " + gate_rule.selector.text() : unjudged.front();
      if (unjudged.size() > 1)
        gate.message += " (and " + std::to_string(unjudged.size() - 1) + " more series)";
    } else if (!gate.failed) {
      gate.message = passed;
    }
    report.gates.push_back(std::move(gate));
  }
}

} // namespace pm::report
