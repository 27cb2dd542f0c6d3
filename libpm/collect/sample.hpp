// pm-sample's job: options, timing (one-shot, interval, --state) and the sample loop.
#pragma once

#include "libpm/cli/run.hpp"
#include "libpm/collect/emitter.hpp"
#include "libpm/time/time.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pm::collect {

struct Options {
  std::string proc_root; ///< --proc-root; empty: $PM_PROC_ROOT, else /proc
  std::string sys_root;  ///< --sys-root; empty: $PM_SYS_ROOT, else /sys
  std::vector<std::string> collect;    ///< --collect LIST (repeatable, comma-separated)
  std::vector<std::string> no_collect; ///< --no-collect LIST
  std::vector<std::string> processes;  ///< --process NAME|PID
  std::vector<std::string> tags;       ///< --tag KEY=VALUE, added to every record
  std::string window = "1s";           ///< --window: between the two readings of a one-shot sample
  std::string interval;                ///< --interval; empty: not repeating (unless --count)
  std::optional<long long> count;      ///< --count
  std::string state;                   ///< --state FILE
  std::string format;                  ///< --format table|ndjson; empty: table on a terminal, else ndjson
  time::Clock clock;                   ///< hidden --now

  /// More producers of records, run once per sample after the collectors with the same
  /// Emitter (so their records share the sample's ts and common tags).
  std::vector<std::function<void(Emitter&)>> extra_sources;
};

/// How long a --state file stays usable: a previous run older than this gives no rates.
inline constexpr std::chrono::hours k_state_max_age{25};

/// Runs pm-sample: writes each sample's records to `context.out` and flushes it. Returns
/// the exit status (0). Throws UsageError for bad options or environment values, Error
/// when the state file cannot be written.
int run(const Options& options, cli::Context& context);

/// Whether to show the terminal table rather than NDJSON: `format` "table" or "ndjson",
/// or empty for a table exactly when `fd` is a terminal. Throws UsageError for another.
bool use_table(const std::string& format, int fd);

/// The repeat interval: `flag` (`--interval`, a duration) when given, else
/// PERFORMANCE_MONITOR_COLLECTION_INTERVAL (seconds), else 10 s (cli::resolve_setting).
/// Throws UsageError naming the source of a bad or zero value.
time::Duration resolve_interval(const std::string& flag);

/// The "host" tag followed by --tag values parsed as KEY=VALUE (UsageError when not), keys
/// unique: a later --tag replaces an earlier one of the same key, and `host`.
std::vector<std::pair<std::string, std::string>> common_tags(const std::vector<std::string>& tags);

} // namespace pm::collect
