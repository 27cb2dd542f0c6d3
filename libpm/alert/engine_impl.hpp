// The engine's insides, shared by its evaluation (engine.cpp) and its persistence (state.cpp).
#pragma once

#include "libpm/alert/engine.hpp"
#include "libpm/alert/window.hpp"
#include "libpm/record/series_index.hpp"
#include "libpm/util/strings.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace pm::alert {

constexpr std::int64_t k_never = std::numeric_limits<std::int64_t>::min();
/// Record-time period of the sweep that checks staleness, absent() and emptied windows when
/// no record of a series comes: 15 s, a common Prometheus evaluation interval.
constexpr std::int64_t k_sweep_ms = 15'000;

enum class Phase { inactive, pending, firing };

/// The lifecycle of one alert: a rule on one series (or `by` group).
struct GroupState {
  std::string name;
  record::Tags tags;
  std::string unit;
  std::int64_t first_ts = k_never;
  std::int64_t last_ts = k_never; ///< last record of this group
  double last_value = 0;
  bool has_value = false;
  double last_threshold = 0;
  Window window;
  /// anomaly() rules: the series' detector, fed every record of the series in time order.
  std::optional<predict::AnomalyDetector> detector;

  Phase phase = Phase::inactive;
  std::int64_t pending_since = k_never;
  std::int64_t firing_since = k_never;
  std::int64_t last_notified = k_never;
  std::int64_t false_since = k_never; ///< for keep_firing_for
  record::Severity base_severity = record::Severity::info; ///< from the level reached
  record::Severity severity = record::Severity::info;      ///< notified: base plus escalation
  int escalation_steps = 0;
  bool notified_firing = false; ///< what receivers were last told
  bool missing = false;         ///< firing because data went missing (on_missing=alert)
  bool stale = false;
  bool unknown = false;
  /// Judged over all its records at the end of a finished input (see Engine::finish).
  bool whole_run = false;

  std::uint32_t flap_bits = 0; ///< last 21 problem/ok results, newest in bit 0
  int flap_count = 0;
  bool flapping = false;
};

struct GroupHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view key) const { return util::hash_bytes(key); }
};

struct RuleRuntime {
  Rule rule;
  std::string id; ///< canonical text: identifies the rule in saved state
  std::unordered_map<std::string, GroupState, GroupHash, std::equal_to<>> groups;
  /// The groups sorted by key, so that sweeps emit events in the same order whatever the
  /// history of the hash table (a run split in two must give the same events).
  std::vector<std::pair<std::string_view, GroupState*>> ordered;
  GroupState& add_group(const std::string& key, GroupState group);
  std::size_t fired = 0;
  std::int64_t firing_ms = 0; ///< closed firing periods
  std::size_t flaps = 0;
  bool saw_data = false;
  bool noted_no_data = false; ///< a run (kept in --state) already said it matched no record
  std::int64_t last_seen = k_never; ///< absent(): last matching record
};

/// What one evaluation found.
struct Verdict {
  bool problem = false;
  record::Severity severity = record::Severity::info;
  double value = 0;
  bool has_value = true;
  double threshold = 0;
  std::string_view condition;
};

struct Engine::Impl {
  std::vector<RuleRuntime> rules;
  std::unordered_map<std::string, std::vector<std::size_t>, GroupHash, std::equal_to<>> by_name;
  std::vector<std::size_t> glob_rules;
  std::vector<std::size_t> absent_rules;
  std::vector<Silence> silences;
  std::int64_t now = k_never;        ///< latest record time seen
  std::int64_t first_ts = k_never;   ///< first record time ever seen (absent() reference)
  std::int64_t next_sweep = k_never;
  std::size_t too_late = 0; ///< see Status::too_late

  /// Where a series' records go: each matching rule with its group (null for absent()).
  struct Target {
    std::size_t rule;
    GroupState* group;
  };
  /// Where each series seen in the input goes (found on its first record), by its number.
  record::SeriesIndex series;
  std::vector<std::vector<Target>> routes;

  std::vector<Target> route(const record::Record& record);
  /// False when the record was too old for the group's window (see Status::too_late).
  bool handle(std::size_t index, GroupState* group, const record::Record& record, std::int64_t t, const Sink& sink);

  void index_rules();
  void process(const record::Record& record, const Sink& sink);
  void sweep(std::int64_t t, bool windows, const Sink& sink);
  void evaluate(RuleRuntime& rr, GroupState& g, std::int64_t t, std::optional<double> value, const Sink& sink);
  /// Runs one evaluation's result through the lifecycle; `check_result` false keeps it out
  /// of flap detection (missing data is not a check result).
  void step(RuleRuntime& rr, GroupState& g, std::int64_t t, const Verdict& verdict, const Sink& sink,
            bool check_result = true);
  void notify(RuleRuntime& rr, GroupState& g, std::int64_t t, AlertState state, Notification notification,
              const Sink& sink);
  /// The event that describes `g` under `rr` at `t`.
  Event event(const RuleRuntime& rr, const GroupState& g, std::int64_t t, AlertState state,
              Notification notification) const;
  bool silenced(const RuleRuntime& rr, const GroupState& g, std::int64_t t) const;
};

/// The key of the series or `by` group `record` belongs to under `rule`, and its tags.
void group_key(const Rule& rule, const record::Record& record, std::string& key, record::Tags* tags);

/// True for the aggregates that run over an `over D` window (not value, absent, anomaly).
bool has_window(Aggregate aggregate);

/// A state's severity one step up (critical stays critical).
record::Severity raised(record::Severity severity, int steps);

} // namespace pm::alert
