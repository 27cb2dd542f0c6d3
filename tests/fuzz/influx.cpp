// Fuzz target: InfluxDB line protocol; the first byte chooses the precision (ns, us, ms, s),
// the rest is the input.
#include "tests/fuzz/fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  if (size == 0)
    return 0;
  static const char* const k_precisions[] = {"ns", "us", "ms", "s"};
  format::ParserOptions options;
  options.influx_precision = k_precisions[data[0] % 4];
  auto parser = format::make_parser(format::Format::influx, options);
  fuzz::feed_lines(*parser, fuzz::text_of(data + 1, size - 1));
  return 0;
}
