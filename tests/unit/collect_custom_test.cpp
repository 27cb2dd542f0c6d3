// Unit tests of pm-sample --value NAME=NUMBER.
#include "libpm/collect/custom.hpp"

#include <catch2/catch.hpp>

using namespace pm;

TEST_CASE("parse_custom_value reads a name and a number") {
  auto value = collect::parse_custom_value("deploy.count=3");
  CHECK(value.name == "deploy.count");
  CHECK(value.value == 3);
  CHECK(collect::parse_custom_value("x=-1.5e3").value == -1500);
  CHECK(collect::parse_custom_value("x=+2").value == 2);
}

TEST_CASE("parse_custom_value refuses bad names and numbers") {
  CHECK_THROWS_WITH(collect::parse_custom_value("deploy.count"), Catch::Contains("wants NAME=NUMBER"));
  CHECK_THROWS_AS(collect::parse_custom_value("=3"), UsageError);
  CHECK_THROWS_AS(collect::parse_custom_value("9x=3"), UsageError);
  CHECK_THROWS_AS(collect::parse_custom_value("a b=3"), UsageError);
  CHECK_THROWS_WITH(collect::parse_custom_value("x=abc"), Catch::Contains("\"abc\" is not a finite number"));
  CHECK_THROWS_AS(collect::parse_custom_value("x="), UsageError);
  CHECK_THROWS_AS(collect::parse_custom_value("x=nan"), UsageError);
  CHECK_THROWS_AS(collect::parse_custom_value("x=inf"), UsageError);
  CHECK_THROWS_AS(collect::parse_custom_value("x=1e999"), UsageError);
  CHECK_THROWS_AS(collect::parse_custom_value("x=3 "), UsageError);
}

TEST_CASE("custom_records stamps each value") {
  auto now = *time::parse_timestamp("2026-11-22T10:00:00Z");
  auto records = collect::custom_records({{"a", 1}, {"b", 2.5}}, now);
  REQUIRE(records.size() == 2);
  CHECK(record::to_json(records[1]) == R"({"ts":"2026-11-22T10:00:00.000Z","name":"b","value":2.5})");
}
