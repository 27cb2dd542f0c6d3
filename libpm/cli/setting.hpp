// Settings a flag, the environment or a default gives, written once: a flag beats the
// environment, which beats the default (pm(7) ENVIRONMENT); a bad value is an error naming its source.
#pragma once

#include "libpm/time/time.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/limit.hpp"
#include "libpm/util/strings.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pm::cli {

/// The value of the environment variable `name` when it is set and not empty (an empty
/// variable counts as unset, as POSIX tools treat `VAR= tool`).
std::optional<std::string> environment(const char* name);

/// A setting's text and where it came from.
struct SettingText {
  std::string text;
  std::string source;            ///< the flag ("--interval") or the variable's name
  bool from_environment = false;
};

/// The flag's text when the flag was given (`flag_text` not empty), else the variable's
/// (`variable` may be nullptr: no variable), else nullopt: the default applies.
std::optional<SettingText> setting_text(std::string_view flag_text, std::string_view flag, const char* variable);

/// flag → environment → default. `parse(const SettingText&)` returns Expected<T>: the value,
/// or what is wrong with the text, quoting it (got_text below). A failure throws UsageError
/// naming the source first:
/// `PERFORMANCE_MONITOR_COLLECTION_INTERVAL: must be a positive number of seconds, got "abc"`.
template <typename T, typename Parse>
T resolve_setting(std::string_view flag_text, std::string_view flag, const char* variable, T fallback, Parse&& parse) {
  auto given = setting_text(flag_text, flag, variable);
  if (!given)
    return fallback;
  auto value = parse(*given);
  if (!value)
    throw UsageError(given->source + ": " + value.error());
  return std::move(*value);
}

/// `what`, then `, got "TEXT"`: the message of a value that is not what a setting wants.
inline Unexpected got_text(std::string_view what, const SettingText& given) {
  return unexpected(std::string(what) + ", got " + util::quote(given.text));
}

/// `PERFORMANCE_MONITOR_RETENTION_PERIOD`, `PERFORMANCE_MONITOR_COLLECTION_INTERVAL`,
/// `ALERT_SYSTEM_MAX_HISTORY` and `PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD` (pm(7) ENVIRONMENT).
inline constexpr const char* k_retention_variable = "PERFORMANCE_MONITOR_RETENTION_PERIOD";
inline constexpr const char* k_interval_variable = "PERFORMANCE_MONITOR_COLLECTION_INTERVAL";
inline constexpr const char* k_max_history_variable = "ALERT_SYSTEM_MAX_HISTORY";
inline constexpr const char* k_anomaly_threshold_variable = "PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD";

/// The distinct series a run of pm-report, pm-alert or pm-predict analyses (`--max-series`).
inline constexpr const char* k_max_series_variable = "PM_MAX_SERIES";
inline constexpr std::size_t k_default_max_series = 100'000;
/// The largest limit accepted: series numbers are 32-bit, and a billion series is far past
/// what any machine holds in memory anyway.
inline constexpr std::size_t k_max_max_series = 1'000'000'000;

/// The largest `--state` file pm-alert writes or reads (`--max-state-size`).
inline constexpr const char* k_max_state_size_variable = "PM_MAX_STATE_SIZE";
inline constexpr std::size_t k_default_max_state_size = std::size_t{128} << 20;

/// The default retention (pm(7) ENVIRONMENT): 30 days.
inline constexpr time::Duration k_default_retention = std::chrono::hours(24 * 30);

/// The retention period: `flag` (`--retention`: a duration, `30d`, `12h`, bare seconds),
/// else PERFORMANCE_MONITOR_RETENTION_PERIOD (seconds, or a duration), else 30 days.
/// Throws UsageError for an unreadable or zero value, naming where it came from.
time::Duration resolve_retention(std::string_view flag);

/// The store directory: `given` (`--history DIR`) when not empty, else `PM_HISTORY`, else
/// `$XDG_STATE_HOME/pm`, else `$HOME/.local/state/pm`. Throws Error when none is set, and
/// UsageError naming the source (`--history: "f" is a regular file, not a history store directory`)
/// when something other than a directory is there (a store not yet created is fine).
std::string resolve_store_directory(std::string_view given);

/// The distinct series limit: `flag` (`--max-series N`), else PM_MAX_SERIES, else 100000.
/// Throws UsageError, naming the source, for anything but a whole number from 1 to 10^9.
std::size_t resolve_max_series(std::string_view flag);

/// The state size limit: `flag` (`--max-state-size SIZE`), else PM_MAX_STATE_SIZE, else
/// 128 MiB. SIZE is bytes, or a number with K, M or G (KiB, MiB, GiB: powers of 1024), from
/// 1K to 1T. Throws UsageError, naming the source, for anything else.
std::size_t resolve_max_state_size(std::string_view flag);

/// The alert history entries kept: ALERT_SYSTEM_MAX_HISTORY (a positive integer), else 1000.
std::size_t resolve_max_history();

/// The limit's variable when set (a positive integer; for sizes also with a binary suffix:
/// `64KiB`, `16MiB`, `1GiB`, or `K`, `M`, `G`), else its default. Throws UsageError naming
/// the variable for any other value.
std::size_t resolve_limit(const util::Limit& limit);

} // namespace pm::cli
