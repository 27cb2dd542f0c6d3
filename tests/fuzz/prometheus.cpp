// Fuzz target: a Prometheus text exposition (0.0.4, given or detected) or OpenMetrics 1.0;
// the first byte chooses which, the rest is the exposition.
#include "tests/fuzz/fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  if (size == 0)
    return 0;
  format::ParserOptions options;
  format::Format format = data[0] % 3 == 1 ? format::Format::openmetrics : format::Format::prometheus;
  options.prometheus_guess_timestamps = data[0] % 3 == 2;
  auto parser = format::make_parser(format, options);
  fuzz::feed_lines(*parser, fuzz::text_of(data + 1, size - 1));
  return 0;
}
