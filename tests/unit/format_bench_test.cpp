// Parser throughput, run only on demand by tests/bench/formats.sh (hidden: not a timed test).
#include "libpm/format/format.hpp"
#include "libpm/input/lines.hpp"
#include "libpm/util/strings.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

// PM_BENCH_FILE=path PM_BENCH_FORMAT=name: parses the file as pm-ingest would (read_lines,
// one LineParser) and prints `FORMAT MB records seconds MB/s` on stdout.
TEST_CASE("format parser throughput", "[.bench]") {
  const char* path = std::getenv("PM_BENCH_FILE");
  const char* name = std::getenv("PM_BENCH_FORMAT");
  REQUIRE(path != nullptr);
  REQUIRE(name != nullptr);
  auto format = pm::format::parse_format(name);
  REQUIRE(format);
  auto parser = pm::format::make_parser(*format);
  std::size_t records = 0;
  std::size_t rejected = 0;
  double checksum = 0;
  pm::format::RecordCallback on_record = [&](pm::record::Record& r) {
    ++records;
    checksum += r.value;
  };
  std::string error;
  auto start = std::chrono::steady_clock::now();
  pm::input::read_lines(pm::input::Source{path}, [&](const pm::input::Line& line) {
    if (!parser->parse_line(line.text, on_record, error))
      ++rejected;
    return true;
  });
  parser->finish(on_record, error);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double megabytes = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  std::printf("%-12s %8.1f MB %10zu records %7.3f s %8.1f MB/s (checksum %.3f)\n", name, megabytes, records,
              seconds, megabytes / seconds, checksum);
  CHECK(rejected == 0);
}
