// pm-sample's probe options (--check, --run, --value, --scrape) wired into its sample loop.
#pragma once

#include "libpm/cli/run.hpp"
#include "libpm/collect/sample.hpp"

#include <string>
#include <vector>

namespace pm::collect {

/// The probe options as given on the command line.
struct ProbeOptions {
  std::vector<std::string> checks;      ///< --check NAME=SPEC (repeatable)
  std::string timeout;                  ///< --timeout DURATION for checks and scrapes; empty: 10s
  std::vector<std::string> values;      ///< --value NAME=NUMBER (repeatable)
  std::vector<std::string> scrapes;     ///< --scrape URL (repeatable)
  std::string run_name;                 ///< --run NAME
  std::vector<std::string> run_command; ///< the words after `--`

  /// True when any probe was asked for.
  bool any() const;
};

/// Runs pm-sample (collect::run) with the probes added to every sample.
///
/// - Checks, scrapes and values are taken once per sample, after the system collectors;
///   their records carry `host` and the --tag tags like every other record.
/// - When a probe option is given and neither --collect nor --no-collect is, the system
///   collectors do not run (as sadc with only the activities asked for): `pm-sample --run
///   build -- make` gives only the task records. Naming collectors brings them back.
/// - `--run NAME -- COMMAND...` runs the job first (its stdout goes to our stderr, so our
///   stdout holds only records), then takes one sample with the task records in it, and
///   returns the job's own status (128+signal when it was killed). It cannot be combined
///   with --interval, --count or --state.
/// - A check that fails is data (`health.up` 0), not an error. A scrape that fails
///   (`scrape.up` 0), or bad lines in an exposition or in a plugin's performance data, are
///   reported on stderr and make the status 1 (unless a job's own non-zero status wins).
///
/// Throws UsageError for bad probe arguments (before anything runs), else as collect::run.
int run_with_probes(Options options, const ProbeOptions& probes, cli::Context& context);

} // namespace pm::collect
