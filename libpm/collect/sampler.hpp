// Takes readings of the selected collector families and turns two of them into records.
#pragma once

#include "libpm/collect/collector.hpp"
#include "libpm/collect/state.hpp"

#include <string>
#include <vector>

namespace pm::collect {

/// Which families run: `collect` (empty = every family available under `fs`) minus
/// `no_collect`. Entries may be comma-separated lists. An unknown name throws UsageError
/// listing the known ones; an asked-for family with nothing to read here is left out and
/// named in `unavailable`.
std::vector<const Collector*> select_collectors(const ProcFs& fs, const std::vector<std::string>& collect,
                                                const std::vector<std::string>& no_collect,
                                                std::vector<std::string>& unavailable);

/// Reads and reports the selected families through one ProcFs.
class Sampler {
public:
  /// `fs` must outlive the Sampler; `settings` is copied.
  Sampler(const ProcFs& fs, std::vector<const Collector*> collectors, Settings settings);

  /// Reads every family's counters now; the reading's files stay cached for report().
  /// `wall` is the record time to stamp; `monotonic_ns` the time rates are measured on.
  /// With `BootId::read` the reading also records the boot identity (for --state).
  enum class BootId { skip, read };
  Reading take(time::TimePoint wall, std::int64_t monotonic_ns, BootId boot_id = BootId::read);

  /// Writes the records of the reading `current` (which must be the last one taken):
  /// gauges, and rates against `previous` when it is given.
  void report(const Reading* previous, const Reading& current, Emitter& emitter);

  const std::vector<const Collector*>& collectors() const { return m_collectors; }

private:
  const ProcFs& m_fs;
  std::vector<const Collector*> m_collectors;
  Settings m_settings; // owned: the Reader below refers to it
  Reader m_reader;
};

} // namespace pm::collect
