// The junit format: one testcase per gate or alert rule, for CI test-report viewers.
#include "libpm/report/renderers.hpp"
#include "libpm/report/units.hpp"

#include <map>

namespace pm::report {

namespace {

struct Case {
  std::string classname;
  std::string name;
  bool failed = false;
  std::string message;
  std::string detail;
};

} // namespace

void render_junit(const Report& report, const RenderContext&, std::string& out) {
  std::vector<Case> cases;
  for (const auto& g : report.gates)
    cases.push_back({"pm-report." + g.kind, g.name, g.failed, g.message, g.message});
  // Rules run inline: a testcase each, failing while the rule fires at the end.
  for (const auto& rule : report.rules) {
    Case c{"pm-report.rule", rule.name, rule.active > 0,
           std::to_string(rule.active) + " firing, fired " + std::to_string(rule.fired) + " times" +
               (rule.saw_data ? "" : " (no data)"),
           {}};
    for (const auto& m : rule.messages)
      c.detail += m + "\n";
    cases.push_back(std::move(c));
  }
  // Alert rules seen in the input: a testcase each, failing while the rule fires.
  std::map<std::string, std::vector<const AlertItem*>> firing;
  for (const auto& a : report.alerts) {
    bool inline_rule = false;
    for (const auto& rule : report.rules)
      inline_rule = inline_rule || rule.name == a.rule;
    if (!inline_rule)
      firing[a.rule.empty() ? a.metric : a.rule].push_back(&a);
  }
  for (const auto& [rule, alerts] : firing) {
    Case c{"pm-report.alert", rule, true, std::to_string(alerts.size()) + " firing", {}};
    for (const auto* a : alerts)
      c.detail += "[" + a->level + "] " + alert_message(*a) + "\n";
    cases.push_back(std::move(c));
  }
  std::size_t failures = 0;
  for (const auto& c : cases)
    failures += c.failed ? 1 : 0;

  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"pm-report\" tests=\"" + std::to_string(cases.size()) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\">\n";
  out += "  <testsuite name=\"pm-report\" tests=\"" + std::to_string(cases.size()) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\" skipped=\"0\" timestamp=\"" +
         time::format_timestamp(report.now).substr(0, 19) + "\">\n";
  out += "    <properties>\n";
  out += "      <property name=\"health\" value=\"" + xml_escape(report.health.status) + "\"/>\n";
  out += "      <property name=\"records\" value=\"" + std::to_string(report.records) + "\"/>\n";
  out += "    </properties>\n";
  for (const auto& c : cases) {
    out += "    <testcase classname=\"" + xml_escape(c.classname) + "\" name=\"" + xml_escape(c.name) + "\"";
    if (!c.failed && c.detail.empty()) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    if (c.failed)
      out += "      <failure message=\"" + xml_escape(c.message) + "\" type=\"" + xml_escape(c.classname) + "\">" +
             xml_escape(c.detail) + "</failure>\n";
    else
      out += "      <system-out>" + xml_escape(c.detail) + "</system-out>\n";
    out += "    </testcase>\n";
  }
  out += "    <system-out>" + xml_escape("health: " + report.health.status) ;
  for (const auto& reason : report.health.reasons)
    out += xml_escape("\n- " + reason);
  out += "</system-out>\n";
  out += "  </testsuite>\n</testsuites>\n";
}

} // namespace pm::report
