// The --state file (sadc-style): the last reading's counters, so a cron run computes rates.
#pragma once

#include "libpm/collect/collector.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/fd.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pm::collect {

/// The counters of every selected family at one moment, and when that moment was.
struct Reading {
  time::TimePoint wall{};        ///< the record time of the sample
  std::int64_t monotonic_ns = 0; ///< CLOCK_MONOTONIC, for the seconds between readings
  std::string boot_id;           ///< changes on reboot (boot_id, else btime)
  std::vector<std::pair<std::string, Counters>> families; ///< by family name

  /// The counters of `family`, or null when this reading has none.
  const Counters* find(std::string_view family) const;
};

/// The text of a state file holding `reading`. Its last line is `end N`, N the POSIX
/// `cksum` of the lines before it (`head -n -1 FILE | cksum` checks it).
std::string format_state(const Reading& reading);

/// Parses a state file's text; on failure the message says which line is wrong, or that
/// the checksum does not match (a run stopped halfway through writing it).
Expected<Reading> parse_state(std::string_view text);

/// The --state file of one run. Rewritten in place rather than renamed over: on ext4 a
/// rename over an existing file flushes the new one's data (auto_da_alloc), which costs
/// more than the whole cron run. A write cut short is caught by the checksum of
/// format_state and costs only the next run's rates. Reads and writes hold an exclusive
/// flock, so runs sharing the file never interleave their writes.
class StateFile {
public:
  /// Opens `path`, creating it (mode 0600) when missing; throws Error naming it on failure.
  explicit StateFile(const std::string& path);
  /// The file's text as the previous run left it; empty for a new file.
  std::string read();
  /// Replaces the file's text with `text`; throws Error naming the file on failure.
  void write(std::string_view text);

private:
  std::string m_path;
  util::UniqueFd m_fd;
};

/// Why a previous reading cannot give rates for `current`, or nothing when it can:
/// another boot, a clock that went backwards, or older than `max_age`.
std::optional<std::string> state_unusable(const Reading& previous, const Reading& current,
                                          std::chrono::milliseconds max_age);

/// The identity of this boot: /proc/sys/kernel/random/boot_id, else "btime N" from
/// /proc/stat, else "".
std::string read_boot_id(const ProcFs& fs);

} // namespace pm::collect
