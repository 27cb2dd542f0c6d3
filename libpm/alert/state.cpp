// The engine's state as JSON (for --state FILE), and silences.
#include "libpm/alert/engine_impl.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace pm::alert {

namespace {

using nlohmann::json;
constexpr int k_state_version = 1;

/// An integer member: nlohmann's get<> of a float (-9.2e18, 1e300) into an integer is
/// undefined behaviour (found by tests/fuzz/alert_state.cpp); a damaged state says so instead.
template <class T>
T whole(const json& value) {
  if (!value.is_number_integer())
    throw Error("expected an integer, got " + value.dump());
  return value.get<T>();
}

json tags_json(const record::Tags& tags) {
  json out = json::object();
  for (const auto& [k, v] : tags)
    out[k] = v;
  return out;
}

record::Tags tags_from(const json& object) {
  record::Tags tags;
  for (const auto& [k, v] : object.items()) {
    if (k.empty())
      throw Error("a series has a tag with an empty key");
    tags.emplace_back(k, v.get<std::string>());
  }
  std::sort(tags.begin(), tags.end());
  return tags;
}

json labels_json(const std::vector<record::TagMatcher>& labels) {
  json out = json::array();
  for (const auto& l : labels)
    out.push_back({l.key, l.value, l.negated});
  return out;
}

std::vector<record::TagMatcher> labels_from(const json& array) {
  std::vector<record::TagMatcher> labels;
  for (const auto& l : array)
    labels.push_back(record::TagMatcher{l.at(0).get<std::string>(), l.at(1).get<std::string>(), l.at(2).get<bool>()});
  return labels;
}

json group_json(const GroupState& g) {
  json w = json::array();
  for (const auto& s : g.window.samples())
    w.push_back({s.ts, s.value, s.seq, s.flagged});
  json out{{"name", g.name},
           {"tags", tags_json(g.tags)},
           {"unit", g.unit},
           {"first_ts", g.first_ts},
           {"last_ts", g.last_ts},
           {"last_value", g.last_value},
           {"has_value", g.has_value},
           {"last_threshold", g.last_threshold},
           {"window", w},
           {"window_sum", g.window.sum()},
           {"window_seq", g.window.next_seq()},
           {"phase", static_cast<int>(g.phase)},
           {"pending_since", g.pending_since},
           {"firing_since", g.firing_since},
           {"last_notified", g.last_notified},
           {"false_since", g.false_since},
           {"base_severity", static_cast<int>(g.base_severity)},
           {"severity", static_cast<int>(g.severity)},
           {"escalation_steps", g.escalation_steps},
           {"notified_firing", g.notified_firing},
           {"missing", g.missing},
           {"stale", g.stale},
           {"unknown", g.unknown},
           {"flap_bits", g.flap_bits},
           {"flap_count", g.flap_count},
           {"flapping", g.flapping}};
  if (g.detector)
    out["anomaly"] = g.detector->save();
  return out;
}

GroupState group_from(const json& j, const Rule& rule) {
  const Aggregate aggregate = rule.aggregate;
  GroupState g;
  g.name = j.at("name").get<std::string>();
  // A series comes back only as a record could have named it: its alerts are records again.
  if (auto valid = record::validate_name(g.name); !valid)
    throw Error("a series' " + valid.error());
  g.tags = tags_from(j.at("tags"));
  g.unit = j.at("unit").get<std::string>();
  g.first_ts = whole<std::int64_t>(j.at("first_ts"));
  g.last_ts = whole<std::int64_t>(j.at("last_ts"));
  g.last_value = j.at("last_value").get<double>();
  g.has_value = j.at("has_value").get<bool>();
  g.last_threshold = j.at("last_threshold").get<double>();
  std::deque<WindowSample> samples;
  for (const auto& s : j.at("window"))
    samples.push_back(WindowSample{whole<std::int64_t>(s.at(0)), s.at(1).get<double>(), whole<std::uint64_t>(s.at(2)),
                                   s.at(3).get<bool>()});
  g.window = Window(aggregate);
  g.window.restore(std::move(samples), j.at("window_sum").get<double>(), whole<std::uint64_t>(j.at("window_seq")));
  int phase = j.at("phase").get<int>();
  if (phase < 0 || phase > 2)
    throw Error("bad phase");
  g.phase = static_cast<Phase>(phase);
  g.pending_since = whole<std::int64_t>(j.at("pending_since"));
  g.firing_since = whole<std::int64_t>(j.at("firing_since"));
  g.last_notified = whole<std::int64_t>(j.at("last_notified"));
  g.false_since = whole<std::int64_t>(j.at("false_since"));
  auto severity = [&](const char* key) {
    int s = j.at(key).get<int>();
    if (s < 0 || s > 3)
      throw Error("bad severity");
    return static_cast<record::Severity>(s);
  };
  g.base_severity = severity("base_severity");
  g.severity = severity("severity");
  g.escalation_steps = j.at("escalation_steps").get<int>();
  g.notified_firing = j.at("notified_firing").get<bool>();
  g.missing = j.at("missing").get<bool>();
  g.stale = j.at("stale").get<bool>();
  g.unknown = j.at("unknown").get<bool>();
  g.flap_bits = whole<std::uint32_t>(j.at("flap_bits"));
  g.flap_count = j.at("flap_count").get<int>();
  g.flapping = j.at("flapping").get<bool>();
  if (aggregate == Aggregate::anomaly)
    g.detector.emplace(predict::AnomalyDetector::load(rule.anomaly_settings(), j.at("anomaly")).value_or_throw());
  return g;
}

} // namespace

std::string Engine::save_state() const {
  const Impl& impl = *m_impl;
  json rules = json::array();
  for (const auto& rr : impl.rules) {
    // Sorted by key: the same state always reads the same, whatever the order of arrival.
    std::vector<std::pair<const std::string*, const GroupState*>> sorted;
    for (const auto& [key, g] : rr.groups)
      sorted.emplace_back(&key, &g);
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    json groups = json::array();
    for (const auto& [key, g] : sorted) {
      json entry = group_json(*g);
      entry["key"] = *key;
      groups.push_back(std::move(entry));
    }
    rules.push_back(json{{"rule", rr.rule.name},
                         {"id", rr.id},
                         {"fired", rr.fired},
                         {"firing_ms", rr.firing_ms},
                         {"flaps", rr.flaps},
                         {"saw_data", rr.saw_data},
                         {"noted_no_data", rr.noted_no_data},
                         {"last_seen", rr.last_seen},
                         {"groups", groups}});
  }
  json silences = json::array();
  for (const auto& s : impl.silences)
    silences.push_back(json{{"rule", s.rule},
                            {"labels", labels_json(s.labels)},
                            {"from", s.from.time_since_epoch().count()},
                            {"until", s.until.time_since_epoch().count()}});
  json state{{"pm_alert_state", k_state_version}, {"now", impl.now},      {"first_ts", impl.first_ts},
             {"next_sweep", impl.next_sweep},    {"rules", rules},       {"silences", silences}};
  return state.dump() + "\n";
}

void Engine::load_state(std::string_view text) {
  json state = json::parse(text, nullptr, false);
  if (state.is_discarded() || !state.is_object() || !state.contains("pm_alert_state"))
    throw Error("state: not a pm-alert state file (not JSON, or no \"pm_alert_state\" member)");
  if (state["pm_alert_state"] != k_state_version)
    throw Error("state: version " + state["pm_alert_state"].dump() + " is not supported (expected " +
                std::to_string(k_state_version) + ")");
  try {
    Impl& impl = *m_impl;
    impl.routes.clear(); // routes point into the groups replaced below
    impl.series.clear();
    impl.now = whole<std::int64_t>(state.at("now"));
    impl.first_ts = whole<std::int64_t>(state.at("first_ts"));
    impl.next_sweep = whole<std::int64_t>(state.at("next_sweep"));
    for (const auto& s : state.at("silences")) {
      Silence silence;
      silence.rule = s.at("rule").get<std::string>();
      silence.labels = labels_from(s.at("labels"));
      silence.until = time::TimePoint(time::Duration(whole<std::int64_t>(s.at("until"))));
      silence.from = time::TimePoint(time::Duration(s.contains("from") ? whole<std::int64_t>(s.at("from")) : k_never));
      if (silence.until.time_since_epoch().count() > impl.now)
        impl.silences.push_back(std::move(silence));
    }
    for (const auto& saved : state.at("rules")) {
      std::string id = saved.at("id").get<std::string>();
      for (auto& rr : impl.rules) {
        if (rr.id != id)
          continue;
        rr.fired = whole<std::size_t>(saved.at("fired"));
        rr.firing_ms = whole<std::int64_t>(saved.at("firing_ms"));
        rr.flaps = whole<std::size_t>(saved.at("flaps"));
        rr.saw_data = saved.at("saw_data").get<bool>();
        rr.noted_no_data = saved.value("noted_no_data", false);
        rr.last_seen = whole<std::int64_t>(saved.at("last_seen"));
        rr.groups.clear();
        rr.ordered.clear();
        for (const auto& g : saved.at("groups"))
          rr.add_group(g.at("key").get<std::string>(), group_from(g, rr.rule));
      }
    }
  } catch (const json::exception& e) {
    throw Error(std::string("state: damaged state file: ") + e.what());
  } catch (const Error& e) {
    throw Error(std::string("state: damaged state file: ") + e.what());
  }
}

Silence parse_silence(std::string_view text, time::TimePoint until) {
  Silence silence;
  silence.until = until;
  auto brace = text.find('{');
  silence.rule = std::string(util::trim(text.substr(0, brace)));
  if (silence.rule.empty())
    throw UsageError("--silence " + util::quote(text) + ": expected a rule name (or glob) before the tags");
  if (brace != std::string_view::npos) {
    // The selector grammar reads the tags: `x{...}` with the rule name as a stand-in metric.
    Rule probe;
    try {
      probe = parse_rule("x" + std::string(text.substr(brace)) + " > 0", "--silence");
    } catch (const UsageError& e) {
      throw UsageError(std::string(e.what()) + " (in " + util::quote(text) + ")");
    }
    silence.labels = probe.selector.labels;
  }
  return silence;
}

} // namespace pm::alert
