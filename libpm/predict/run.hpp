// pm-predict: options and the one call the tool makes.
#pragma once

#include "libpm/cli/options.hpp"
#include "libpm/cli/run.hpp"
#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/diagnostics.hpp"

#include <functional>
#include <memory>
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
  bool anomalies = false;   ///< --anomalies: anomaly records instead of trends and forecasts
  bool scores = false;      ///< --scores: a score record for every point
  std::string method = "auto";
  std::optional<double> threshold_z; ///< --threshold-z; else PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD; else 3
  std::size_t window = 100; ///< --window: points of the rolling windows
  std::string learn_baseline;   ///< --learn-baseline FILE: learn the samples into FILE (merging)
  std::string against_baseline; ///< --against-baseline FILE: deviation records against FILE
};

/// pm-predict's work without its input and output, for any caller (pm-predict itself, and
/// pm-report for its dashboard): samples in through add(), derived records (trend, forecast,
/// anomaly, score, recommendation) out through the sink, in the order pm-predict writes
/// them. Options are checked on construction (UsageError). Records with a kind are counted
/// and left out.
class Analyzer {
public:
  using Sink = std::function<void(const record::Record&)>;
  Analyzer(const Options& options, Sink sink, util::Diagnostics& diagnostics);
  ~Analyzer();
  /// One record of the input (derived records are counted and left out).
  void add(record::Record& record);
  /// The end of the input: fits, forecasts and recommends, writing to the sink.
  void finish();
  /// Series read (with --learn-baseline and --against-baseline: samples); 0 when none was.
  std::size_t series_count() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Reads the inputs, fits each selected series and writes trends, forecasts (and, with
/// --smooth, moving averages) in `options.format` to stdout or --output. Returns 0; 1 when an
/// input line was bad. Throws UsageError for a bad option value and Error for an input that
/// cannot be read.
int run(const Options& options, cli::Context& context);

/// Declares pm-predict's options on `app` (the tool's main and the tests share it).
void add_options(CLI::App& app, Options& options);

} // namespace pm::predict
