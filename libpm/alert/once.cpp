// A rule evaluated once over a finished stream of records: the CI-gate form pm-report uses.
#include "libpm/alert/engine_impl.hpp"
#include "libpm/alert/message.hpp"
#include "libpm/record/request.hpp"

#include <algorithm>
#include <deque>
#include <limits>

namespace pm::alert {

namespace {

/// One sample kept for a windowed aggregate.
struct Kept {
  std::int64_t ts;
  double value;
  bool failed;
};

/// What a group keeps: the summary of all its records, or the samples within the window of
/// its latest record, or (anomaly) every point.
struct OnceGroup {
  explicit OnceGroup(stats::ExactBudget* budget, bool percentiles) {
    if (percentiles)
      quantiles.emplace(budget);
  }
  std::string name;
  record::Tags tags;
  std::size_t count = 0;
  std::size_t failed = 0;
  double sum = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  std::int64_t first = std::numeric_limits<std::int64_t>::max();
  std::int64_t last = std::numeric_limits<std::int64_t>::min();
  double last_value = 0;
  std::optional<stats::Quantiles> quantiles;
  std::deque<Kept> window; ///< `over D`: samples in (last - D, last], in time order
  std::vector<std::pair<std::int64_t, double>> points; ///< anomaly(): in arrival order
};

bool is_quantile(Aggregate aggregate) {
  return aggregate == Aggregate::p50 || aggregate == Aggregate::p90 || aggregate == Aggregate::p95 ||
         aggregate == Aggregate::p99;
}

} // namespace

struct OnceEvaluator::Impl {
  Rule rule;
  stats::ExactBudget* budget;
  std::unordered_map<std::string, OnceGroup, GroupHash, std::equal_to<>> groups;
  std::string key;
  std::size_t matched = 0;
  /// Each series' group (null: not selected), found on its first record: a selection and a
  /// group depend on the series alone, so later records cost no key and no hash of tags.
  record::SeriesIndex series;
  std::vector<OnceGroup*> routes;

  OnceGroup* route(const record::Record& record);

  void add(const record::Record& record);
  std::optional<double> value_of(const OnceGroup& group) const;
  OnceResult result_of(const OnceGroup& group, double value) const;
};

OnceEvaluator::OnceEvaluator(Rule rule, stats::ExactBudget* budget) : m_impl(std::make_unique<Impl>()) {
  m_impl->rule = std::move(rule);
  m_impl->budget = budget;
}
OnceEvaluator::~OnceEvaluator() = default;
OnceEvaluator::OnceEvaluator(OnceEvaluator&&) noexcept = default;
OnceEvaluator& OnceEvaluator::operator=(OnceEvaluator&&) noexcept = default;

const Rule& OnceEvaluator::rule() const { return m_impl->rule; }

void OnceEvaluator::add(const record::Record& record) { m_impl->add(record); }

OnceGroup* OnceEvaluator::Impl::route(const record::Record& record) {
  if (!rule.selector.matches(record))
    return nullptr;
  group_key(rule, record, key, nullptr);
  auto it = groups.find(std::string_view(key));
  if (it == groups.end()) {
    it = groups.try_emplace(key, budget, rule.window.count() == 0 && is_quantile(rule.aggregate)).first;
    it->second.name = record.name;
    group_key(rule, record, key, &it->second.tags);
  }
  return &it->second; // stable: unordered_map never moves its elements
}

void OnceEvaluator::Impl::add(const record::Record& record) {
  if (!record.is_sample())
    return;
  auto [index, fresh] = series.find_or_add(record);
  if (fresh)
    routes.push_back(route(record));
  OnceGroup* group = routes[index];
  if (!group)
    return;
  ++matched;
  if (rule.aggregate == Aggregate::absent)
    return;
  OnceGroup& g = *group;
  const std::int64_t ts = record.ts.time_since_epoch().count();
  const bool failed = rule.aggregate == Aggregate::error_rate && record::is_failed_request(record);
  ++g.count;
  g.first = std::min(g.first, ts);
  if (ts >= g.last) { // the last of equal times in arrival order, as a stable sort gives
    g.last = ts;
    g.last_value = record.value;
  }
  if (rule.aggregate == Aggregate::none)
    return;
  if (rule.aggregate == Aggregate::anomaly) {
    g.points.emplace_back(ts, record.value);
    return;
  }
  if (const std::int64_t window = rule.window.count(); window > 0) {
    // Only what can still be within D of the latest record is kept: that latest time only grows.
    const std::int64_t cutoff = g.last - window;
    if (ts <= cutoff)
      return;
    if (g.window.empty() || g.window.back().ts <= ts)
      g.window.push_back({ts, record.value, failed});
    else
      g.window.insert(std::upper_bound(g.window.begin(), g.window.end(), ts,
                                       [](std::int64_t t, const Kept& k) { return t < k.ts; }),
                      {ts, record.value, failed});
    while (g.window.front().ts <= cutoff)
      g.window.pop_front();
    return;
  }
  g.failed += failed ? 1 : 0;
  g.sum += record.value;
  g.min = std::min(g.min, record.value);
  g.max = std::max(g.max, record.value);
  if (g.quantiles)
    g.quantiles->add(record.value);
}

std::optional<double> OnceEvaluator::Impl::value_of(const OnceGroup& g) const {
  switch (rule.aggregate) {
  case Aggregate::none: return g.last_value;
  case Aggregate::anomaly: {
    // The last record's score, as a value rule judges the last value; none while warming up.
    auto points = g.points;
    std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    predict::AnomalyDetector detector(rule.anomaly_settings());
    predict::AnomalyScore score;
    for (const auto& [ts, value] : points)
      score = detector.update(time::TimePoint(time::Duration(ts)), value);
    if (score.warming_up)
      return std::nullopt;
    return score.score;
  }
  default: break;
  }
  if (const std::int64_t window = rule.window.count(); window > 0) {
    // A run shorter than the window is judged over the whole run: a rate over its span.
    // A rate needs two records at different times, as Prometheus' rate() needs two samples.
    if (rule.aggregate == Aggregate::rate && g.last - g.first < window) {
      if (g.last == g.first)
        return std::nullopt;
      return static_cast<double>(g.window.size()) /
             (static_cast<double>(std::max<std::int64_t>(g.last - g.first, 1000)) / 1000.0);
    }
    Window w(rule.aggregate);
    for (const auto& k : g.window)
      w.push(k.ts, k.value, k.failed);
    return w.value(window);
  }
  const auto n = static_cast<double>(g.count);
  switch (rule.aggregate) {
  case Aggregate::count: return n;
  case Aggregate::sum: return g.sum;
  // Without a window a rate is over the span of the records (at least one second).
  case Aggregate::rate: return n / (static_cast<double>(std::max<std::int64_t>(g.last - g.first, 1000)) / 1000.0);
  case Aggregate::avg: return g.sum / n;
  case Aggregate::min: return g.min;
  case Aggregate::max: return g.max;
  case Aggregate::error_rate: return static_cast<double>(g.failed) / n;
  case Aggregate::p50:
  case Aggregate::p90:
  case Aggregate::p95:
  case Aggregate::p99: return g.quantiles->quantile(quantile_of(rule.aggregate));
  default: return std::nullopt;
  }
}

OnceResult OnceEvaluator::Impl::result_of(const OnceGroup& group, double value) const {
  OnceResult result;
  result.name = group.name;
  result.tags = group.tags;
  result.value = value;
  result.threshold = rule.levels.front().condition.reported_threshold(value);
  for (const auto& level : rule.levels)
    if (level.condition.holds(value)) {
      result.violated = true;
      result.severity = level.severity;
      result.threshold = level.condition.reported_threshold(value);
    }
  Event e;
  e.rule = rule.name;
  e.name = result.name;
  e.tags = result.tags;
  e.value = result.value;
  e.threshold = result.threshold;
  e.severity = result.violated ? result.severity : rule.severity();
  e.condition = rule.levels.front().condition.word();
  e.aggregate = rule.aggregate;
  // The gate carries the rule's name, so the default message starts with what was judged;
  // a passing result says the condition does not hold rather than restating it.
  Rule shown = rule;
  if (shown.message.empty()) {
    shown.message = rule.aggregate == Aggregate::none      ? std::string("{series} (last value)")
                    : rule.aggregate == Aggregate::anomaly ? std::string("anomaly score of {series} (last record)")
                                                           : std::string(to_string(rule.aggregate)) + " of {series}";
    if (rule.window.count() > 0 && group.last - group.first < rule.window.count())
      shown.message += " over the whole run (" + time::format_duration(time::Duration(group.last - group.first)) +
                       " of records, shorter than the window " + time::format_duration(rule.window) + ")";
    else if (rule.window.count() > 0)
      shown.message += " over the last " + time::format_duration(rule.window);
    shown.message += result.violated ? " = {value} ({condition} {threshold})" : " = {value} (not {condition} {threshold})";
  }
  result.message = render_message(shown, e);
  return result;
}

std::vector<OnceResult> OnceEvaluator::results() const {
  const Impl& impl = *m_impl;
  std::vector<OnceResult> out;
  if (impl.rule.aggregate == Aggregate::absent) {
    OnceResult result;
    result.name = impl.rule.selector.metric;
    result.value = static_cast<double>(impl.matched);
    result.violated = impl.matched == 0;
    result.severity = impl.rule.absent_severity;
    result.message = (impl.matched == 0 ? "no " : "found ") + impl.rule.selector.text();
    out.push_back(std::move(result));
    return out;
  }
  std::vector<std::pair<std::string_view, const OnceGroup*>> sorted;
  sorted.reserve(impl.groups.size());
  for (const auto& [key, group] : impl.groups)
    sorted.emplace_back(key, &group);
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [key, group] : sorted)
    if (auto value = impl.value_of(*group))
      out.push_back(impl.result_of(*group, *value));
  return out;
}

std::vector<std::string> OnceEvaluator::unjudged() const {
  const Impl& impl = *m_impl;
  std::vector<std::string> out;
  if (impl.rule.aggregate == Aggregate::absent)
    return out;
  for (const auto& [key, group] : impl.groups)
    if (!impl.value_of(group)) {
      const std::string why = impl.rule.aggregate == Aggregate::anomaly
                                  ? "its anomaly score is still warming up (" + std::to_string(group.points.size()) + " records)"
                                  : "a rate needs two records at different times";
      out.push_back(record::series_key(group.name, group.tags) + " not judged: " + why);
    }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<OnceResult> evaluate_once(const Rule& rule, const std::vector<record::Record>& records) {
  OnceEvaluator evaluator(rule);
  for (const auto& record : records)
    evaluator.add(record);
  return evaluator.results();
}

} // namespace pm::alert
