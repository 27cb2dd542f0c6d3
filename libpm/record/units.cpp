// The unit table: one row per spelling, decimal and binary sizes side by side.
#include "libpm/record/units.hpp"

#include <array>

namespace pm::record {

namespace {

struct UnitRow {
  std::string_view spelling;
  std::string_view base;
  double factor;
};

constexpr std::string_view k_seconds = "seconds";
constexpr std::string_view k_bytes = "bytes";
constexpr double k_ki = 1024.0;

constexpr std::array k_time{
    UnitRow{"ns", k_seconds, 1e-9},
    UnitRow{"nanoseconds", k_seconds, 1e-9},
    UnitRow{"us", k_seconds, 1e-6},
    UnitRow{"\u00b5s", k_seconds, 1e-6}, // micro sign
    UnitRow{"\u03bcs", k_seconds, 1e-6}, // Greek mu, what many keyboards give
    UnitRow{"microseconds", k_seconds, 1e-6},
    UnitRow{"ms", k_seconds, 1e-3},
    UnitRow{"milliseconds", k_seconds, 1e-3},
    UnitRow{"s", k_seconds, 1},
    UnitRow{"sec", k_seconds, 1},
    UnitRow{"second", k_seconds, 1},
    UnitRow{"seconds", k_seconds, 1},
    UnitRow{"min", k_seconds, 60},
    UnitRow{"minute", k_seconds, 60},
    UnitRow{"minutes", k_seconds, 60},
    UnitRow{"h", k_seconds, 3600},
    UnitRow{"hour", k_seconds, 3600},
    UnitRow{"hours", k_seconds, 3600},
    UnitRow{"d", k_seconds, 86400},
    UnitRow{"day", k_seconds, 86400},
    UnitRow{"days", k_seconds, 86400},
};

// Decimal prefixes are SI's (kB = 1000 B), binary ones IEC's (KiB = 1024 B): a unit says
// which it means, so "KB" is not guessed to be 1024 as some tools of old did.
constexpr std::array k_size{
    UnitRow{"B", k_bytes, 1},
    UnitRow{"byte", k_bytes, 1},
    UnitRow{"bytes", k_bytes, 1},
    UnitRow{"kB", k_bytes, 1e3},
    UnitRow{"KB", k_bytes, 1e3},
    UnitRow{"MB", k_bytes, 1e6},
    UnitRow{"GB", k_bytes, 1e9},
    UnitRow{"TB", k_bytes, 1e12},
    UnitRow{"PB", k_bytes, 1e15},
    UnitRow{"KiB", k_bytes, k_ki},
    UnitRow{"MiB", k_bytes, k_ki * k_ki},
    UnitRow{"GiB", k_bytes, k_ki * k_ki * k_ki},
    UnitRow{"TiB", k_bytes, k_ki * k_ki * k_ki * k_ki},
    UnitRow{"PiB", k_bytes, k_ki * k_ki * k_ki * k_ki * k_ki},
};

template <std::size_t N>
const UnitRow* find_row(const std::array<UnitRow, N>& table, std::string_view spelling) {
  for (const auto& row : table)
    if (row.spelling == spelling)
      return &row;
  return nullptr;
}

} // namespace

std::optional<BaseUnit> base_unit(std::string_view unit) {
  if (unit.empty())
    return std::nullopt;
  if (const UnitRow* row = find_row(k_time, unit))
    return BaseUnit{row->base, row->factor};
  if (const UnitRow* row = find_row(k_size, unit))
    return BaseUnit{row->base, row->factor};
  if (unit.size() > 2 && unit.ends_with("/s"))
    if (const UnitRow* row = find_row(k_size, unit.substr(0, unit.size() - 2)))
      return BaseUnit{"bytes/s", row->factor};
  return std::nullopt;
}

std::optional<BaseUnit> BaseUnitConverter::convert(Record& record) {
  if (record.unit.empty() || !record.is_sample())
    return std::nullopt;
  if (record.unit != m_last_unit) {
    m_last_unit = record.unit;
    m_last = base_unit(record.unit);
    if (m_last && m_last->unit == record.unit)
      m_last.reset();
  }
  if (!m_last)
    return std::nullopt;
  record.value *= m_last->factor;
  record.unit = m_last->unit;
  return m_last;
}

} // namespace pm::record
