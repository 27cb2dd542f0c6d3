// Benchmark helper: times store::read of a time range, the path behind every tool's --history.
// Built by tests/bench/ingest.sh against build/libpm/libpm.a; not part of the test suite.
#include "libpm/store/reader.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: store_read DIR SINCE UNTIL REPEAT\n");
    return 2;
  }
  using namespace pm;
  input::Selection selection;
  selection.since = *time::parse_timestamp(argv[2]);
  selection.until = *time::parse_timestamp(argv[3]);
  const int repeat = std::atoi(argv[4]);
  util::Diagnostics diagnostics;
  std::size_t records = 0, segments = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < repeat; ++i) {
    records = 0;
    auto stats = store::read(argv[1], selection, time::TimePoint{}, diagnostics, false, [&](record::Record&) {
      ++records;
      return true;
    });
    segments = stats.segments;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu records from %zu segment(s) in %.3f ms per query\n", records, segments, seconds * 1000 / repeat);
  return 0;
}
