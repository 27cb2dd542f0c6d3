// Unit tests of the InfluxDB line protocol parser (libpm/format/influx).
#include "format_helpers.hpp"

#include <catch2/catch.hpp>

using pm::format::Format;
using pm::format::testing::parse;
using pm::format::testing::read_fixture;

TEST_CASE("influx: one record per field, measurement.field, tags kept, ns cut to ms") {
  auto parsed = parse("cpu,host=a,cpu=cpu0 usage_idle=97.5,usage_user=1.25 1700000000123456789\n", Format::influx);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 2);
  CHECK(parsed.records[0] ==
        R"({"ts":"2023-11-14T22:13:20.123Z","name":"cpu.usage_idle","value":97.5,"tags":{"cpu":"cpu0","host":"a"}})");
  CHECK(parsed.records[1] ==
        R"({"ts":"2023-11-14T22:13:20.123Z","name":"cpu.usage_user","value":1.25,"tags":{"cpu":"cpu0","host":"a"}})");
}

TEST_CASE("influx: integer, unsigned, boolean fields; a field named value is the measurement") {
  auto parsed = parse("m a=3i,b=18446744073709551615u,c=t,d=FALSE,e=-1.5e3,value=7\n", Format::influx);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 6);
  CHECK(parsed.records[0] == R"({"name":"m.a","value":3})");
  CHECK(parsed.records[1] == R"({"name":"m.b","value":18446744073709551616})");
  CHECK(parsed.records[2] == R"({"name":"m.c","value":1})");
  CHECK(parsed.records[3] == R"({"name":"m.d","value":0})");
  CHECK(parsed.records[4] == R"({"name":"m.e","value":-1500})");
  CHECK(parsed.records[5] == R"({"name":"m","value":7})");
}

TEST_CASE("influx: escapes in tags and string fields, string fields skipped and counted") {
  auto parsed = parse(read_fixture("format/telegraf.lp"), Format::influx);
  REQUIRE(parsed.errors.size() == 1); // "my app,v2" is not a valid metric name
  CHECK(parsed.errors[0] == "in:6: line protocol: \"name\" \"my app,v2.latency\" may hold only letters, digits and _ . : -");
  REQUIRE(parsed.records.size() == 12);
  CHECK(parsed.records[0] == R"({"ts":"2023-11-14T22:13:20.123Z","name":"cpu.usage_idle","value":97.5,)"
                             R"("tags":{"cpu":"cpu-total","host":"web 01"}})");
  CHECK(parsed.records[5] == R"({"ts":"2023-11-14T22:13:20.000Z","name":"mem.available","value":1.28e+10,)"
                             R"("tags":{"host":"web 01"}})");
  CHECK(parsed.records[6] == R"({"ts":"2023-11-14T22:13:20.000Z","name":"disk.used_percent","value":41.2,)"
                             R"("tags":{"fstype":"ext4","host":"web 01","path":"/var,log"}})");
  CHECK(parsed.records[10] == R"({"ts":"2023-11-14T22:13:20.000Z","name":"temperature","value":21.5,)"
                             R"("tags":{"room":"lab"}})");
  CHECK(parsed.records[11] == R"({"name":"events.count","value":3})");
  REQUIRE(parsed.warnings.size() == 1);
  CHECK(parsed.warnings[0] == "warning: in: skipped 2 string fields (a record holds a finite number)");
}

TEST_CASE("influx: escaped comma, equals and space in tag keys and values") {
  auto parsed = parse("m,k\\=1=v\\,1\\ x,k2=a\\\\b f=1\n", Format::influx);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 1);
  CHECK(parsed.records[0] == R"({"name":"m.f","value":1,"tags":{"k2":"a\\b","k=1":"v,1 x"}})");
}

TEST_CASE("influx: precision option scales the timestamp") {
  pm::format::ParserOptions options;
  options.influx_precision = "s";
  auto parsed = parse("m f=1 1700000000\n", Format::influx, options);
  REQUIRE(parsed.records.size() == 1);
  CHECK(parsed.records[0] == R"({"ts":"2023-11-14T22:13:20.000Z","name":"m.f","value":1})");
  options.influx_precision = "minutes";
  CHECK_THROWS_AS(parse("m f=1\n", Format::influx, options), pm::UsageError);
}

TEST_CASE("influx: malformed lines are rejected whole with the reason") {
  auto parsed = parse("m\n"
                      "m,tag f=1\n"
                      "m f=abc\n"
                      "m f=1,g\n"
                      "m f=\"open\n"
                      "m f=1 12x\n"
                      "m f=1 -5\n"
                      "m f=nan\n"
                      ",t=1 f=1\n"
                      "m f=1,g=2 1700000000000000000\n",
                      Format::influx);
  REQUIRE(parsed.records.size() == 2);
  REQUIRE(parsed.errors.size() == 9);
  CHECK(parsed.errors[0] == "in:1: line protocol: \"m\" has no fields (expected a blank, then field=value)");
  CHECK(parsed.errors[1] == "in:2: line protocol: tag \"tag\" of \"m\" needs key=value");
  CHECK(parsed.errors[2].starts_with("in:3: line protocol: field \"f\" of \"m\" must be a float, integer (3i)"));
  CHECK(parsed.errors[3] == "in:4: line protocol: field \"g\" of \"m\" needs key=value");
  CHECK(parsed.errors[4] == "in:5: line protocol: string field \"f\" has no closing quote");
  CHECK(parsed.errors[5] == "in:6: line protocol: timestamp must be an integer, got \"12x\"");
  CHECK(parsed.errors[6] == "in:7: line protocol: timestamp -5 is out of range (years 1970..9999)");
  CHECK(parsed.errors[7].starts_with("in:8: line protocol: field \"f\" of \"m\" must be a float"));
  CHECK(parsed.errors[8] == "in:9: line protocol: missing measurement name");
}
