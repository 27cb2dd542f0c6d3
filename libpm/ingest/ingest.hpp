// pm-ingest: validate and normalise records from many formats and append them to the history store.
#pragma once

#include "libpm/cli/options.hpp"
#include "libpm/cli/run.hpp"
#include "libpm/time/time.hpp"

#include <string>

namespace pm::ingest {

struct Options {
  cli::InputOptions input; ///< FILE..., --strict, --history DIR (the store written to), --retention
  std::string format = "ndjson";
  bool tee = false;   ///< pass accepted records on to stdout
  bool check = false; ///< validate only: write nothing to the store
  time::Clock clock;  ///< stamps records without `ts`; pinned by the hidden --now
};

/// The input formats `--format` takes.
const std::vector<std::string>& format_names();

/// Reads every input, stores each valid record in its own hour's segment (canonical JSON,
/// one locked write per segment per batch), keeps each bad line raw in rejected/ and reports
/// it as `SOURCE:LINE: reason`, prunes segments older than the retention, and ends with one
/// summary line on stderr. Returns 0, or 1 when any line was rejected. Throws Error when the
/// store cannot be written, UsageError for a bad retention.
int run(const Options& options, cli::Context& context);

} // namespace pm::ingest
