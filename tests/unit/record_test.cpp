// Unit tests of libpm/record: parsing, validation with precise messages, serialisation.
#include "libpm/record/record.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace pm::record;

namespace {
std::string error_of(std::string_view line) {
  Parser parser;
  auto result = parser.parse(line);
  REQUIRE_FALSE(result);
  return result.error();
}

std::string round_trip(std::string_view line) {
  Parser parser;
  auto result = parser.parse(line);
  INFO(line);
  REQUIRE(result);
  return to_json(*result);
}
} // namespace

TEST_CASE("a full record parses into its fields") {
  Parser parser;
  auto record = parser.parse(
      R"({"ts":"2026-11-22T10:15:00.123Z","name":"api.request.duration","value":0.234,"unit":"seconds","tags":{"method":"GET","endpoint":"/api/users"}})");
  REQUIRE(record);
  CHECK(record->has_ts);
  CHECK(pm::time::format_timestamp(record->ts) == "2026-11-22T10:15:00.123Z");
  CHECK(record->name == "api.request.duration");
  CHECK(record->value == 0.234);
  CHECK(record->unit == "seconds");
  REQUIRE(record->tags.size() == 2);
  CHECK(record->tags[0].first == "endpoint"); // sorted by key
  CHECK(record->tag("method") == "GET");
  CHECK(record->tag("absent").empty());
  CHECK(record->is_sample());
  CHECK(record->series_key() == R"(api.request.duration{endpoint="/api/users",method="GET"})");
}

TEST_CASE("records serialise canonically and keep unknown fields verbatim") {
  CHECK(round_trip(R"({"name":"a","value":1,"ts":"2026-11-22T12:15:00+02:00"})") ==
        R"({"ts":"2026-11-22T10:15:00.000Z","name":"a","value":1})");
  CHECK(round_trip(R"({"ts":1795342500.5,"name":"a","value":0.1})") ==
        R"({"ts":"2026-11-22T10:15:00.500Z","name":"a","value":0.1})");
  CHECK(round_trip(R"({"name":"a","value":2.50,"host":{"id":[1, 2]},"note":"x"})") ==
        R"({"name":"a","value":2.5,"host":{"id":[1, 2]},"note":"x"})");
  CHECK(round_trip(R"( {"name":"a","value":-0.000001,"tags":{"b":"2","a":"1"}} )") ==
        R"({"name":"a","value":-1e-06,"tags":{"a":"1","b":"2"}})");
  CHECK(round_trip(R"({"name":"a","value":1,"tags":{"status":200,"ok":true}})") ==
        R"({"name":"a","value":1,"tags":{"ok":"true","status":"200"}})");
}

TEST_CASE("derived records keep kind and may lack a value") {
  auto line = R"({"ts":"2026-11-22T10:15:00.000Z","kind":"trend","name":"disk","slope":1.5,"trend":"increasing"})";
  CHECK(round_trip(line) == line);
  Parser parser;
  auto record = parser.parse(line);
  REQUIRE(record);
  CHECK_FALSE(record->is_sample());
  CHECK(record->extra_fields()["slope"] == 1.5);
}

TEST_CASE("record::sample builds a stamped sample") {
  Record record = sample(pm::time::parse_timestamp("2026-11-22T10:15:00.5Z").value_or_throw(), "disk.used", 42.5, "bytes");
  record.set_tag("mount", "/");
  CHECK(record.is_sample());
  CHECK(to_json(record) ==
        R"({"ts":"2026-11-22T10:15:00.500Z","name":"disk.used","value":42.5,"unit":"bytes","tags":{"mount":"/"}})");
  CHECK(to_json(sample(pm::time::TimePoint{}, "up", 0)) == R"({"ts":"1970-01-01T00:00:00.000Z","name":"up","value":0})");
}

TEST_CASE("derived-record writers add fields") {
  Record record;
  record.name = "system.cpu.usage";
  record.kind = "alert";
  record.value = 91;
  record.has_value = true;
  record.set_tag("host", "web-1");
  record.add_field("rule", "high_cpu");
  record.add_field("threshold", 80.0);
  record.add_field("message", "cpu \"hot\"");
  CHECK(to_json(record) ==
        R"({"kind":"alert","name":"system.cpu.usage","value":91,"tags":{"host":"web-1"},"rule":"high_cpu","threshold":80,"message":"cpu \"hot\""})");
}

TEST_CASE("each bad field gets a precise message") {
  CHECK(error_of("not json") == "not valid JSON");
  CHECK(error_of("[1,2]") == "line is not a JSON object");
  CHECK(error_of(R"({"value":1})") == "missing field \"name\"");
  CHECK(error_of(R"({"name":"a"})") == "missing field \"value\"");
  CHECK(error_of(R"({"name":"a","value":"abc"})") == "\"value\" must be a number, got \"abc\"");
  CHECK(error_of(R"({"name":"a","value":null})") == "\"value\" must be a number, got null");
  CHECK(error_of(R"({"name":"a","value":1e999})") == "\"value\" must be a finite number");
  CHECK(error_of(R"({"name":"9a","value":1})") == "\"name\" \"9a\" must start with a letter or '_'");
  CHECK(error_of(R"({"name":"a b","value":1})") == "\"name\" \"a b\" may hold only letters, digits and _ . : -");
  CHECK(error_of(R"({"name":")" + std::string(256, 'a') + R"(","value":1})") == "\"name\" is longer than 255 bytes");
  CHECK(error_of(R"({"name":1,"value":1})") == "\"name\" must be a string, got 1");
  CHECK(error_of(R"({"name":"a","value":1,"ts":"2026-13-01T00:00:00Z"})") ==
        "\"ts\": invalid time \"2026-13-01T00:00:00Z\": no such date");
  CHECK(error_of(R"({"name":"a","value":1,"ts":true})") == "\"ts\" must be an RFC 3339 string or epoch seconds, got true");
  CHECK(error_of(R"({"name":"a","value":1,"tags":{"k":["x"]}})") == "\"tags.k\" must be a string, got an array");
  CHECK(error_of(R"({"name":"a","value":1,"tags":"x"})") == "\"tags\" must be an object of strings, got \"x\"");
  CHECK(error_of(R"({"name":"a","value":1,"tags":{"k":"1","k":"2"}})") == "duplicate tag \"k\"");
  CHECK(error_of(R"({"name":"a","value":1,"value":2})") == "duplicate field \"value\"");
  CHECK(error_of(R"({"name":"a","value":1} x)") == "not valid JSON");
  CHECK(error_of(R"({"name":"a","value":1} {"name":"b","value":2})") == "unexpected text after the JSON object");
  CHECK(error_of(R"("just a string")") == "line is not a JSON object");
  CHECK(error_of(R"({"name":"caf\u00e9","value":1})") == "\"name\" \"caf\xC3\xA9\" may hold only letters, digits and _ . : -");
  CHECK(error_of("{\"name\":\"a\xFF\",\"value\":1}") == "not valid UTF-8 at byte 11");
  CHECK(error_of(R"({"name":"a","value":-Infinity})") == "\"value\" must be a number, got -Infinity");
  CHECK(error_of(R"({"name":"a","value":1e400})") == "\"value\" must be a finite number");
  CHECK(error_of(R"({"ts":-x,"name":"a","value":1})") == "\"ts\" must be an RFC 3339 string or epoch seconds, got -x");
}

TEST_CASE("extra fields copied through are strict JSON, each key once") {
  CHECK(error_of(R"({"name":"a","value":1,"x":1.2.3})") == "field \"x\": not valid JSON: bad number \"1.2.\"");
  CHECK(error_of(R"({"name":"a","value":1,"x":tru})") ==
        "field \"x\": not valid JSON: bad literal (true, false or null expected)");
  CHECK(error_of(R"({"name":"a","value":1,"x":nulll})") ==
        "field \"x\": not valid JSON: bad literal (true, false or null expected)");
  CHECK(error_of(R"({"name":"a","value":1,"x":[1,,2]})") == "field \"x\": not valid JSON: unexpected \",\"");
  CHECK(error_of(R"({"name":"a","value":1,"x":01})") == "field \"x\": not valid JSON: bad number \"01\"");
  CHECK(error_of(R"({"name":"a","value":1,"x":"\u12"})") ==
        "field \"x\": not valid JSON: bad \\u escape in a string (four hex digits expected)");
  CHECK(error_of(R"({"name":"a","value":1,"x":-})") == "field \"x\": not valid JSON: bad number \"-\"");
  CHECK(error_of(R"({"name":"a","value":1,"x":1,"x":2})") == "duplicate field \"x\"");
  CHECK(error_of(R"({"name":"a","value":1,"tags":{"k":tru}})") ==
        "\"tags.k\": not valid JSON: bad literal (true, false or null expected)");
  CHECK(error_of(R"({"name":"a","value":1,"tags":{"k":01}})") == "\"tags.k\": not valid JSON: bad number \"01\"");
  Parser parser;
  auto ok = parser.parse(R"({"name":"a","value":1,"x":{"a":[1,-2.5e3,"\u00e9"],"b":null},"y":true})");
  REQUIRE(ok);
  CHECK(to_json(*ok) == R"({"name":"a","value":1,"x":{"a":[1,-2.5e3,"\u00e9"],"b":null},"y":true})");
}

TEST_CASE("a parser is reusable and resets between lines") {
  Parser parser;
  Record record;
  std::string error;
  REQUIRE(parser.parse(R"({"name":"a","value":1,"unit":"s","tags":{"x":"1","y":"2"},"k":1})", record, error));
  REQUIRE(parser.parse(R"({"name":"b","value":2})", record, error));
  CHECK(record.unit.empty());
  CHECK(record.tags.empty());
  CHECK(record.extra.empty());
  CHECK_FALSE(record.has_ts);
}

TEST_CASE("severities read and print") {
  CHECK(*parse_severity("warning") == Severity::warning);
  CHECK(*parse_severity("crit") == Severity::critical);
  CHECK(to_string(Severity::error) == "error");
  CHECK(Severity::info < Severity::critical);
  CHECK_FALSE(parse_severity("loud"));
}
