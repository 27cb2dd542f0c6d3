// The alert engine: records in time order in, firing/resolved transitions out, state that survives runs.
#pragma once

#include "libpm/alert/rule.hpp"
#include "libpm/record/record.hpp"
#include "libpm/stats/quantiles.hpp"
#include "libpm/time/time.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pm::alert {

enum class AlertState { firing, resolved };
std::string_view to_string(AlertState state);

/// Why an event was emitted beyond a plain state change.
enum class Notification { none, escalation, repeat, flapping_start, flapping_stop, severity_change };
std::string_view to_string(Notification notification);

/// One transition of one alert (a rule on one series or group): the `alert` record of pm-alert(1) Alert records.
struct Event {
  time::TimePoint ts{};   ///< the evaluation time (record time, or --now at the end of a run)
  std::string rule;
  std::string name;       ///< the metric name
  record::Tags tags;      ///< the series' (group's) tags
  AlertState state = AlertState::firing;
  record::Severity severity = record::Severity::warning;
  double value = 0;
  bool has_value = true;  ///< false for absent() and missing-data alerts
  double threshold = 0;
  std::string condition;  ///< above, below, equals, not_equals, outside, inside, absent, missing
  std::string message;
  time::TimePoint since{}; ///< when the alert started firing
  Notification notification = Notification::none;
  bool flapping = false;
  std::string unit;
  /// What judged `name`: the rule's aggregate (none: each value itself). The record says
  /// it, so that a report of alert records can name what was judged (`latency_p95`).
  Aggregate aggregate = Aggregate::none;

  /// The `kind:"alert"` record (ts, kind, name, value, unit, tags, then rule, state,
  /// severity, threshold, condition, aggregate (unless none), message, since, notification,
  /// flapping).
  record::Record to_record() const;
};

/// A silence: transitions of matching alerts are tracked but not notified from `from` until
/// `until` (compared with record time), so a replay of older records is not silenced.
struct Silence {
  std::string rule; ///< glob on the rule name
  std::vector<record::TagMatcher> labels;
  time::TimePoint from = time::TimePoint::min(); ///< min: since always (a state from before `from`)
  time::TimePoint until{};
};
/// Reads `RULE{key="value",...}` (the braces are optional); throws UsageError.
Silence parse_silence(std::string_view text, time::TimePoint until);

/// Per rule, over everything the engine has seen (for --summary).
struct RuleSummary {
  std::string rule;
  std::size_t fired = 0;            ///< firing transitions (not repeats/escalations)
  time::Duration firing_time{0};    ///< total time in firing state, up to the last evaluation
  std::size_t flaps = 0;            ///< times flapping started
  std::size_t active = 0;           ///< alerts firing now
  bool saw_data = false;
};

/// The engine's verdict at the end of a run, for the exit status.
struct Status {
  bool any_firing = false;
  record::Severity worst{record::Severity::info}; ///< of firing, unsilenced alerts
  bool unknown = false;            ///< a series is UNKNOWN (on_missing=unknown and its data stopped)
  /// Why, per UNKNOWN series: `RULE: SERIES has had no data since TIME (stale_after D)`.
  std::vector<std::string> unknown_reasons;
  std::vector<std::string> rules_without_data; ///< rules no record matched (absent() rules excepted)
  /// Records left out of an aggregate because they were older than their group's window
  /// (a stream replayed into a state that has seen later records).
  std::size_t too_late = 0;
};

/// The last value of a rule on one series, with its state (for `--format nagios` perfdata).
struct Reading {
  std::string rule;
  std::string name;
  record::Tags tags;
  double value = 0;
  std::string unit;
  bool firing = false;
  record::Severity severity = record::Severity::info;
};

/// How a run's input ended: a stream that goes on in a later run (pm-alert --state), or an
/// input that is all there is (a file, a finished pipe, pm-report).
enum class InputEnd { continues, finished };

/// Evaluates rules over records fed in time order. Everything is measured in record time:
/// windows, `for`, `keep_firing_for`, `repeat`, `escalate`, staleness. A record earlier than
/// the latest one seen for its series counts as if it came at that latest time.
class Engine {
public:
  using Sink = std::function<void(const Event&)>;

  /// Throws UsageError when a rule cannot run in a stream (an aggregate without `over D`).
  explicit Engine(std::vector<Rule> rules);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Feeds one sample (derived records are ignored); transitions go to `sink`, silenced
  /// ones are not sent.
  void process(const record::Record& record, const Sink& sink);
  /// Evaluates what needs no new record at `now`: absent(), stale series (on_missing),
  /// emptied windows. Call at the end of a run; `now` earlier than the last record is ignored.
  ///
  /// Minimum evidence: a rule `over D` judges a group only once the group's records cover
  /// the window (its first record at least D before the evaluation), so that a rate, an
  /// error rate or a percentile of the first few records of a stream neither fires nor
  /// flaps. With `end` finished, a group whose records span less than D (never judged) is
  /// judged once, at its last record, over all its records: a rate over their span (at
  /// least 1 s; none for records all at one time), the other aggregates over all of them;
  /// its message says so:
  /// `(over the whole run: 2m of records, shorter than the window 5m)`.
  void finish(time::TimePoint now, const Sink& sink, InputEnd end = InputEnd::continues);

  void add_silence(Silence silence);

  /// Marks `rule` as reported for matching no record; false when a run before this one
  /// (its state loaded) already reported it, so that cron mails it once, not every run.
  bool note_no_data(const std::string& rule);

  /// The whole state (pending, firing, silenced and flapping alerts, window contents,
  /// anomaly detectors, silences) as JSON; load_state() restores it. State saved for other rules is dropped
  /// rule by rule (a rule is identified by its name and canonical text).
  std::string save_state() const { return save_state(StateLimits{}).text; }
  /// What bounds a saved state, so that the `--state` file does not grow without end when
  /// series come and go from run to run.
  struct StateLimits {
    std::size_t max_bytes = SIZE_MAX;  ///< the size of the text (pm-alert: --max-state-size)
    std::size_t max_groups = SIZE_MAX; ///< alerts (series or `by` groups) per rule (pm-alert: --max-series)
  };
  struct SavedState {
    std::string text;
    std::size_t dropped = 0; ///< alerts left out to stay within the limits
  };
  /// The state as save_state() writes it, within `limits`: past them the alerts least
  /// recently seen are left out, inactive ones (nothing pending or firing) before the others.
  /// Only when the rules and silences alone exceed `max_bytes` is the text longer than it.
  SavedState save_state(const StateLimits& limits) const;
  /// Throws Error `state: ...` when the text is not a state this engine wrote.
  void load_state(std::string_view json);

  Status status() const;
  std::vector<RuleSummary> summaries() const;
  std::vector<Reading> readings() const;
  /// Every alert firing now, flapping or silenced ones too (their transitions may not have
  /// been notified), as the event of the latest evaluation.
  std::vector<Event> firing() const;
  std::vector<Rule> rules() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// The result of a rule evaluated once on one group of a finished set of records.
struct OnceResult {
  std::string name;
  record::Tags tags;
  double value = 0;
  bool violated = false;
  record::Severity severity = record::Severity::info; ///< of the highest level violated
  double threshold = 0;
  std::string message;
};

/// Evaluates `rule` once over a stream of records (any order) for CI gates: per group, the
/// aggregate over all records (or over the last `over D` before the group's latest record),
/// then the levels. `for`, `repeat` and the other lifecycle options do not apply; absent() is
/// violated when no record matches; anomaly() judges the score of the last record, its
/// detector fed the group's records in time order (no result while it warms up). Groups come
/// out sorted by series. Messages (without the rule's name) say what was judged:
/// `p95 of SERIES = V (above T)`, or `(not above T)` when it passed.
///
/// Memory is bounded as pm-report's own statistics are, not by the input: without `over D` a
/// group keeps a summary (count, sum, min, max, failed requests, first and last time) and,
/// for percentiles, stats::Quantiles under `budget` (exact while it grants room, a sketch
/// within 1 % beyond; no budget keeps every value); with `over D` it keeps the samples
/// within D of its latest record, as pm-alert's windows do; anomaly() keeps each record's
/// time and value (16 bytes), as its detector needs them in time order.
class OnceEvaluator {
public:
  explicit OnceEvaluator(Rule rule, stats::ExactBudget* budget = nullptr);
  ~OnceEvaluator();
  OnceEvaluator(OnceEvaluator&&) noexcept;
  OnceEvaluator& operator=(OnceEvaluator&&) noexcept;

  const Rule& rule() const;
  /// Takes a record; those that are not samples or that the rule does not select are ignored.
  void add(const record::Record& record);
  /// The results over everything added so far.
  std::vector<OnceResult> results() const;
  /// The groups selected but not judged, each as "SERIES not judged: WHY" ("a rate needs
  /// two records at different times"): results() has none for them.
  std::vector<std::string> unjudged() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// OnceEvaluator over `records`.
std::vector<OnceResult> evaluate_once(const Rule& rule, const std::vector<record::Record>& records);

} // namespace pm::alert
