// Unit tests of Monitoring Plugins performance data turned into health.* records.
#include "libpm/collect/perfdata.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace pm;

namespace {

const time::TimePoint k_now = *time::parse_timestamp("2026-11-22T10:00:00Z");

std::vector<record::Record> parse(std::string_view output, util::Diagnostics& diagnostics) {
  return collect::perfdata_records(output, "c", k_now, diagnostics);
}

} // namespace

TEST_CASE("perfdata of check_load become health.CHECK.LABEL records with thresholds") {
  std::ifstream file(PM_FIXTURES "/probes/check_load.out");
  std::stringstream text;
  text << file.rdbuf();
  util::Diagnostics diagnostics;
  auto records = parse(text.str(), diagnostics);
  REQUIRE(records.size() == 3);
  CHECK(record::to_json(records[0]) ==
        R"({"ts":"2026-11-22T10:00:00.000Z","name":"health.c.load1","value":0.52,"warn":"5.000","crit":"10.000","min":0})");
  CHECK(records[2].name == "health.c.load15");
  CHECK(diagnostics.bad_input_count() == 0);
}

TEST_CASE("UOMs become units, scaled") {
  util::Diagnostics diagnostics;
  auto records = parse("OK | time=250ms;;;0 size=2KB used=50% age=3s tiny=5us raw=7", diagnostics);
  REQUIRE(records.size() == 6);
  CHECK(records[0].value == Approx(0.25));
  CHECK(records[0].unit == "seconds");
  CHECK(records[1].value == 2000);
  CHECK(records[1].unit == "bytes");
  CHECK(records[2].unit == "percent");
  CHECK(records[3].unit == "seconds");
  CHECK(records[4].value == Approx(5e-6));
  CHECK(records[5].unit.empty());
}

TEST_CASE("quoted labels and multi-line perfdata") {
  util::Diagnostics diagnostics;
  auto records = parse("DISK OK - free space: / 3326 MB|'/'=1500MB;;;0;4000\n"
                       "long text line one\n"
                       "more text | 'data'=1\n"
                       "boot=68MB;;;0;100\n",
                       diagnostics);
  REQUIRE(records.size() == 3);
  CHECK(records[0].name == "health.c");
  CHECK(records[0].tag("label") == "/");
  CHECK(records[0].value == 1500e6);
  CHECK(records[1].name == "health.c.data");
  CHECK(records[2].name == "health.c.boot");
  for (const auto& record : records)
    CHECK(record.ts == k_now);
}

TEST_CASE("output without perfdata gives no records") {
  util::Diagnostics diagnostics;
  CHECK(parse("PING OK - Packet loss = 0%\n", diagnostics).empty());
  CHECK(diagnostics.bad_input_count() == 0);
}

TEST_CASE("a malformed perfdata line is reported with the check as its source") {
  std::vector<std::string> lines;
  util::Diagnostics diagnostics([&](std::string_view line) { lines.emplace_back(line); });
  auto records = parse("OK | good=1\nmore | bad=abc", diagnostics);
  REQUIRE(records.size() == 1);
  CHECK(diagnostics.bad_input_count() == 1);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].rfind("check c:2: ", 0) == 0);
}
