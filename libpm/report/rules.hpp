// Alert rules and --fail-on gates evaluated inline through libpm/alert's engine.
#pragma once

#include "libpm/alert/engine.hpp"
#include "libpm/alert/rule.hpp"
#include "libpm/report/model.hpp"

#include <map>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <vector>

namespace pm::report {

/// Runs `rules` (from --rules/--defaults) through alert::Engine as records stream by, and
/// each of the `gates` (--fail-on expressions) through an alert::OnceEvaluator, judged once
/// at the end: the same engine and expression language as pm-alert, no second
/// implementation. Gates keep summaries, not records: their percentiles share `budget` (the
/// report's own, see Collector::budget) with the report's statistics.
class InlineRules {
public:
  /// `group_by` names the component tag for the alerts' `module` (empty: module, endpoint).
  /// Throws UsageError when a rule cannot run (see alert::Engine).
  InlineRules(std::vector<alert::Rule> rules, std::vector<alert::Rule> gates, std::string group_by,
              stats::ExactBudget* budget = nullptr);
  ~InlineRules();
  InlineRules(const InlineRules&) = delete;
  InlineRules& operator=(const InlineRules&) = delete;

  bool empty() const { return m_rules.empty() && m_gates.empty(); }
  void add(const record::Record& record);
  /// Ends the evaluation at `report.now`: alerts still firing join `report.alerts`, each rule
  /// becomes a RuleResult, each --fail-on expression a gate (failed when any group violates it).
  void finish(Report& report);

private:
  AlertItem alert_of(const alert::Event& event) const;

  std::vector<alert::Rule> m_rules;
  std::vector<alert::OnceEvaluator> m_gates;
  std::string m_group_by;
  std::unique_ptr<alert::Engine> m_engine;
  std::vector<alert::Event> m_events;
};

/// What an alert judged, named as the dashboard names it: for requests (`api.request.duration`)
/// the key of `modules.M.metrics` (`latency_mean`, `latency_p50`, `latency_p95`,
/// `latency_p99`, `error_rate`, `requests_per_second`; `latency_p90`, `latency_min`,
/// `latency_max` alike); for a value rule, the metric itself; otherwise the aggregate as the
/// rule language writes it, `p95(system.cpu.usage)`. `aggregate` is alert::to_string's
/// word, or empty (or "value") for none.
std::string judged_metric(std::string_view aggregate, std::string_view name);
inline std::string judged_metric(alert::Aggregate aggregate, std::string_view name) {
  return judged_metric(aggregate == alert::Aggregate::none ? std::string_view() : alert::to_string(aggregate), name);
}

/// Counts the alerts that were at level warning, each once: an alert is its rule, its series
/// and when it started firing. Feed the firing events (and the alerts firing at the end) in
/// any order; memory is one entry per alert counted.
class WarningCount {
public:
  void add(std::string_view rule, std::string_view series, time::TimePoint since, std::string_view level);
  std::uint64_t count() const { return m_count; }

private:
  std::map<std::string, std::set<time::TimePoint>, std::less<>> m_seen; ///< rule + series → since of each counted alert
  std::uint64_t m_count = 0;
};

/// Parses a --fail-on expression (pm-alert's grammar; aggregates may omit `over D`, meaning
/// all the selected records). A gate without `NAME:` is named by its expression as written.
/// Throws UsageError naming the expression.
alert::Rule parse_gate(std::string_view text);

} // namespace pm::report
