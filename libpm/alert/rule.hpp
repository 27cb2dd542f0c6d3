// Alert rules: what a rule says (selector, aggregate, window, thresholds, lifecycle options) and how to read one.
#pragma once

#include "libpm/predict/anomaly.hpp"
#include "libpm/record/record.hpp"
#include "libpm/record/tag_matcher.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/limit.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::alert {

/// What a rule computes from the records of one series (or group) at an evaluation.
/// `none` is the value of the record itself; `anomaly` the record's anomaly score (0..1)
/// from a predict::AnomalyDetector fed every earlier record of its series; `absent` the
/// time since the last record; the others run over the `over D` window.
enum class Aggregate { none, avg, min, max, sum, count, rate, p50, p90, p95, p99, error_rate, absent, anomaly };
std::string_view to_string(Aggregate aggregate);
/// The quantile (0.5 .. 0.99) of a percentile aggregate, 0 for the others.
double quantile_of(Aggregate aggregate);

/// The comparison of a threshold: `> < >= <= == !=`, or a Monitoring Plugins range (alert
/// when the value is outside it, or inside it for `@` ranges).
enum class Op { gt, lt, ge, le, eq, ne, outside, inside };

/// A Monitoring Plugins range (`10`, `10:`, `~:10`, `10:20`, `@10:20`): the values
/// `low <= v <= high` (infinite bounds for `~` and a missing end). `inside` is the `@` form.
struct Range {
  double low = 0;
  double high = 0;
  bool inside = false; ///< `@`: alert when the value is inside the range
  std::string text;    ///< as written without the `@`, for perfdata and canonical output
};

/// Reads a range; throws UsageError `"RANGE" is not a valid range: ...`.
Range parse_range(std::string_view text);

/// One threshold test.
struct Condition {
  Op op = Op::gt;
  double threshold = 0; ///< for the comparison operators
  Range range;          ///< for outside/inside

  /// True when `value` is a problem under this condition.
  bool holds(double value) const;
  /// The threshold to report with `value` (for a range: the bound crossed or nearest).
  double reported_threshold(double value) const;
  /// `above`, `below`, `at_or_above`, `at_or_below`, `equals`, `not_equals`, `outside`, `inside`.
  std::string_view word() const;
  /// `> 80`, `outside 10:20`, `inside 10:20`.
  std::string text() const;
  /// The threshold as a plugin range or number: `80`, `10:20`, `@10:20` (perfdata, levels).
  std::string plugin_text() const;
};

/// A metric name (or glob) with optional tag matchers: `api.request.duration{module="db"}`.
struct Selector {
  std::string metric;
  std::vector<record::TagMatcher> labels; ///< all must hold (record::TagMatcher)

  bool is_glob() const;
  bool matches_name(std::string_view name) const;
  bool matches_tags(const record::Record& record) const;
  bool matches(const record::Record& record) const { return matches_name(record.name) && matches_tags(record); }
  std::string text() const;
};

/// A severity and the condition that raises it. A rule has one level per severity it can
/// reach (the first is the main one: `> 0.5 severity=warning critical=1.0` has two).
struct Level {
  record::Severity severity = record::Severity::warning;
  Condition condition;
};

/// What a series whose data stopped (nothing for `stale_after`) does: resolve (`ok`), stay
/// as it is (`keep`, the default), fire (`alert`) or count as UNKNOWN (`unknown`).
enum class MissingPolicy { ok, keep, alert, unknown };
std::string_view to_string(MissingPolicy policy);

struct Rule {
  std::string name;
  /// Where it was read ("--rule", "rules:4", "rules.json: rule \"x\""); empty for a built-in rule.
  std::string origin;
  Aggregate aggregate = Aggregate::none;
  Selector selector;
  /// `by (k1, k2)`: group series by these tags (the others are dropped). Without it every
  /// series is its own group, except for error_rate, which groups by all tags but
  /// status/error/success (the tags that say whether a request failed).
  std::optional<std::vector<std::string>> by;
  time::Duration window{0}; ///< `over D`; zero for value rules (and once-evaluations: all records)
  /// `anomaly(SELECTOR, method=M)`: the detector's method (auto unless the rule names one).
  predict::AnomalyMethod anomaly_method = predict::AnomalyMethod::automatic;
  std::vector<Level> levels; ///< ascending severity; empty only for absent()
  record::Severity absent_severity = record::Severity::warning; ///< severity of an absent() rule
  std::optional<double> clear;   ///< hysteresis: a firing alert resolves only once the value is past this
  time::Duration for_duration{0};   ///< `for D`: the condition must hold this long before firing
  time::Duration keep_firing_for{0};
  time::Duration escalate{0}; ///< while firing, one severity up after each such period
  time::Duration repeat{0};   ///< while firing, notify again after each such period
  time::Duration stale_after{0}; ///< zero: 5m (Prometheus' lookback)
  MissingPolicy on_missing = MissingPolicy::keep;
  std::string message; ///< with {rule} {name} {series} {value} {threshold} {severity} {condition} {tags.KEY}; empty: default
  bool flapping = true; ///< flap detection on (`flapping=off` turns it off)

  record::Severity severity() const { return levels.empty() ? absent_severity : levels.front().severity; }
  /// The effective stale_after (its default applied).
  time::Duration stale_duration() const;
  /// The settings of an anomaly() rule's detectors: the defaults with the rule's method.
  predict::AnomalySettings anomaly_settings() const;
  /// The rule in the grammar's canonical form: `name: expr cmp N for D option=...`;
  /// parse_rule(canonical()) gives the same rule back.
  std::string canonical() const;
};

/// True for a name the grammar reads before its colon: `[A-Za-z_][A-Za-z0-9_.-]*`.
bool is_rule_name(std::string_view name);

/// Reads one rule expression (see pm-alert(1) for the grammar):
///   [NAME ':'] QUERY CMP NUMBER [for D] [OPTION=VALUE]...
///   QUERY := SELECTOR | AGG '(' SELECTOR ')' [by '(' TAGS ')'] [over D] | absent '(' SELECTOR ')'
///          | anomaly '(' SELECTOR [',' method '=' METHOD] ')'
/// `origin` names where it came from in messages ("--rule", "rules.json: rule \"x\"").
/// Throws UsageError `ORIGIN 1:COL: expected ..., got "TOKEN"`. A rule without a name is
/// named after its metric. `allow_unbounded_window` lets aggregates omit `over D` (for
/// once-evaluations over a finished set, as pm-report's --fail-on does).
Rule parse_rule(std::string_view text, std::string_view origin, bool allow_unbounded_window = false);

/// The most rules one rules document may hold, and its largest size: beyond, it is refused
/// whole (a generated file gone wrong must not take the memory of the machine).
inline constexpr util::Limit k_rules_limit{"PM_MAX_RULES", 10000, false};
inline constexpr util::Limit k_rules_bytes_limit{"PM_MAX_RULES_BYTES", std::size_t{16} << 20, true};
struct RulesLimits {
  std::size_t rules = k_rules_limit.fallback;
  std::size_t bytes = k_rules_bytes_limit.fallback;
};

/// Reads a JSON rules document: a list of rule objects or rule expression strings, or the
/// original module's dictionary `{"high_cpu": {"metric": "system.cpu.usage", "threshold": 80,
/// "severity": "warning", "condition": "above"}}`. A rule object may also say "expr" (a full
/// expression) or "aggregate" (`"anomaly"` with an optional "method" for the anomaly score),
/// "window", "for", "tags", "by" and any rule option. Throws
/// UsageError naming `origin` and the rule.
std::vector<Rule> parse_rules_json(std::string_view json, std::string_view origin, const RulesLimits& limits = {});
/// Reads rules in the rule language, one per line as `--rule` takes them: blank lines and
/// everything from a `#` outside a double-quoted string are ignored. Throws UsageError
/// `ORIGIN:LINE:COLUMN: ...` for a bad rule.
std::vector<Rule> parse_rules_text(std::string_view text, std::string_view origin, const RulesLimits& limits = {});
/// Reads a rules file: JSON (see parse_rules_json) when its first character other than
/// white space is `[` or `{`, else the rule language (see parse_rules_text); throws Error
/// when unreadable. Either form is refused past `limits` (UsageError naming the variable).
std::vector<Rule> load_rules_file(const std::string& path, const RulesLimits& limits = {});

/// The built-in rule set of pm-alert(1) Default rules (high_cpu, high_memory, high_error_rate, latency_p95,
/// latency_p99, error_rate, low_throughput).
std::vector<Rule> default_rules();

/// The plugin form `-m METRIC -w WARN -c CRIT`: WARN and CRIT are ranges (a bare number N
/// is `0:N`, alert above N or below 0). Either may be empty (but not both). Throws UsageError.
Rule plugin_rule(const std::string& metric, const std::string& warning, const std::string& critical);

/// Throws UsageError when two rules share a name, naming where each was read.
void check_unique_names(const std::vector<Rule>& rules);

} // namespace pm::alert
