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

/// Whether a parser gives each status line a record of the plugin's state.
enum class PluginState {
  record, ///< pm-ingest: a state record per status line; a status line must carry a state or perfdata
  skip,   ///< pm-sample's exec checks: the exit status is the state; perfdata only
};

/// The record name of a plugin's state (PluginState::record): as Telegraf's `nagios_state`.
inline constexpr std::string_view k_state_name = "nagios.state";

/// Reads the output of plugin runs. The first non-blank line is the status line
/// (`SERVICE STATE - text | perfdata`, `SERVICE STATE: text`, `STATE - text`, STATE one of
/// `OK WARNING CRITICAL UNKNOWN`); later lines are long output until one holds a `|`,
/// after which every line is performance data. With PluginState::record a later line that
/// is itself a status line (it carries a state word as above) starts the output of the next
/// run, so a log of status lines reads as one state per line; the status line gives the
/// record `nagios.state` with value 0, 1, 2 or 3 (OK, WARNING, CRITICAL, UNKNOWN, the exit
/// codes of the guidelines), tag `service` (the service word in lower case, when there is
/// one) and the status text in the extra member `output`, and every perfdata record of the
/// run carries the same `service` tag. A status line with neither a state nor perfdata is
/// not plugin output and is rejected; one with perfdata but no state word gives the
/// perfdata only (the text does not say the state). Each perfdata item
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
  explicit NagiosParser(std::string prefix, PluginState state = PluginState::skip)
      : m_fixed_prefix(std::move(prefix)), m_state(state) {}

  bool parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) override;

private:
  bool parse_status(std::string_view line, const RecordCallback& on_record, std::string& error);
  /// Emits m_state_record first when `with_state`, and only when the whole line is valid.
  bool parse_perfdata(std::string_view text, const RecordCallback& on_record, std::string& error, bool with_state);
  bool parse_item(std::string_view& text, record::Record& out, std::string& error);

  std::string m_fixed_prefix;
  PluginState m_state;
  std::string m_prefix;
  std::string m_service; ///< the service tag of the current run; "" for none or PluginState::skip
  record::Record m_state_record;
  bool m_seen_status = false;
  bool m_in_perfdata = false;
  std::vector<record::Record> m_pending; ///< the records of the current line, reused
  std::size_t m_pending_size = 0;
};

} // namespace pm::format
