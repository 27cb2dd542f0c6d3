// Options every tool shares (input, selection, output, clock) and reading records from them.
#pragma once

#include "libpm/cli/run.hpp"
#include "libpm/cli/setting.hpp"
#include "libpm/input/lines.hpp"
#include "libpm/input/selection.hpp"
#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pm::cli {

/// `FILE...`, `--strict` and `-H, --history [DIR]`.
struct InputOptions {
  std::vector<std::string> files;
  bool strict = false;      ///< stop at the first bad line
  bool history = false;     ///< `--history` given: read the store instead of FILEs/stdin
  std::string history_dir;  ///< its DIR; empty means PM_HISTORY or the XDG default
  std::string retention;    ///< `--retention` as given (see add_retention_option); empty: env or 30d
  std::string max_series;   ///< `--max-series` as given (see add_max_series_option); empty: env or 100000

  /// The store directory: `history_dir`, else `PM_HISTORY`, else `$XDG_STATE_HOME/pm`, else
  /// `~/.local/state/pm`. Throws Error when none can be found, UsageError when
  /// something other than a directory is there (see resolve_store_directory).
  std::string store_directory() const;
};
void add_input_options(CLI::App& app, InputOptions& options);

/// `--retention DURATION` (for tools that prune the store, pm-ingest; readers without the
/// option use PERFORMANCE_MONITOR_RETENTION_PERIOD or the default of 30 days).
void add_retention_option(CLI::App& app, InputOptions& options);

/// `--max-series N` (for the tools that keep state per series: pm-report, pm-alert,
/// pm-predict; the others have no such limit, and pm-ingest stores every series).
void add_max_series_option(CLI::App& app, InputOptions& options);

/// `--since`, `--until`, `--metric`, `--tag` as given; `resolve` turns them into a Selection.
struct SelectionOptions {
  std::string since;
  std::string until;
  std::vector<std::string> metrics;
  std::vector<std::string> tags;

  /// Throws UsageError for a bad time or tag filter.
  input::Selection resolve(time::TimePoint now) const;
};
void add_selection_options(CLI::App& app, SelectionOptions& options);

/// `--output FILE`.
void add_output_option(CLI::App& app, std::string& path);

/// The hidden `--now TIME` that pins the clock for tests.
void add_clock_option(CLI::App& app, time::Clock& clock);

/// Where a tool writes its result: stdout (the wrapper's), or `--output FILE` replaced
/// atomically when `commit()` is called (a failed run leaves the old file).
class OutputTarget {
public:
  OutputTarget(Context& context, const std::string& path);
  util::Output& stream() { return m_file ? *m_file : m_context.out; }
  void commit();

private:
  Context& m_context;
  std::unique_ptr<util::AtomicFile> m_file;
};

/// Counts from reading records.
struct ReadStats {
  std::size_t records = 0;  ///< valid records read (selected or not, left out or not)
  std::size_t rejected = 0; ///< bad lines reported
  /// Selected records of series past the series limit, not passed on, and their series
  /// (see SeriesLimit: a lower bound past SeriesLimit::k_counted_left_out).
  std::size_t records_left_out = 0;
  std::size_t series_left_out = 0;
  /// True when input was not all used: bad lines, or records left out past the series limit
  /// (pm-report and pm-predict then exit 1, pm-alert UNKNOWN unless an alert fires).
  bool incomplete() const { return rejected > 0 || records_left_out > 0; }
};

/// Reads NDJSON records from the sources in order, calling `on_record` with each valid
/// record that `selection` selects (records without `ts` are stamped with `now`) and whose
/// series is one of the first `max_series` selected: past that the records of further series
/// are left out, with one warning at the first (naming the limit and how to raise it) and,
/// at the end, a line that counts the series and records left out. Each bad
/// line is reported to `diagnostics` as `SOURCE:LINE: reason`; with `strict` the first one
/// throws Error instead. Blank lines are skipped. `on_record` returns false to stop early.
/// `on_idle`, when given, is called about every 100 ms while no input is waiting (a quiet
/// pipe): the place for a live view to redraw without a record to draw.
ReadStats read_records(const std::vector<input::Source>& sources, const input::Selection& selection,
                       util::Diagnostics& diagnostics, bool strict, time::TimePoint now,
                       const std::function<bool(record::Record&)>& on_record,
                       const std::function<void()>& on_idle = {}, std::size_t max_series = k_default_max_series);

/// Reads records from where `options` says: the history store with `--history` (only the
/// segments the selection's time range needs, in time order, records older than the retention
/// left out; see store::read), else the FILE arguments or stdin as the overload above (records
/// without `ts` stamped with `now`). Same selection, diagnostics and `--strict` semantics;
/// `on_idle` as above (the store never waits: it is not called there).
/// Throws UsageError when both `--history` and FILEs are given, or when stdin is a terminal.
ReadStats read_records(const InputOptions& options, std::string_view tool, const input::Selection& selection,
                       util::Diagnostics& diagnostics, time::TimePoint now,
                       const std::function<bool(record::Record&)>& on_record,
                       const std::function<void()>& on_idle = {});

} // namespace pm::cli
