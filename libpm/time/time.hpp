// Timestamps, durations and the clock: RFC 3339 in and out, "15m" durations, --since/--until.
#pragma once

#include "libpm/util/error.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pm::time {

/// Record time has millisecond precision (pm(7) THE RECORD).
using Duration = std::chrono::milliseconds;
using TimePoint = std::chrono::sys_time<Duration>;

/// Reads a record time: RFC 3339 with `Z` or an offset (`+02:00`), with or without a
/// fraction (more than 3 digits are truncated to ms), `T`, `t` or a blank between date and
/// time. Fails with a message naming what is wrong (e.g. month 13, missing zone).
Expected<TimePoint> parse_timestamp(std::string_view text);

/// Epoch seconds (`1234567890.123`) as a time; fails outside years 1970..9999.
Expected<TimePoint> from_epoch_seconds(double seconds);
double to_epoch_seconds(TimePoint time);

/// Appends the canonical form, always UTC with milliseconds: `2026-11-22T10:15:00.123Z`.
void append_timestamp(std::string& out, TimePoint time);
std::string format_timestamp(TimePoint time);

/// Reads a duration: a sequence of number+unit (`500ms`, `90s`, `15m`, `24h`, `7d`, `2w`,
/// `1h30m`, `1.5h`); a bare number is seconds. Negative durations are refused, and so are
/// durations longer than k_max_duration (so that no sum with a time or a clock overflows).
Expected<Duration> parse_duration(std::string_view text);

/// 100 years (of 365 days): the longest duration parse_duration reads. Even in nanoseconds
/// it is far from the 292 years a signed 64-bit count holds, so sleeps and deadlines built
/// from it cannot overflow.
inline constexpr Duration k_max_duration{100LL * 365 * 86400000};
/// How parse_duration's message for a duration past k_max_duration ends.
inline constexpr std::string_view k_duration_too_long = "(100 years), the longest pm accepts";

/// The shortest way to write `d` in the units parse_duration reads: `5m`, `1h30m`, `250ms`.
std::string format_duration(Duration d);

/// Reads a --since/--until argument: a duration back from `now` (`24h`), or a time
/// (`2026-11-20`, `2026-11-20T10:00Z`, `2026-11-20 10:00`, full RFC 3339, epoch seconds).
/// Times without a zone are UTC.
Expected<TimePoint> parse_time_spec(std::string_view text, TimePoint now);

/// The time source. Tests pin it (a hidden `--now`), so that "now" is reproducible.
class Clock {
public:
  Clock() = default;
  explicit Clock(TimePoint pinned) : m_pinned(pinned) {}
  TimePoint now() const;
  bool is_pinned() const { return m_pinned.has_value(); }
  void pin(TimePoint time) { m_pinned = time; }

private:
  std::optional<TimePoint> m_pinned;
};

} // namespace pm::time
