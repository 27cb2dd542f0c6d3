// Alert rules and --fail-on gates evaluated inline through libpm/alert's engine.
#pragma once

#include "libpm/alert/engine.hpp"
#include "libpm/alert/rule.hpp"
#include "libpm/report/model.hpp"

#include <memory>
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

/// Parses a --fail-on expression (pm-alert's grammar; aggregates may omit `over D`, meaning
/// all the selected records). A gate without `NAME:` is named by its expression as written.
/// Throws UsageError naming the expression.
alert::Rule parse_gate(std::string_view text);

} // namespace pm::report
