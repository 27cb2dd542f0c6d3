// The alert engine: routes records to rules and series, evaluates windows, runs each alert's lifecycle.
#include "libpm/alert/engine_impl.hpp"

#include "libpm/alert/message.hpp"
#include "libpm/record/request.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace pm::alert {

namespace {

std::int64_t to_ms(time::TimePoint t) { return t.time_since_epoch().count(); }
time::TimePoint from_ms(std::int64_t ms) { return time::TimePoint(time::Duration(ms)); }

// Nagios' flap detection: the 20 state changes between the last 21 results, weighted from
// 0.8 (oldest) to 1.2 (newest), as a percentage of 20.
double flap_percent(std::uint32_t bits, int count) {
  if (count < 2)
    return 0;
  // Bit i of `changes` says whether result i (0 = newest) differs from result i+1.
  std::uint32_t changes = (bits ^ (bits >> 1)) & ((1u << (count - 1)) - 1);
  double weighted = 0;
  while (changes) {
    int i = __builtin_ctz(changes);
    weighted += 0.8 + 0.4 * static_cast<double>(19 - i) / 19.0;
    changes &= changes - 1;
  }
  return weighted * 100.0 / 20.0;
}
// Nagios' sample configuration thresholds (high_service_flap_threshold=20.0,
// low_service_flap_threshold=5.0): start above 20 %, stop below 5 %.
constexpr double k_flap_high = 20.0;
constexpr double k_flap_low = 5.0;

} // namespace

bool has_window(Aggregate aggregate) {
  return aggregate != Aggregate::none && aggregate != Aggregate::absent && aggregate != Aggregate::anomaly;
}

record::Severity raised(record::Severity severity, int steps) {
  int level = static_cast<int>(severity) + steps;
  return static_cast<record::Severity>(std::min(level, static_cast<int>(record::Severity::critical)));
}

std::string_view to_string(AlertState state) { return state == AlertState::firing ? "firing" : "resolved"; }

std::string_view to_string(Notification notification) {
  switch (notification) {
  case Notification::none: return "";
  case Notification::escalation: return "escalation";
  case Notification::repeat: return "repeat";
  case Notification::flapping_start: return "flapping_start";
  case Notification::flapping_stop: return "flapping_stop";
  case Notification::severity_change: return "severity_change";
  }
  return "";
}

record::Record Event::to_record() const {
  record::Record r;
  r.ts = ts;
  r.has_ts = true;
  r.kind = "alert";
  r.name = name;
  r.value = value;
  r.has_value = has_value;
  r.unit = unit;
  r.tags = tags;
  r.add_field("rule", rule);
  r.add_field("state", to_string(state));
  r.add_field("severity", record::to_string(severity));
  r.add_field("threshold", threshold);
  r.add_field("condition", condition);
  if (aggregate != Aggregate::none)
    r.add_field("aggregate", alert::to_string(aggregate));
  r.add_field("message", message);
  r.add_field("since", time::format_timestamp(since));
  if (notification != Notification::none)
    r.add_field("notification", to_string(notification));
  if (flapping)
    r.add_raw_field("flapping", "true");
  return r;
}

namespace {

/// The unit of what an aggregate judges when it is not the samples' own: "" for those that are.
std::string_view judged_unit(Aggregate aggregate) {
  switch (aggregate) {
  case Aggregate::error_rate: return "ratio";
  case Aggregate::count: return "count";
  case Aggregate::rate: return "1/s";
  default: return {};
  }
}

} // namespace

void group_key(const Rule& rule, const record::Record& record, std::string& key, record::Tags* tags) {
  bool grouped = rule.by.has_value() || rule.aggregate == Aggregate::error_rate;
  if (!grouped) {
    key = record.series_key();
    if (tags)
      *tags = record.tags;
    return;
  }
  key = record.name;
  key += '\x1f';
  if (tags)
    tags->clear();
  for (const auto& [k, v] : record.tags) {
    bool keep = rule.by ? std::find(rule.by->begin(), rule.by->end(), k) != rule.by->end()
                        : !record::is_outcome_tag(k);
    if (!keep)
      continue;
    key += k;
    key += '\x1e';
    key += v;
    key += '\x1f';
    if (tags)
      tags->emplace_back(k, v);
  }
}

Engine::Engine(std::vector<Rule> rules) : m_impl(std::make_unique<Impl>()) {
  check_unique_names(rules);
  for (auto& rule : rules) {
    if (has_window(rule.aggregate) && rule.window.count() <= 0)
      throw UsageError("rule " + util::quote(rule.name) + ": " + std::string(to_string(rule.aggregate)) +
                       "() needs a window in a stream: add \"over DURATION\"");
    if (rule.aggregate == Aggregate::absent)
      rule.flapping = false;
    RuleRuntime rr;
    rr.id = rule.canonical();
    rr.rule = std::move(rule);
    m_impl->rules.push_back(std::move(rr));
  }
  m_impl->index_rules();
}

Engine::~Engine() = default;

GroupState& RuleRuntime::add_group(const std::string& key, GroupState group) {
  auto it = groups.emplace(key, std::move(group)).first;
  std::pair<std::string_view, GroupState*> entry{it->first, &it->second};
  ordered.insert(std::upper_bound(ordered.begin(), ordered.end(), entry,
                                  [](const auto& a, const auto& b) { return a.first < b.first; }),
                 entry);
  return it->second;
}

void Engine::Impl::index_rules() {
  by_name.clear();
  glob_rules.clear();
  absent_rules.clear();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i].rule;
    if (rule.aggregate == Aggregate::absent)
      absent_rules.push_back(i);
    if (rule.selector.is_glob())
      glob_rules.push_back(i);
    else
      by_name[rule.selector.metric].push_back(i);
  }
}

std::vector<Rule> Engine::rules() const {
  std::vector<Rule> copy;
  for (const auto& rr : m_impl->rules)
    copy.push_back(rr.rule);
  return copy;
}

bool Engine::note_no_data(const std::string& rule) {
  for (auto& rr : m_impl->rules)
    if (rr.rule.name == rule)
      return !std::exchange(rr.noted_no_data, true);
  return false;
}

void Engine::add_silence(Silence silence) { m_impl->silences.push_back(std::move(silence)); }

bool Engine::Impl::silenced(const RuleRuntime& rr, const GroupState& g, std::int64_t t) const {
  for (const auto& s : silences) {
    if (to_ms(s.until) <= t || to_ms(s.from) > t || !util::glob_match(s.rule, rr.rule.name))
      continue;
    record::Record probe;
    probe.tags = g.tags;
    Selector selector;
    selector.labels = s.labels;
    if (selector.matches_tags(probe))
      return true;
  }
  return false;
}

void Engine::Impl::notify(RuleRuntime& rr, GroupState& g, std::int64_t t, AlertState state,
                          Notification notification, const Sink& sink) {
  if (notification == Notification::none)
    g.notified_firing = state == AlertState::firing;
  g.last_notified = t;
  if (sink)
    sink(event(rr, g, t, state, notification));
}

Event Engine::Impl::event(const RuleRuntime& rr, const GroupState& g, std::int64_t t, AlertState state,
                          Notification notification) const {
  Event e;
  e.ts = from_ms(t);
  e.rule = rr.rule.name;
  e.name = g.name;
  e.tags = g.tags;
  e.state = state;
  e.severity = g.severity;
  e.value = g.last_value;
  e.has_value = g.has_value;
  e.threshold = g.last_threshold;
  e.condition = g.missing ? "missing" : rr.rule.aggregate == Aggregate::absent ? "absent"
                                                                               : std::string(rr.rule.levels.front().condition.word());
  e.since = from_ms(g.firing_since == k_never ? t : g.firing_since);
  e.notification = notification;
  e.flapping = g.flapping;
  e.unit = g.unit;
  e.aggregate = rr.rule.aggregate;
  e.message = render_message(rr.rule, e);
  if (g.whole_run)
    e.message += " (over the whole run: " + time::format_duration(from_ms(g.last_ts) - from_ms(g.first_ts)) +
                 " of records, shorter than the window " + time::format_duration(rr.rule.window) + ")";
  return e;
}

void Engine::Impl::step(RuleRuntime& rr, GroupState& g, std::int64_t t, const Verdict& v, const Sink& sink,
                        bool check_result) {
  const Rule& rule = rr.rule;
  g.last_value = v.value;
  g.has_value = v.has_value;
  g.last_threshold = v.threshold;

  int flap_change = 0;
  if (rule.flapping && check_result) {
    g.flap_bits = ((g.flap_bits << 1) | (v.problem ? 1u : 0u)) & ((1u << 21) - 1);
    g.flap_count = std::min(g.flap_count + 1, 21);
    double percent = flap_percent(g.flap_bits, g.flap_count);
    if (!g.flapping && percent > k_flap_high) {
      g.flapping = true;
      ++rr.flaps;
      flap_change = 1;
    } else if (g.flapping && percent < k_flap_low) {
      g.flapping = false;
      flap_change = -1;
    }
  }

  std::int64_t for_ms = rule.aggregate == Aggregate::absent ? 0 : rule.for_duration.count();
  auto fire = [&] {
    g.phase = Phase::firing;
    g.firing_since = t;
    g.base_severity = v.severity;
    g.severity = v.severity;
    g.escalation_steps = 0;
    g.false_since = k_never;
    ++rr.fired;
  };
  auto resolve = [&] {
    rr.firing_ms += t - g.firing_since;
    g.phase = Phase::inactive;
    g.pending_since = k_never;
    g.false_since = k_never;
    g.missing = false;
  };
  bool visible = !g.flapping && !silenced(rr, g, t);
  auto repeat_due = [&] {
    return rule.repeat.count() > 0 && visible && g.notified_firing && t - g.last_notified >= rule.repeat.count();
  };
  switch (g.phase) {
  case Phase::inactive:
    if (!v.problem)
      break;
    g.phase = Phase::pending;
    g.pending_since = t;
    [[fallthrough]];
  case Phase::pending:
    if (!v.problem) {
      g.phase = Phase::inactive;
      g.pending_since = k_never;
    } else if (t - g.pending_since >= for_ms) {
      fire();
    }
    break;
  case Phase::firing:
    if (v.problem) {
      g.false_since = k_never;
      g.base_severity = v.severity;
      int steps = rule.escalate.count() > 0 ? static_cast<int>((t - g.firing_since) / rule.escalate.count()) : 0;
      record::Severity effective = raised(g.base_severity, steps);
      bool escalated = steps > g.escalation_steps;
      g.escalation_steps = steps;
      if (effective != g.severity) {
        g.severity = effective;
        if (visible && g.notified_firing)
          notify(rr, g, t, AlertState::firing, escalated ? Notification::escalation : Notification::severity_change, sink);
      } else if (repeat_due()) {
        notify(rr, g, t, AlertState::firing, Notification::repeat, sink);
      }
    } else if (rule.keep_firing_for.count() > 0) {
      if (g.false_since == k_never)
        g.false_since = t;
      if (t - g.false_since >= rule.keep_firing_for.count())
        resolve();
      else if (repeat_due()) // still firing, as Alertmanager repeats it
        notify(rr, g, t, AlertState::firing, Notification::repeat, sink);
    } else {
      resolve();
    }
    break;
  }

  AlertState now_state = g.phase == Phase::firing ? AlertState::firing : AlertState::resolved;
  if (flap_change != 0 && !silenced(rr, g, t))
    notify(rr, g, t, now_state, flap_change > 0 ? Notification::flapping_start : Notification::flapping_stop, sink);
  if (visible || flap_change < 0) {
    visible = !g.flapping && !silenced(rr, g, t);
    if (visible && (g.phase == Phase::firing) != g.notified_firing)
      notify(rr, g, t, now_state, Notification::none, sink);
  }
}

void Engine::Impl::evaluate(RuleRuntime& rr, GroupState& g, std::int64_t t, std::optional<double> value, const Sink& sink) {
  if (!value)
    return;
  const Rule& rule = rr.rule;
  const Level& main = rule.levels.front();
  Verdict v;
  v.value = *value;
  v.severity = main.severity;
  v.threshold = main.condition.reported_threshold(*value);
  for (const auto& level : rule.levels)
    if (level.condition.holds(*value)) {
      v.problem = true;
      v.severity = level.severity;
      v.threshold = level.condition.reported_threshold(*value);
    }
  if (!v.problem && g.phase == Phase::firing && rule.clear) {
    Condition hysteresis = main.condition;
    hysteresis.threshold = *rule.clear;
    if (hysteresis.holds(*value)) {
      v.problem = true;
      v.severity = g.base_severity;
    }
  }
  step(rr, g, t, v, sink);
}

void Engine::Impl::process(const record::Record& record, const Sink& sink) {
  if (!record.is_sample())
    return;
  std::int64_t t = to_ms(record.ts);
  if (first_ts == k_never)
    first_ts = t;
  // Quiet series are evaluated on a grid of sweep times. A grid time is swept only once a
  // record later than it arrives, so that a record exactly on the grid is in its window
  // before the window is judged (else the sweep would judge it without that record, and
  // the record's own evaluation an instant later would undo the verdict).
  if (next_sweep == k_never) {
    next_sweep = (t / k_sweep_ms + 1) * k_sweep_ms;
  } else if (t > next_sweep) {
    std::int64_t boundary = (t - 1) - (t - 1) % k_sweep_ms; // the last grid time before t
    sweep(boundary, true, sink);
    next_sweep = boundary + k_sweep_ms;
  }
  now = std::max(now, t);

  // The series' rules and groups are found once, on its first record.
  auto [index, fresh] = series.find_or_add(record);
  if (fresh)
    routes.push_back(route(record));
  bool late = false;
  for (const auto& target : routes[index])
    late |= !handle(target.rule, target.group, record, t, sink);
  too_late += late ? 1 : 0;
}

std::vector<Engine::Impl::Target> Engine::Impl::route(const record::Record& record) {
  std::vector<Target> targets;
  std::string key;
  auto add = [&](std::size_t index) {
    RuleRuntime& rr = rules[index];
    const Rule& rule = rr.rule;
    if (!rule.selector.matches_tags(record))
      return;
    if (rule.aggregate == Aggregate::absent) {
      targets.push_back(Target{index, nullptr});
      return;
    }
    group_key(rule, record, key, nullptr);
    auto it = rr.groups.find(std::string_view(key));
    if (it == rr.groups.end()) {
      GroupState fresh;
      fresh.name = record.name;
      std::string ignored;
      group_key(rule, record, ignored, &fresh.tags);
      fresh.window = Window(rule.aggregate);
      if (rule.aggregate == Aggregate::anomaly)
        fresh.detector.emplace(rule.anomaly_settings());
      targets.push_back(Target{index, &rr.add_group(key, std::move(fresh))});
    } else {
      targets.push_back(Target{index, &it->second}); // unordered_map nodes never move
    }
  };
  if (auto it = by_name.find(std::string_view(record.name)); it != by_name.end())
    for (std::size_t index : it->second)
      add(index);
  for (std::size_t index : glob_rules)
    if (rules[index].rule.selector.matches_name(record.name))
      add(index);
  return targets;
}

bool Engine::Impl::handle(std::size_t index, GroupState* group, const record::Record& record, std::int64_t t,
                          const Sink& sink) {
  RuleRuntime& rr = rules[index];
  const Rule& rule = rr.rule;
  rr.saw_data = true;
  if (!group) { // absent()
    rr.last_seen = std::max(rr.last_seen, t);
    auto it = rr.groups.find(std::string_view{});
    if (it != rr.groups.end() && it->second.phase != Phase::inactive) {
      Verdict v;
      v.value = 0;
      v.threshold = static_cast<double>(rule.for_duration.count()) / 1000.0;
      v.severity = rule.absent_severity;
      step(rr, it->second, std::max(t, it->second.last_ts), v, sink);
    }
    return true;
  }
  GroupState& g = *group;
  if (has_window(rule.aggregate) && g.last_ts != k_never && t <= g.last_ts - rule.window.count()) {
    return false; // outside the window (last_ts - D, last_ts]: counting it "now" would be
  }               // wrong, and would let a replayed stream pile up in one instant of the window
  std::int64_t tt = std::max(t, g.last_ts);
  if (g.first_ts == k_never)
    g.first_ts = tt;
  g.last_ts = tt;
  // What is judged keeps the samples' unit only when it is a value of theirs: a score, a
  // share of failed requests, a count or records per second are not in seconds.
  if (std::string_view own = judged_unit(rule.aggregate); !own.empty()) {
    if (g.unit != own) // also a unit a state file of an older pm restored
      g.unit = own;
  } else if (!record.unit.empty() && g.unit != record.unit && rule.aggregate != Aggregate::anomaly) {
    g.unit = record.unit;
  }
  g.stale = false;
  g.unknown = false;
  g.missing = false;
  if (rule.aggregate == Aggregate::none) {
    evaluate(rr, g, tt, record.value, sink);
    return true;
  }
  if (rule.aggregate == Aggregate::anomaly) {
    // Scored against the points before it, then learned; a detector still warming up has
    // no verdict yet (as a rate before its first full window).
    predict::AnomalyScore score = g.detector->update(from_ms(tt), record.value);
    if (!score.warming_up)
      evaluate(rr, g, tt, score.score, sink);
    return true;
  }
  std::int64_t window_ms = rule.window.count();
  g.window.push(tt, record.value, rule.aggregate == Aggregate::error_rate && record::is_failed_request(record));
  g.window.evict(tt - window_ms);
  if (tt - g.first_ts < window_ms)
    return true; // minimum evidence: the group's records must cover the window (see covered)
  evaluate(rr, g, tt, g.window.value(window_ms), sink);
  return true;
}

void Engine::Impl::sweep(std::int64_t t, bool windows, const Sink& sink) {
  for (std::size_t index : absent_rules) {
    RuleRuntime& rr = rules[index];
    std::int64_t reference = rr.last_seen != k_never ? rr.last_seen : first_ts;
    if (reference == k_never)
      continue;
    auto it = rr.groups.find(std::string_view{});
    GroupState* group = it == rr.groups.end() ? nullptr : &it->second;
    if (!group) {
      GroupState fresh;
      fresh.name = rr.rule.selector.metric;
      for (const auto& label : rr.rule.selector.labels)
        if (!label.negated && label.value.find_first_of("*?[") == std::string::npos)
          fresh.tags.emplace_back(label.key, label.value);
      std::sort(fresh.tags.begin(), fresh.tags.end());
      group = &rr.add_group(std::string(), std::move(fresh));
    }
    GroupState& g = *group;
    Verdict v;
    v.value = static_cast<double>(t - reference) / 1000.0;
    v.threshold = static_cast<double>(rr.rule.for_duration.count()) / 1000.0;
    v.severity = rr.rule.absent_severity;
    v.problem = t - reference >= rr.rule.for_duration.count();
    if (v.problem || g.phase != Phase::inactive)
      step(rr, g, std::max(t, g.last_ts), v, sink);
    g.last_ts = std::max(t, g.last_ts);
  }
  for (auto& rr : rules) {
    const Rule& rule = rr.rule;
    if (rule.aggregate == Aggregate::absent)
      continue;
    std::int64_t stale_ms = rule.stale_duration().count();
    for (auto& [key, group] : rr.ordered) {
      GroupState& g = *group;
      if (g.last_ts == k_never || t < g.last_ts)
        continue;
      // Windows of quiet groups only: a group that had a record since the last sweep was
      // evaluated then.
      if (windows && has_window(rule.aggregate) && !g.stale && t - g.last_ts >= k_sweep_ms) {
        std::int64_t window_ms = rule.window.count();
        g.window.evict(t - window_ms);
        if (t - g.first_ts >= window_ms)
          evaluate(rr, g, t, g.window.value(window_ms), sink);
      }
      if (g.stale || t - g.last_ts < stale_ms)
        continue;
      g.stale = true;
      switch (rule.on_missing) {
      case MissingPolicy::keep: break;
      case MissingPolicy::unknown: g.unknown = true; break;
      case MissingPolicy::ok: {
        Verdict v;
        v.value = g.last_value;
        v.has_value = g.has_value;
        v.threshold = g.last_threshold;
        v.severity = g.base_severity;
        step(rr, g, t, v, sink, false); // missing data is not a check result for flapping
        break;
      }
      case MissingPolicy::alert:
        if (g.phase != Phase::firing) {
          Verdict v;
          v.problem = true;
          v.value = g.last_value;
          v.threshold = g.last_threshold;
          v.severity = rule.severity();
          g.missing = true;
          g.phase = Phase::pending;
          g.pending_since = t - rule.for_duration.count(); // missing data fires at once
          step(rr, g, t, v, sink, false);
        }
        break;
      }
    }
  }
}

void Engine::process(const record::Record& record, const Sink& sink) { m_impl->process(record, sink); }

void Engine::finish(time::TimePoint now, const Sink& sink, InputEnd end) {
  if (end == InputEnd::finished)
    for (auto& rr : m_impl->rules) {
      if (!has_window(rr.rule.aggregate))
        continue;
      const std::int64_t window_ms = rr.rule.window.count();
      for (auto& [key, group] : rr.ordered) {
        GroupState& g = *group;
        if (g.first_ts == k_never || g.last_ts - g.first_ts >= window_ms)
          continue; // judged in the stream
        // Nothing was evicted yet: the window holds every record of the group.
        g.whole_run = true;
        std::optional<double> value = g.window.value(window_ms);
        if (rr.rule.aggregate == Aggregate::rate) // two records at different times, at least
          value = g.last_ts == g.first_ts ? std::nullopt
                                          : std::optional<double>(static_cast<double>(g.window.size()) /
                                                                  (static_cast<double>(std::max<std::int64_t>(
                                                                       g.last_ts - g.first_ts, 1000)) /
                                                                   1000.0));
        m_impl->evaluate(rr, g, g.last_ts, value, sink);
      }
    }
  std::int64_t t = to_ms(now);
  if (m_impl->now != k_never)
    t = std::max(t, m_impl->now);
  m_impl->sweep(t, false, sink);
}

Status Engine::status() const {
  Status status;
  status.too_late = m_impl->too_late;
  std::int64_t t = m_impl->now;
  for (const auto& rr : m_impl->rules) {
    if (!rr.saw_data && rr.rule.aggregate != Aggregate::absent)
      status.rules_without_data.push_back(rr.rule.name);
    for (const auto& [key, g] : rr.groups) {
      if (g.unknown) {
        status.unknown = true;
        status.unknown_reasons.push_back(rr.rule.name + ": " + record::series_key(g.name, g.tags) + " has had no data since " +
                                         time::format_timestamp(from_ms(g.last_ts)) + " (stale_after " +
                                         time::format_duration(rr.rule.stale_duration()) + ")");
      }
      if (g.phase != Phase::firing || m_impl->silenced(rr, g, t))
        continue;
      if (!status.any_firing || g.severity > status.worst)
        status.worst = g.severity;
      status.any_firing = true;
    }
  }
  return status;
}

std::vector<RuleSummary> Engine::summaries() const {
  std::vector<RuleSummary> out;
  for (const auto& rr : m_impl->rules) {
    RuleSummary s;
    s.rule = rr.rule.name;
    s.fired = rr.fired;
    s.flaps = rr.flaps;
    s.saw_data = rr.saw_data;
    std::int64_t total = rr.firing_ms;
    for (const auto& [key, g] : rr.groups)
      if (g.phase == Phase::firing) {
        ++s.active;
        total += std::max<std::int64_t>(0, std::max(m_impl->now, g.last_ts) - g.firing_since);
      }
    s.firing_time = time::Duration(total);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Event> Engine::firing() const {
  std::vector<Event> out;
  for (const auto& rr : m_impl->rules)
    for (const auto& [key, g] : rr.groups)
      if (g.phase == Phase::firing)
        out.push_back(
            m_impl->event(rr, g, std::max(m_impl->now, g.firing_since), AlertState::firing, Notification::none));
  std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
    return std::tie(a.rule, a.name, a.tags) < std::tie(b.rule, b.name, b.tags);
  });
  return out;
}

std::vector<Reading> Engine::readings() const {
  std::vector<Reading> out;
  for (const auto& rr : m_impl->rules)
    for (const auto& [key, g] : rr.groups) {
      if (!g.has_value)
        continue;
      Reading r;
      r.rule = rr.rule.name;
      r.name = g.name;
      r.tags = g.tags;
      r.value = g.last_value;
      r.unit = g.unit;
      r.firing = g.phase == Phase::firing;
      r.severity = g.severity;
      out.push_back(std::move(r));
    }
  std::sort(out.begin(), out.end(), [](const Reading& a, const Reading& b) {
    return std::tie(a.rule, a.name, a.tags) < std::tie(b.rule, b.name, b.tags);
  });
  return out;
}

} // namespace pm::alert
