// Unit tests of Monitoring Plugins performance data turned into health.* records.
#include "libpm/collect/perfdata.hpp"

#include <catch2/catch.hpp>

using namespace pm;

namespace {

const time::TimePoint k_now = *time::parse_timestamp("2026-11-22T10:00:00Z");

std::vector<record::Record> parse(std::string_view output, util::Diagnostics& diagnostics) {
  return collect::perfdata_records(output, "c", k_now, diagnostics);
}

} // namespace

TEST_CASE("perfdata of check_load become records with thresholds") {
  util::Diagnostics diagnostics;
  auto records = parse("LOAD OK - total load average: 0.52, 0.58, 0.59|load1=0.520;5.000;10.000;0; "
                       "load5=0.580;4.000;8.000;0; load15=0.590;3.000;6.000;0; \n",
                       diagnostics);
  REQUIRE(records.size() == 3);
  CHECK(record::to_json(records[0]) ==
        R"({"ts":"2026-11-22T10:00:00.000Z","name":"health.c.load1","value":0.52,"warn":5,"crit":10,"min":0})");
  CHECK(records[2].name == "health.c.load15");
  CHECK(diagnostics.bad_input_count() == 0);
}

TEST_CASE("UOMs become units, scaled") {
  util::Diagnostics diagnostics;
  auto records = parse("OK | time=250ms;;;0 size=2KB used=50% pkts=12c age=3s tiny=5us raw=7 temp=40C", diagnostics);
  REQUIRE(records.size() == 8);
  CHECK(records[0].value == Approx(0.25));
  CHECK(records[0].unit == "seconds");
  CHECK(records[1].value == 2048);
  CHECK(records[1].unit == "bytes");
  CHECK(records[2].unit == "percent");
  CHECK(records[3].unit == "count");
  CHECK(records[4].unit == "seconds");
  CHECK(records[5].value == Approx(5e-6));
  CHECK(records[6].unit.empty());
  CHECK(records[7].unit == "C"); // not a guideline UOM: kept as written
}

TEST_CASE("quoted labels and multi-line perfdata") {
  util::Diagnostics diagnostics;
  auto records = parse("DISK OK - free space: / 3326 MB|'/ used'=1500MB;;;0;4000\n"
                       "long text line one\n"
                       "more text | 'it''s'=1\n"
                       "/boot=68MB;;;0;100\n",
                       diagnostics);
  REQUIRE(records.size() == 3);
  CHECK(records[0].name == "health.c.__used");
  CHECK(records[0].value == 1500.0 * 1048576);
  CHECK(record::to_json(records[0]).find("\"max\":4194304000") != std::string::npos);
  CHECK(records[1].name == "health.c.it_s");
  CHECK(records[2].name == "health.c._boot");
}

TEST_CASE("output without perfdata gives no records, U is no value") {
  util::Diagnostics diagnostics;
  CHECK(parse("PING OK - Packet loss = 0%\n", diagnostics).empty());
  CHECK(parse("X | rta=U;;", diagnostics).empty());
  CHECK(diagnostics.bad_input_count() == 0);
}

TEST_CASE("malformed perfdata items are reported, the rest kept") {
  std::vector<std::string> lines;
  util::Diagnostics diagnostics([&](std::string_view line) { lines.emplace_back(line); });
  auto records = parse("OK | good=1 junk =x bad=abc", diagnostics);
  REQUIRE(records.size() == 1);
  CHECK(diagnostics.bad_input_count() == 3);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "check c:1: performance data \"junk\" is not label=value");
  CHECK(lines[2] == "check c:1: performance data \"bad=abc\" has no number as its value");
}
