// Thresholds per series: which rule levels judged the values a chart draws.
#include "libpm/report/thresholds.hpp"

#include <algorithm>
#include <cmath>

namespace pm::report {

namespace {

/// True when the rule compares values in the series' unit.
bool in_series_unit(alert::Aggregate aggregate) {
  using alert::Aggregate;
  switch (aggregate) {
  case Aggregate::none:
  case Aggregate::avg:
  case Aggregate::min:
  case Aggregate::max:
  case Aggregate::p50:
  case Aggregate::p90:
  case Aggregate::p95:
  case Aggregate::p99:
    return true;
  default:
    return false;
  }
}

} // namespace

void attach_thresholds(Report& report, const std::vector<alert::Rule>& rules) {
  record::Record probe;
  for (auto& s : report.series) {
    probe.name = s.name;
    probe.tags = s.tags;
    for (const auto& rule : rules) {
      if (!in_series_unit(rule.aggregate) || !rule.selector.matches(probe))
        continue;
      for (const auto& level : rule.levels) {
        const auto& c = level.condition;
        std::vector<double> values;
        if (c.op == alert::Op::outside || c.op == alert::Op::inside) {
          for (double bound : {c.range.low, c.range.high})
            if (std::isfinite(bound))
              values.push_back(bound);
        } else {
          values.push_back(c.threshold);
        }
        for (double v : values)
          s.thresholds.push_back({rule.name, std::string(record::to_string(level.severity)), v, c.text()});
      }
    }
    std::stable_sort(s.thresholds.begin(), s.thresholds.end(),
                     [](const ThresholdLine& a, const ThresholdLine& b) { return a.value < b.value; });
  }
}

} // namespace pm::report
