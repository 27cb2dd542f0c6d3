// pm-ingest: validate and normalise records from many formats and append them to the history store.
#pragma once

#include "libpm/cli/options.hpp"
#include "libpm/cli/run.hpp"
#include "libpm/time/time.hpp"

#include <string>
#include <vector>

namespace pm::ingest {

struct Options {
  cli::InputOptions input; ///< FILE..., --strict, --history DIR (the store written to), --retention
  std::string format = "auto"; ///< a format name, or "auto": detected per input
  /// Influx timestamps: "ns", "us", "ms" or "s" (format::parse_influx_precision); empty: not
  /// given, nanoseconds as InfluxDB's default. Given with a --format other than influx or auto
  /// it is a usage error (it would be ignored).
  std::string precision;
  bool tee = false;   ///< pass accepted records on to stdout
  bool check = false; ///< validate only: write nothing to the store
  time::Clock clock;  ///< stamps records without `ts`; pinned by the hidden --now
};

/// The names `--format` takes: "auto" and the format names of libpm/format.
const std::vector<std::string>& format_names();

/// Reads every input, stores each valid record in its own hour's segment (canonical JSON,
/// one locked write per segment per batch), keeps each bad line raw in rejected/ and reports
/// it as `SOURCE:LINE: reason`, prunes segments older than the retention, and ends with one
/// summary line on stderr. Returns 0, or 1 when any line was rejected. Throws Error when the
/// store cannot be written, UsageError for a bad retention or precision.
int run(const Options& options, cli::Context& context);

} // namespace pm::ingest
