// pm-predict: options and the one call the tool makes.
#pragma once

#include "libpm/cli/options.hpp"
#include "libpm/cli/run.hpp"
#include "libpm/time/time.hpp"

#include <optional>
#include <string>

namespace pm::predict {

struct Options {
  cli::InputOptions input;
  cli::SelectionOptions selection;
  std::string output;
  time::Clock clock;
  std::string format = "ndjson"; ///< ndjson, json, table
  std::string model = "auto";
  std::string horizon;    ///< duration text; empty: 1d, or 30d with --threshold
  std::string every;      ///< duration text: the forecast path at this step
  std::string confidence = "0.95";
  std::string step;       ///< duration text; empty: inferred
  std::string season;     ///< duration text; "0": none; empty: detected
  std::optional<double> threshold;
  bool below = false;
  bool robust = false;
  std::string smooth;     ///< duration text
  bool follow = false;
};

/// Reads the inputs, fits each selected series and writes trends, forecasts (and, with
/// --smooth, moving averages) in `options.format` to stdout or --output. Returns 0; 1 when an
/// input line was bad. Throws UsageError for a bad option value and Error for an input that
/// cannot be read.
int run(const Options& options, cli::Context& context);

/// Declares pm-predict's options on `app` (the tool's main and the tests share it).
void add_options(CLI::App& app, Options& options);

} // namespace pm::predict
