// Parser of the InfluxDB line protocol.
#pragma once

#include "libpm/format/format.hpp"
#include "libpm/format/text.hpp"

#include <cstdint>
#include <vector>

namespace pm::format {

/// Influx timestamp precision as nanoseconds per unit: "ns" 1, "us" 1000, "ms" 1e6, "s" 1e9.
/// Fails naming the accepted values.
Expected<std::int64_t> parse_influx_precision(std::string_view text);

/// Reads `measurement[,tag=v...] field=v[,field=v...] [timestamp]`. Each numeric or boolean
/// field gives one record named `measurement.field`; a field named `value` gives a record
/// named `measurement` alone. Tags are kept, except a tag `unit`, which becomes the records'
/// unit (that is how append_influx writes it). Floats (`1.5`, `1e3`), integers (`3i`),
/// unsigned integers (`3u`) and booleans (`t T true True TRUE` → 1, `f F false False
/// FALSE` → 0) are read; string fields (`"..."`) are skipped and counted in notes(); a
/// line of only string fields yields nothing and is not an error. Escapes: `\,` and `\ ` in
/// the measurement; `\,` `\=` `\ ` in tag keys, tag values and field keys; `\"` and `\\` in
/// string fields. The timestamp (integer, in `precision` units, nanoseconds by default) is
/// cut to milliseconds; without one the records have no time. A malformed line, a name that
/// is not a valid metric name (the measurement and field as given), a non-finite float or a
/// time outside 1970..9999 rejects the whole line.
class InfluxParser final : public LineParser {
public:
  /// `ns_per_unit`: from parse_influx_precision.
  explicit InfluxParser(std::int64_t ns_per_unit) : m_ns_per_unit(ns_per_unit) {}

  bool parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) override;

private:
  std::int64_t m_ns_per_unit;
  std::string m_measurement;
  std::string m_key;
  std::string m_unit;
  detail::TagBuilder m_tags;
  record::Tags m_sorted_tags;
  std::vector<record::Record> m_pending;
};

} // namespace pm::format
