// A rule evaluated once over a finished set of records: the CI-gate form pm-report uses.
#include "libpm/alert/engine_impl.hpp"
#include "libpm/alert/message.hpp"
#include "libpm/record/request.hpp"

#include <algorithm>
#include <map>

namespace pm::alert {

std::vector<OnceResult> evaluate_once(const Rule& rule, const std::vector<record::Record>& records) {
  struct Group {
    std::string name;
    record::Tags tags;
    std::vector<const record::Record*> members;
  };
  std::map<std::string, Group> groups;
  std::string key;
  std::size_t matched = 0;
  for (const auto& record : records) {
    if (!record.is_sample() || !rule.selector.matches(record))
      continue;
    ++matched;
    if (rule.aggregate == Aggregate::absent)
      continue;
    group_key(rule, record, key, nullptr);
    auto [it, fresh] = groups.try_emplace(key);
    if (fresh) {
      it->second.name = record.name;
      group_key(rule, record, key, &it->second.tags);
    }
    it->second.members.push_back(&record);
  }

  std::vector<OnceResult> out;
  if (rule.aggregate == Aggregate::absent) {
    OnceResult result;
    result.name = rule.selector.metric;
    result.value = static_cast<double>(matched);
    result.violated = matched == 0;
    result.severity = rule.absent_severity;
    result.message = (matched == 0 ? "no " : "found ") + rule.selector.text();
    out.push_back(std::move(result));
    return out;
  }
  for (auto& [k, group] : groups) {
    auto& members = group.members;
    std::stable_sort(members.begin(), members.end(), [](const auto* a, const auto* b) { return a->ts < b->ts; });
    std::optional<double> value;
    if (rule.aggregate == Aggregate::none) {
      value = members.back()->value;
    } else if (rule.aggregate == Aggregate::anomaly) {
      // The last record's score, as a value rule judges the last value; none while warming up.
      predict::AnomalyDetector detector(rule.anomaly_settings());
      predict::AnomalyScore score;
      for (const auto* r : members)
        score = detector.update(r->ts, r->value);
      if (!score.warming_up)
        value = score.score;
    } else {
      std::int64_t last = members.back()->ts.time_since_epoch().count();
      std::int64_t first = members.front()->ts.time_since_epoch().count();
      std::int64_t window = rule.window.count();
      Window w(rule.aggregate);
      for (const auto* r : members) {
        std::int64_t ts = r->ts.time_since_epoch().count();
        if (window > 0 && ts <= last - window)
          continue;
        w.push(ts, r->value, rule.aggregate == Aggregate::error_rate && record::is_failed_request(*r));
      }
      // Without a window a rate is over the span of the records (at least one second).
      std::int64_t span = window > 0 ? window : std::max<std::int64_t>(last - first, 1000);
      value = w.value(span);
    }
    if (!value)
      continue;
    OnceResult result;
    result.name = group.name;
    result.tags = group.tags;
    result.value = *value;
    result.threshold = rule.levels.front().condition.reported_threshold(*value);
    for (const auto& level : rule.levels)
      if (level.condition.holds(*value)) {
        result.violated = true;
        result.severity = level.severity;
        result.threshold = level.condition.reported_threshold(*value);
      }
    Event e;
    e.rule = rule.name;
    e.name = result.name;
    e.tags = result.tags;
    e.value = result.value;
    e.threshold = result.threshold;
    e.severity = result.violated ? result.severity : rule.severity();
    e.condition = rule.levels.front().condition.word();
    // The gate carries the rule's name, so the default message starts with what was judged;
    // a passing result says the condition does not hold rather than restating it.
    Rule shown = rule;
    if (shown.message.empty()) {
      shown.message = rule.aggregate == Aggregate::none      ? std::string("{series} (last value)")
                      : rule.aggregate == Aggregate::anomaly ? std::string("anomaly score of {series} (last record)")
                                                             : std::string(to_string(rule.aggregate)) + " of {series}";
      if (rule.window.count() > 0)
        shown.message += " over the last " + time::format_duration(rule.window);
      shown.message += result.violated ? " = {value} ({condition} {threshold})" : " = {value} (not {condition} {threshold})";
    }
    result.message = render_message(shown, e);
    out.push_back(std::move(result));
  }
  return out;
}

} // namespace pm::alert
