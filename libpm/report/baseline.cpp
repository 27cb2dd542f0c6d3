// Baseline loading (report JSON or records) and per-series regression checks.
#include "libpm/report/baseline.hpp"

#include "libpm/cli/options.hpp"
#include "libpm/record/units.hpp"
#include "libpm/report/collect.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/strings.hpp"

#include <cmath>
#include <cstdio>

namespace pm::report {

namespace {

constexpr std::string_view k_statistics[] = {"mean", "p50", "p90", "p95", "p99", "min", "max", "last"};

std::optional<Baseline> from_report_json(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text[first] != '{')
    return std::nullopt;
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("metrics") || !json.contains("modules") ||
      !json["metrics"].is_object())
    return std::nullopt;
  Baseline baseline;
  for (auto& [key, value] : json["metrics"].items()) {
    if (!value.is_object())
      continue;
    Stats s;
    const auto& metrics = value; // a lambda cannot capture a structured binding in clang 14
    auto number = [&](const char* name, double& out) {
      if (auto it = metrics.find(name); it != metrics.end() && it->is_number())
        out = it->get<double>();
    };
    double count = 0;
    number("count", count);
    s.count = static_cast<std::uint64_t>(count);
    number("mean", s.mean);
    number("p50", s.p50);
    number("p90", s.p90);
    number("p95", s.p95);
    number("p99", s.p99);
    number("min", s.min);
    number("max", s.max);
    number("last", s.last);
    // A report written before pm compared in base units may hold "ms": bring it to seconds,
    // as the records of this run are (record::base_unit, the one unit table).
    if (auto unit = value.find("unit"); unit != value.end() && unit->is_string())
      if (auto base = record::base_unit(unit->get<std::string>()); base && base->factor != 1)
        for (double* statistic : {&s.mean, &s.p50, &s.p90, &s.p95, &s.p99, &s.min, &s.max, &s.last})
          *statistic *= base->factor;
    baseline.emplace(key, s);
  }
  return baseline;
}

std::string format_pct(double pct) {
  char text[32];
  std::snprintf(text, sizeof text, "%+.1f%%", pct);
  return text;
}

} // namespace

bool is_comparable_statistic(std::string_view name) {
  for (auto s : k_statistics)
    if (s == name)
      return true;
  return false;
}

double statistic_of(const Stats& stats, std::string_view name) {
  if (name == "mean")
    return stats.mean;
  if (name == "p50")
    return stats.p50;
  if (name == "p90")
    return stats.p90;
  if (name == "p95")
    return stats.p95;
  if (name == "p99")
    return stats.p99;
  if (name == "min")
    return stats.min;
  if (name == "max")
    return stats.max;
  return stats.last;
}

Baseline load_baseline(const std::string& path, util::Diagnostics& diagnostics, time::TimePoint now,
                       std::size_t max_series) {
  std::string text = util::read_file(path);
  if (auto from_report = from_report_json(text))
    return *from_report;
  CollectOptions options;
  options.charts = false;
  Collector collector(options);
  cli::read_records({input::Source{path}}, input::Selection{}, diagnostics, false, now,
                    [&](record::Record& record) {
                      collector.add(record);
                      return true;
                    },
                    {}, max_series);
  Baseline baseline;
  for (auto& series : collector.finish(now).series)
    baseline.emplace(series.key, series.stats);
  return baseline;
}

double parse_percent(std::string_view text, std::string_view option) {
  auto body = util::trim(text);
  if (!body.empty() && body.back() == '%')
    body = util::trim(body.substr(0, body.size() - 1));
  auto value = util::parse_number(body);
  if (!value || *value < 0)
    throw UsageError(std::string(option) + ": " + util::quote(text) + " is not a percentage (like 5 or 5%)");
  return *value;
}

void compare_with_baseline(Report& report, const Baseline& baseline, std::string_view statistic,
                           double tolerance_pct, std::optional<double> fail_pct) {
  report.tolerance_pct = tolerance_pct;
  for (auto& series : report.series) {
    auto it = baseline.find(series.key);
    if (it == baseline.end() || it->second.count == 0)
      continue;
    Comparison c;
    c.statistic = std::string(statistic);
    c.baseline = statistic_of(it->second, statistic);
    c.current = statistic_of(series.stats, statistic);
    c.delta = c.current - c.baseline;
    c.higher_is_better = series.unit.size() >= 2 && series.unit.ends_with("/s");
    double worse = c.higher_is_better ? -c.delta : c.delta; // > 0 means worse
    std::optional<double> worse_pct;
    if (c.baseline != 0) {
      c.delta_pct = 100 * c.delta / std::fabs(c.baseline);
      worse_pct = 100 * worse / std::fabs(c.baseline);
    } else if (worse > 0) {
      worse_pct = HUGE_VAL; // from zero to anything worse: beyond every tolerance
    } else {
      worse_pct = 0;
    }
    c.regression = *worse_pct > tolerance_pct;
    if (fail_pct) {
      Gate gate;
      gate.name = "regression: " + series.key;
      gate.kind = "regression";
      gate.failed = *worse_pct > *fail_pct;
      std::string change = c.delta_pct ? format_pct(*c.delta_pct) : std::string("from 0");
      gate.message = series.key + " " + c.statistic + " " + util::format_number(c.baseline) + " -> " +
                     util::format_number(c.current) + " (" + change + ", allowed " +
                     (c.higher_is_better ? "-" : "+") + util::format_number(*fail_pct) + "%)";
      report.gates.push_back(std::move(gate));
    }
    series.comparison = std::move(c);
  }
}

} // namespace pm::report
