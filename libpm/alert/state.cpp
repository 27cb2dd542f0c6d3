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

Engine::SavedState Engine::save_state(const StateLimits& limits) const {
  const Impl& impl = *m_impl;
  // Each alert group is written on its own (a JSON tree of the whole state costs ten times
  // the file), then the rules are put together around the groups that fit the limits.
  struct Entry {
    std::size_t rule;
    const std::string* key;
    const GroupState* group;
    std::string text;
    bool kept = true;
  };
  std::vector<Entry> entries;
  for (std::size_t r = 0; r < impl.rules.size(); ++r)
    for (const auto& [key, g] : impl.rules[r].groups)
      entries.push_back(Entry{r, &key, &g, {}, true});
  // Which go first when something must: inactive before pending or firing, then the least
  // recently seen, then by key (the same state always loses the same alerts).
  auto first_to_go = [](const Entry* a, const Entry* b) {
    bool a_active = a->group->phase != Phase::inactive, b_active = b->group->phase != Phase::inactive;
    if (a_active != b_active)
      return !a_active;
    if (a->group->last_ts != b->group->last_ts)
      return a->group->last_ts < b->group->last_ts;
    return *a->key < *b->key;
  };
  std::vector<Entry*> order;
  for (auto& e : entries)
    order.push_back(&e);
  std::sort(order.begin(), order.end(), first_to_go);
  SavedState saved;
  if (limits.max_groups != SIZE_MAX) {
    std::vector<std::size_t> kept(impl.rules.size(), 0);
    for (const auto& rr : impl.rules)
      kept[static_cast<std::size_t>(&rr - impl.rules.data())] = rr.groups.size();
    for (Entry* e : order)
      if (kept[e->rule] > limits.max_groups) {
        e->kept = false;
        --kept[e->rule];
        ++saved.dropped;
      }
  }
  // The size of the text, exactly: what the limit is checked against as groups go.
  std::size_t groups_bytes = 0;
  std::vector<std::size_t> kept_in_rule(impl.rules.size(), 0);
  for (auto& e : entries)
    if (e.kept) {
      json entry = group_json(*e.group);
      entry["key"] = *e.key;
      e.text = entry.dump();
      groups_bytes += e.text.size() + (kept_in_rule[e.rule]++ > 0 ? 1 : 0); // a comma before all but the first
    }

  std::vector<std::string> heads; // each rule without its groups, its closing brace left off
  std::size_t heads_bytes = 0;
  for (const auto& rr : impl.rules) {
    std::string head = json{{"rule", rr.rule.name},
                            {"id", rr.id},
                            {"fired", rr.fired},
                            {"firing_ms", rr.firing_ms},
                            {"flaps", rr.flaps},
                            {"saw_data", rr.saw_data},
                            {"noted_no_data", rr.noted_no_data},
                            {"last_seen", rr.last_seen}}
                           .dump();
    head.pop_back();
    heads_bytes += head.size() + 13 + (heads.empty() ? 0 : 1); // ,"groups":[ ]} and a comma between rules
    heads.push_back(std::move(head));
  }
  json silences = json::array();
  for (const auto& s : impl.silences)
    silences.push_back(json{{"rule", s.rule},
                            {"labels", labels_json(s.labels)},
                            {"from", s.from.time_since_epoch().count()},
                            {"until", s.until.time_since_epoch().count()}});
  std::string outer = json{{"pm_alert_state", k_state_version}, {"now", impl.now},
                           {"first_ts", impl.first_ts},         {"next_sweep", impl.next_sweep},
                           {"rules", json::array()},            {"silences", silences}}
                          .dump() +
                      "\n";
  const std::size_t fixed = outer.size() + heads_bytes; // the [] of "rules" stay: [ ] around the rules
  for (Entry* e : order) {
    if (fixed + groups_bytes <= limits.max_bytes)
      break;
    if (e->kept) {
      e->kept = false;
      groups_bytes -= e->text.size() + (--kept_in_rule[e->rule] > 0 ? 1 : 0);
      ++saved.dropped;
    }
  }

  // Sorted by key within a rule: the same state always reads the same, whatever the order of arrival.
  std::vector<std::vector<const Entry*>> by_rule(impl.rules.size());
  for (const auto& e : entries)
    if (e.kept)
      by_rule[e.rule].push_back(&e);
  std::string rules = "[";
  for (std::size_t r = 0; r < impl.rules.size(); ++r) {
    auto& groups = by_rule[r];
    std::sort(groups.begin(), groups.end(), [](const Entry* a, const Entry* b) { return *a->key < *b->key; });
    if (r > 0)
      rules += ',';
    rules += heads[r];
    rules += R"(,"groups":[)";
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (g > 0)
        rules += ',';
      rules += groups[g]->text;
    }
    rules += "]}";
  }
  rules += ']';
  // The keys are written sorted: "rules":[] is the member, never text inside a string (whose
  // quotes are escaped).
  const std::string placeholder = R"("rules":[])";
  auto at = outer.find(placeholder);
  saved.text.reserve(outer.size() + rules.size());
  saved.text.append(outer, 0, at + placeholder.size() - 2);
  saved.text += rules;
  saved.text.append(outer, at + placeholder.size());
  return saved;
}

void Engine::load_state(std::string_view text) {
  Impl& impl_ = *m_impl;
  // The alert groups are read one at a time as the parser meets them, each made a GroupState
  // and its JSON tree dropped, when the rule's "id" came before its "groups" (as save_state
  // writes them): a tree of the whole state costs ten times the file. Other files are read
  // as a whole tree below.
  struct StreamedRule {
    bool streamed = false;
    const RuleRuntime* rule = nullptr;
    std::vector<std::pair<std::string, GroupState>> groups;
  };
  std::vector<StreamedRule> streamed;
  bool version_ok = false, id_seen = false;
  std::string root_key, rule_key;
  auto one_group_at_a_time = [&](int depth, json::parse_event_t event, json& parsed) -> bool {
    using Parse = json::parse_event_t;
    if (depth == 1 && event == Parse::key)
      root_key = parsed.get<std::string>();
    else if (depth == 1 && event == Parse::value && root_key == "pm_alert_state")
      version_ok = parsed == k_state_version;
    if (root_key != "rules" || !version_ok)
      return true;
    if (depth == 2 && event == Parse::object_start) {
      streamed.emplace_back();
      id_seen = false;
      rule_key.clear();
    } else if (depth == 3 && event == Parse::key) {
      rule_key = parsed.get<std::string>();
    } else if (depth == 3 && event == Parse::value && rule_key == "id" && parsed.is_string() && !streamed.empty()) {
      id_seen = true;
      for (const auto& rr : impl_.rules)
        if (rr.id == parsed.get_ref<const std::string&>()) {
          streamed.back().rule = &rr;
          break;
        }
    } else if (depth == 3 && event == Parse::array_start && rule_key == "groups" && id_seen) {
      streamed.back().streamed = true;
    } else if (depth == 4 && event == Parse::object_end && rule_key == "groups" && id_seen) {
      if (streamed.back().rule)
        streamed.back().groups.emplace_back(parsed.at("key").get<std::string>(), group_from(parsed, streamed.back().rule->rule));
      return false;
    }
    return true;
  };
  json state;
  try {
    state = json::parse(text, one_group_at_a_time, false);
  } catch (const json::exception& e) {
    throw Error(std::string("state: damaged state file: ") + e.what());
  } catch (const Error& e) {
    throw Error(std::string("state: damaged state file: ") + e.what());
  }
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
    std::size_t index = 0;
    for (const auto& saved : state.at("rules")) {
      StreamedRule* read_already = index < streamed.size() && streamed[index].streamed ? &streamed[index] : nullptr;
      ++index;
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
        if (read_already) {
          if (read_already->rule == &rr)
            for (auto& [key, g] : read_already->groups)
              rr.add_group(key, std::move(g));
        } else {
          for (const auto& g : saved.at("groups"))
            rr.add_group(g.at("key").get<std::string>(), group_from(g, rr.rule));
        }
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
