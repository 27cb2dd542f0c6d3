// The one table of time and size units: what a unit is in base units (seconds, bytes).
#pragma once

#include "libpm/record/record.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pm::record {

/// A unit as its base unit and the factor that turns a value into it.
struct BaseUnit {
  std::string_view unit; ///< "seconds", "bytes" or "bytes/s"
  double factor = 1;     ///< value in the base unit = value × factor
};

/// The base unit of `unit`, or nullopt for a unit the table does not convert (percent,
/// count, ops/s, celsius, "" ...). The spellings are case-sensitive, as SI's `m` and `M` are:
/// - time, to seconds: `ns` `nanoseconds`; `us` `µs` (micro sign) `μs` (Greek mu)
///   `microseconds`; `ms` `milliseconds`; `s` `sec` `second` `seconds`; `min` `minute`
///   `minutes`; `h` `hour` `hours`; `d` `day` `days`;
/// - size, to bytes: `B` `byte` `bytes`; decimal `kB` and `KB` (10^3), `MB`, `GB`, `TB`,
///   `PB` (as SI, IEC 80000-13, Prometheus and `df -H`); binary `KiB` (2^10), `MiB`, `GiB`,
///   `TiB`, `PiB`;
/// - a size per second (`KB/s`, `MiB/s`, `B/s`, `bytes/s` ...), to bytes/s.
/// A base unit maps to itself with factor 1; `s` maps to seconds, factor 1.
std::optional<BaseUnit> base_unit(std::string_view unit);

/// Converts samples to base units, as record::base_unit says: the one place a value changes
/// unit. Most records of a stream share a unit, so the last unit's answer is kept and the
/// table looked up only when the unit changes.
class BaseUnitConverter {
public:
  /// Converts a sample's value and unit in place when the table knows its unit and that is
  /// not already the base spelling; returns what was applied (nullopt when nothing changed:
  /// no unit, a unit the table does not convert, or a base unit). Derived records are left
  /// as they are: their other numbers (threshold, lower, upper) are in the unit written.
  std::optional<BaseUnit> convert(Record& record);
  /// The unit as written of the last record convert() looked up: what it converted from.
  const std::string& last_written() const { return m_last_unit; }

private:
  std::string m_last_unit;
  std::optional<BaseUnit> m_last;
};

} // namespace pm::record
