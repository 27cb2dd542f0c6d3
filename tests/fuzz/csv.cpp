// Fuzz target: CSV with a header row, quoted fields running over lines.
#include "tests/fuzz/fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  auto parser = pm::format::make_parser(format::Format::csv);
  fuzz::feed_lines(*parser, fuzz::text_of(data, size));
  return 0;
}
