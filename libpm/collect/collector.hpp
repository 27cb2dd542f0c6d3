// What a collector family is: one registry row (name, description, functions) over shared types.
#pragma once

#include "libpm/collect/emitter.hpp"
#include "libpm/collect/procfs.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::collect {

/// A counter a collector could not read (a field the kernel lacks, a file it may not open).
inline constexpr std::uint64_t k_unknown = std::numeric_limits<std::uint64_t>::max();

/// The counters of one series at one reading ("sda" -> reads, sectors, ...). Collectors
/// turn two of these into rates; `--state` keeps them between runs.
struct CounterRow {
  std::string id; ///< no blanks or newlines (it is a token in the state file)
  std::vector<std::uint64_t> values;
};
/// One family's counters at one reading.
using Counters = std::vector<CounterRow>;

/// The row with `id` in `counters`, or null. `hint` is where it was last time (rows keep
/// their order between readings, so the search is usually one comparison).
const CounterRow* find_row(const Counters* counters, std::string_view id, std::size_t hint);

/// What the user asked of the collectors beyond which ones run.
struct Settings {
  std::vector<std::string> processes; ///< `--process NAME|PID`
};

/// A reading pass over /proc: files read once per pass even when several families use them.
class Reader {
public:
  Reader(const ProcFs& fs, const Settings& settings) : m_fs(fs), m_settings(settings) {}
  const ProcFs& fs() const { return m_fs; }
  const Settings& settings() const { return m_settings; }

  /// Forgets what the previous pass read (buffers are kept for reuse).
  void begin_pass();
  /// The text of `<proc root>/<relative>` read once in this pass; nothing when unreadable.
  std::optional<std::string_view> proc(std::string_view relative);
  /// A scratch buffer for files read once (per-process, sysfs).
  std::string& scratch() { return m_scratch; }

private:
  struct Cached {
    std::string path;
    std::string text;
    bool valid = false;
    bool present = false;
  };
  const ProcFs& m_fs;
  const Settings& m_settings;
  std::deque<Cached> m_cache; // a deque: views handed out stay valid as it grows
  std::string m_scratch;
};

/// Two readings' worth of context for reporting: the previous counters of this family
/// (null when there is no usable previous reading) and the seconds between the readings.
struct Span {
  const Counters* previous = nullptr;
  double seconds = 0;

  /// (current - previous) / seconds; nothing without a previous reading, when either is
  /// unknown, or when the counter went backwards (wrap or reset: noted once as `what`).
  std::optional<double> rate(std::uint64_t previous_value, std::uint64_t current_value, Emitter& emitter,
                             std::string_view what) const;
  /// current - previous, with the same refusals as rate().
  std::optional<std::uint64_t> delta(std::uint64_t previous_value, std::uint64_t current_value, Emitter& emitter,
                                     std::string_view what) const;
};

/// One registry row: a collector family. Adding a family is adding a row and a file.
struct Collector {
  std::string_view name;
  std::string_view description;
  /// True when this machine (this root) has what the family reads.
  bool (*available)(const ProcFs& fs);
  /// Reads the counters the family turns into rates (null for families of gauges only).
  void (*read_counters)(Reader& reader, Counters& out);
  /// Reads the gauges and writes the family's records: gauges always, rates from
  /// `span.previous` to `current` when there is a previous reading.
  void (*report)(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);
};

/// Every family, in output order.
const std::vector<Collector>& registry();

/// The row named `name`, or null.
const Collector* find_collector(std::string_view name);

} // namespace pm::collect
