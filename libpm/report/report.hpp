// pm-report: options and the one call the tool makes.
#pragma once

#include "libpm/cli/options.hpp"
#include "libpm/cli/run.hpp"
#include "libpm/time/time.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace pm::report {

struct Options {
  cli::InputOptions input;
  cli::SelectionOptions selection;
  std::string output;
  time::Clock clock;
  std::string format = "text";
  std::string group_by;           ///< empty: module, then endpoint
  std::string every;              ///< duration text
  std::string baseline;           ///< path
  std::string tolerance;          ///< percent text; default 5, or --fail-on-regression's
  std::string compare = "mean";   ///< statistic compared with the baseline
  std::string fail_on_regression; ///< percent text
  std::size_t exact_limit = std::size_t{1} << 22;
  std::vector<std::string> rules_files; ///< --rules FILE
  bool defaults = false;                ///< --defaults
  std::vector<std::string> fail_on;     ///< --fail-on EXPR
  bool no_predict = false;              ///< --no-predict: no forecasts, anomalies, recommendations of its own
  std::string horizon;                  ///< --horizon: how far its own forecasts look; empty: see PredictOptions
  bool follow = false;                  ///< --follow: a live view of the stream (see follow.hpp)
  std::string refresh;                  ///< --refresh: its redraw interval, duration text; empty: 1s
};

/// Reads the inputs, builds the report, renders it in `options.format` to stdout or
/// `--output` (atomically). Returns 0; 1 when a gate failed or an input line was bad.
/// Throws UsageError for a bad option value (unknown format, bad duration or percentage,
/// --fail-on-regression without --baseline) and Error when an input cannot be read.
/// With `follow`, runs the live view instead (run_follow).
int run(const Options& options, cli::Context& context);

/// Declares pm-report's options on `app` (the tool's main and the tests share it).
void add_options(CLI::App& app, Options& options);

} // namespace pm::report
