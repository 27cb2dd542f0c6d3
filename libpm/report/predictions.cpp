// Forecast, trend, anomaly and recommendation records worded for the report's tables.
#include "libpm/report/predictions.hpp"

#include "libpm/report/units.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace pm::report {

namespace {

std::string text_of(const nlohmann::json& fields, const char* key) {
  auto it = fields.find(key);
  return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> number_of(const nlohmann::json& fields, const char* key) {
  auto it = fields.find(key);
  if (it != fields.end() && it->is_number())
    return it->get<double>();
  return std::nullopt;
}

/// The unit of an event: its own, else that of its series in the report.
std::string unit_of(const Report& report, const EventItem& event) {
  if (!event.unit.empty())
    return event.unit;
  auto it = std::lower_bound(report.series.begin(), report.series.end(), event.series,
                             [](const SeriesReport& s, const std::string& key) { return s.key < key; });
  return it != report.series.end() && it->key == event.series ? it->unit : std::string();
}

std::string signed_number(double value, const char* format) {
  char text[48];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string range_text(double low, double high, const std::string& unit) {
  return humanize(low, unit) + ".." + humanize(high, unit);
}

/// A member of a record as evidence text: numbers shortened, strings as they are.
std::string evidence_value(const nlohmann::json& value) {
  if (value.is_string())
    return value.get<std::string>();
  if (value.is_number())
    return short_number(value.get<double>());
  return value.dump();
}

} // namespace

std::vector<PredictionRow> prediction_rows(const Report& report) {
  struct Pair {
    const EventItem* forecast = nullptr;
    const EventItem* trend = nullptr;
  };
  std::map<std::string, Pair> by_series;
  for (const auto& p : report.predictions)
    (p.kind == "forecast" ? by_series[p.series].forecast : by_series[p.series].trend) = &p;
  std::vector<PredictionRow> rows;
  for (const auto& [series, pair] : by_series) {
    PredictionRow row;
    row.series = series;
    if (const EventItem* f = pair.forecast) {
      std::string unit = unit_of(report, *f);
      row.model = text_of(f->fields, "model");
      row.horizon = text_of(f->fields, "horizon");
      row.at = time::format_timestamp(f->ts);
      if (f->value)
        row.value = humanize(*f->value, unit);
      auto lower = number_of(f->fields, "lower"), upper = number_of(f->fields, "upper");
      if (lower && upper) {
        auto confidence = number_of(f->fields, "confidence");
        row.interval = (confidence ? signed_number(*confidence * 100, "%.0f%%") + " " : std::string()) +
                       range_text(*lower, *upper, unit);
      }
      row.trend = text_of(f->fields, "trend");
    }
    if (const EventItem* t = pair.trend) {
      std::string unit = unit_of(report, *t);
      std::string word = text_of(t->fields, "trend");
      if (!word.empty())
        row.trend = word;
      if (auto slope = number_of(t->fields, "slope"); slope && std::isfinite(*slope))
        row.trend += (row.trend.empty() ? "" : " ") + std::string(*slope < 0 ? "-" : "+") +
                     humanize(std::fabs(*slope), unit) + "/h";
      std::string eta = text_of(t->fields, "eta");
      if (!eta.empty()) {
        std::string in = text_of(t->fields, "eta_in");
        row.eta = eta + (in.empty() ? "" : " (in " + in + ")");
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<AnomalyRow> anomaly_rows(const Report& report) {
  std::vector<AnomalyRow> rows;
  rows.reserve(report.anomalies.size());
  for (const auto& a : report.anomalies) {
    std::string unit = unit_of(report, a);
    AnomalyRow row;
    row.time = time::format_timestamp(a.ts);
    row.severity = a.severity;
    row.series = a.series;
    row.value = a.value ? humanize(*a.value, unit) : "-";
    if (auto it = a.fields.find("expected");
        it != a.fields.end() && it->is_array() && it->size() == 2 && (*it)[0].is_number() && (*it)[1].is_number())
      row.expected = range_text((*it)[0].get<double>(), (*it)[1].get<double>(), unit);
    if (auto z = number_of(a.fields, "z"))
      row.z = signed_number(*z, "%+.1f");
    row.method = text_of(a.fields, "method");
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<RecommendationRow> recommendation_rows(const Report& report) {
  std::vector<RecommendationRow> rows;
  for (const auto& r : report.recommendations) {
    RecommendationRow row;
    row.severity = r.severity.empty() ? "info" : r.severity;
    row.message = r.message.empty() ? r.series : r.message;
    row.series = r.series;
    for (auto it = r.fields.begin(); it != r.fields.end(); ++it) {
      if (it.key() == "severity" || it.key() == "message" || (it.key() == "series" && *it == r.series))
        continue;
      row.evidence += (row.evidence.empty() ? "" : ", ") + it.key() + "=" + evidence_value(*it);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

} // namespace pm::report
