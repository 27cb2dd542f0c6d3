// Parser of Monitoring Plugins output: the status line, long output and performance data.
#pragma once

#include "libpm/format/format.hpp"

#include <string>
#include <vector>

namespace pm::format {

/// A perfdata UOM as pm stores it: the unit name and the factor that turns a value into it.
struct UnitScale {
  std::string_view unit; ///< "" when the plugin gave no UOM
  double factor = 1;
  bool counter = false;  ///< UOM `c`: a continuous counter
};

/// Maps a UOM (Monitoring Plugins guidelines, with Icinga 2's normalisation) through pm's one
/// unit table, record::base_unit: `s ms us ns` → seconds; `B`, `KB MB GB TB PB` (powers of
/// 1000) and `KiB MiB GiB TiB PiB` (powers of 1024; the guidelines leave it open, Icinga
/// reads the SI prefixes as 1000) → bytes; `%` → percent; `c` → count (a counter); none →
/// no unit. Any other UOM is kept as the unit unchanged, factor 1.
UnitScale scale_for_uom(std::string_view uom);

/// Reads the output of one plugin run. The first non-blank line is the status line
/// (`SERVICE STATUS - text | perfdata`); later lines are long output until one holds a `|`,
/// after which every line is performance data. Each perfdata item
/// `'label'=value[UOM];[warn];[crit];[min];[max]` gives one record: name `PREFIX.LABEL`
/// when the label is a valid name part, else `PREFIX` with the raw label as tag `label`
/// (check_disk's `/` → `disk{label="/"}`); the value and min/max scaled to the unit of
/// scale_for_uom, warn/crit kept as range strings (scaled endpoint by endpoint) in extra
/// members `warn`, `crit`, `min`, `max` (only those given). Value `U` (could not measure)
/// is skipped and counted in notes(). A malformed item rejects its whole line. No record has
/// a time: plugin output carries none.
class NagiosParser final : public LineParser {
public:
  /// `prefix`: see ParserOptions::nagios_prefix.
  explicit NagiosParser(std::string prefix) : m_fixed_prefix(std::move(prefix)) {}

  bool parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) override;

private:
  bool parse_perfdata(std::string_view text, const RecordCallback& on_record, std::string& error);
  bool parse_item(std::string_view& text, record::Record& out, std::string& error);

  std::string m_fixed_prefix;
  std::string m_prefix;
  bool m_seen_status = false;
  bool m_in_perfdata = false;
  std::vector<record::Record> m_pending; ///< the records of the current line, reused
  std::size_t m_pending_size = 0;
};

} // namespace pm::format
