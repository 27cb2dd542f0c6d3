// Fuzz target: Monitoring Plugins output (status line, long output, performance data); the
// first byte chooses between a fixed --prefix and the service word of the status line.
#include "tests/fuzz/fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  if (size == 0)
    return 0;
  format::ParserOptions options;
  if (data[0] % 2 == 1)
    options.nagios_prefix = "check";
  auto parser = format::make_parser(format::Format::nagios, options);
  fuzz::feed_lines(*parser, fuzz::text_of(data + 1, size - 1));
  return 0;
}
