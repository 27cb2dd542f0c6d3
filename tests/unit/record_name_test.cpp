// The metric-name rule of pm(7) THE RECORD, asked by the record parser, its fast path and the formats.
#include "libpm/record/record.hpp"

#include <catch2/catch.hpp>

using pm::record::is_valid_name;
using pm::record::validate_name;

TEST_CASE("a metric name starts with a letter or _ and holds letters, digits and _ . : -", "[record]") {
  for (const char* good : {"a", "_", "A", "system.cpu.usage", "api.request.duration", "a:b", "a-b", "_9", "Z.9:_-",
                           "node_memory_MemTotal_bytes"}) {
    INFO("name \"" << good << "\"");
    CHECK(is_valid_name(good));
    CHECK(validate_name(good));
  }
  for (const char* bad : {"", "9a", ".a", ":a", "-a", "a b", "a/b", "a{b}", "a\"b", "a*", "caf\xC3\xA9", "a\tb"}) {
    INFO("name \"" << bad << "\"");
    CHECK_FALSE(is_valid_name(bad));
    CHECK_FALSE(validate_name(bad));
  }
}

TEST_CASE("a metric name is at most 255 bytes", "[record]") {
  CHECK(is_valid_name(std::string(255, 'a')));
  CHECK_FALSE(is_valid_name(std::string(256, 'a')));
  CHECK(validate_name(std::string(256, 'a')).error() == "\"name\" is longer than 255 bytes");
}

TEST_CASE("a bad name's message says what is wrong and quotes it", "[record]") {
  CHECK(validate_name("").error() == "\"name\" must not be empty");
  CHECK(validate_name("9a").error() == "\"name\" \"9a\" must start with a letter or '_'");
  CHECK(validate_name("a b").error() == "\"name\" \"a b\" may hold only letters, digits and _ . : -");
}

TEST_CASE("the parser's fast path and its full path agree on names", "[record]") {
  // Canonical lines take the fast path; the same name with the value written otherwise
  // takes the full parser: both must accept and refuse alike.
  pm::record::Parser parser;
  std::string error;
  for (const char* name : {"a.b", "9a", "a b", "_x:y-z", "caf\xC3\xA9"}) {
    std::string canonical = std::string(R"({"ts":"2026-11-22T10:00:00.000Z","name":")") + name + R"(","value":1})";
    std::string other = std::string(R"({"value":1.0,"name":")") + name + R"("})";
    pm::record::Record a, b;
    INFO("name \"" << name << "\"");
    CHECK(parser.parse(canonical, a, error) == is_valid_name(name));
    CHECK(parser.parse(other, b, error) == is_valid_name(name));
  }
}

TEST_CASE("name characters: the table behind the rule", "[record]") {
  CHECK(pm::record::is_name_char('a', true));
  CHECK(pm::record::is_name_char('_', true));
  CHECK_FALSE(pm::record::is_name_char('1', true));
  CHECK(pm::record::is_name_char('1'));
  for (char c : {'.', ':', '-'}) {
    CHECK(pm::record::is_name_char(c));
    CHECK_FALSE(pm::record::is_name_char(c, true));
  }
  for (char c : {' ', '/', '*', '\0', '\x80', '\xff'})
    CHECK_FALSE(pm::record::is_name_char(c));
}
