// The canonical fast path of record parsing agrees with the general parser and append_json.
#include "libpm/record/record.hpp"

#include <catch2/catch.hpp>

using namespace pm;

namespace {

// What the general path makes of `line`: its canonical JSON, or "" when it is not valid.
std::string general(const std::string& line) {
  record::Parser parser;
  record::Record out;
  std::string error;
  // Parser::parse tries the fast path first; force the general path with a leading blank.
  if (!parser.parse(" " + line, out, error))
    return "";
  return record::to_json(out);
}

} // namespace

TEST_CASE("a line is canonical exactly when re-serialising it gives the same bytes", "[store][record]") {
  // Each line, and whether the fast path must take it (it may decline a line that is canonical
  // but unusual, such as one with escapes or extra fields: the general path then stores it).
  const std::vector<std::pair<std::string, bool>> lines = {
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"api.request.duration","value":0.234,"unit":"seconds","tags":{"endpoint":"/api/users","method":"GET","status":"200"}})", true},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1})", true},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":-0})", true},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1e+05})", true},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":100000})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":10000})", true},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":0.0001})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":0.00001})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1e-05})", true},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":95.0})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":0.30000000000000004})", true},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":123456789012345678})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":007})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1,"unit":""})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1,"tags":{}})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1,"tags":{"b":"1","a":"2"}})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1,"tags":{"a":"1","a":"2"}})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1,"tags":{"a":"caf\u00e9"}})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1,"tags":{"a":"x\"y"}})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1,"extra":true})", false},
      {R"({"ts":"2026-02-29T10:15:00.123Z","name":"m","value":1})", false},
      {R"({"ts":"2028-02-29T10:15:00.123Z","name":"m","value":1})", true},
      {R"({"ts":"2026-11-22T10:15:60.000Z","name":"m","value":1})", false},
      {R"({"ts":"2026-11-22T10:15:00.123+00:00","name":"m","value":1})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"9m","value":1})", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1} )", false},
      {R"({"ts":"2026-11-22T10:15:00.123Z","kind":"alert","name":"m","value":1})", false},
  };
  record::Record fast;
  for (const auto& [line, expected] : lines) {
    INFO(line);
    bool canonical = record::parse_canonical(line, fast);
    time::TimePoint ts;
    CHECK(canonical == expected);
    CHECK(record::is_canonical(line, ts) == canonical);
    if (!canonical && general(line) == line)
      CHECK_FALSE(expected); // declined though canonical: allowed only where the list says so
    if (canonical)
      CHECK(general(line) == line);
    if (canonical) {
      CHECK(record::to_json(fast) == line);
      CHECK(ts == fast.ts);
    }
  }
}

TEST_CASE("the fast number check agrees with to_chars on many decimal forms", "[store][record]") {
  // Integers and decimals of every length, with leading and trailing zeros, both signs.
  std::vector<std::string> numbers;
  for (const char* whole : {"0", "1", "7", "10", "100", "1000", "10000", "100000", "1000000", "120000", "123456789012345",
                            "1234567890123456", "00", "01", "999999999999999", "5000000000000000"})
    for (const char* fraction : {"", ".5", ".25", ".05", ".005", ".0005", ".50", ".1234567890123", ".12345678901234567", "."})
      for (const char* sign : {"", "-"})
        numbers.push_back(std::string(sign) + whole + fraction);
  record::Record fast;
  for (const auto& number : numbers) {
    std::string line = R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":)" + number + "}";
    INFO(line);
    time::TimePoint ts;
    bool canonical = record::is_canonical(line, ts);
    CHECK(canonical == record::parse_canonical(line, fast));
    CHECK(canonical == (general(line) == line));
  }
}

TEST_CASE("the fast path's times stay exact across hours, days and invalid dates", "[store][record]") {
  // The date and hour are converted once and then compared: a change of hour, a step back in
  // time and a bad date after a good one in the same hour must all still be read exactly.
  const std::vector<std::pair<std::string, long long>> times = {
      {"2026-11-22T10:59:59.999Z", 1795345199999},   {"2026-11-22T11:00:00.000Z", 1795345200000},
      {"2026-11-22T10:00:00.001Z", 1795341600001},   {"2026-11-22T10:15:00.123Z", 1795342500123},
      {"2026-11-23T10:15:00.123Z", 1795428900123},   {"2026-02-29T10:15:00.123Z", -1},
      {"2026-11-22T10:61:00.000Z", -1},              {"2026-11-22T10:15:00.123Z", 1795342500123},
      {"2028-02-29T23:59:59.999Z", 1835481599999},   {"2026-12-31T23:59:59.999Z", 1798761599999},
  };
  record::Record fast;
  for (const auto& [ts, ms] : times) {
    std::string line = R"({"ts":")" + ts + R"(","name":"m","value":1})";
    INFO(line);
    CHECK(record::parse_canonical(line, fast) == (ms >= 0));
    if (ms >= 0)
      CHECK(fast.ts.time_since_epoch().count() == ms);
  }
}

TEST_CASE("the parser's fast path takes any JSON number and refuses what JSON refuses", "[store][record]") {
  // Valid JSON numbers written in a non-canonical way parse on the fast path to the same
  // record as the general path; texts JSON does not allow are refused by both.
  const std::vector<std::pair<std::string, bool>> numbers = {
      {"0.50", true}, {"1E3", true},  {"1e+05", true}, {"-0.0", true}, {"120000", true}, {"1.5e-3", true},
      {"0.0880", true}, {"007", false}, {"1.", false},   {".5", false}, {"+1", false},    {"-", false},
      {"1e", false},   {"1e+", false}, {"--1", false},  {"1.5.2", false}, {"1e400", false},
  };
  record::Parser parser;
  for (const auto& [number, valid] : numbers) {
    std::string line = R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":)" + number + R"(,"tags":{"a":"b"}})";
    INFO(line);
    record::Record fast;
    CHECK(record::parse_plain(line, fast) == valid);
    record::Record general;
    std::string error;
    CHECK(parser.parse(" " + line, general, error) == valid);
    if (valid) {
      CHECK(record::to_json(fast) == record::to_json(general));
      CHECK(fast.value == std::stod(number));
    }
  }
}

TEST_CASE("the fast path finds every string whatever its length and place in the line", "[store][record]") {
  // Strings of every length from 0 to 19 put the quotes at every offset within the 8-byte
  // words of the whole-line scan; a line with many tags gives the same record on both paths.
  record::Parser parser;
  record::Record fast, general;
  std::string error;
  for (std::size_t a = 1; a < 20; ++a)
    for (std::size_t b = 0; b < 20; ++b) {
      std::string line = R"({"ts":"2026-11-22T10:15:00.123Z","name":"m)" + std::string(a % 7, 'n') +
                         R"(","value":1.5,"unit":"u","tags":{")" + std::string(a, 'k') + R"(":")" + std::string(b, 'v') +
                         R"(","z":")" + std::string(b % 3, 'w') + R"("}})";
      INFO(line);
      REQUIRE(record::parse_canonical(line, fast));
      CHECK(record::to_json(fast) == line);
      CHECK(fast.tags[0].second == std::string(b, 'v'));
    }
  std::string many = R"({"ts":"2026-11-22T10:15:00.123Z","name":"m","value":1,"tags":{)";
  for (int i = 0; i < 40; ++i)
    many += (i ? "," : "") + std::string("\"k") + std::to_string(100 + i) + "\":\"v\"";
  many += "}}";
  REQUIRE(record::parse_canonical(many, fast));
  REQUIRE(parser.parse(" " + many, general, error));
  CHECK(record::to_json(fast) == many);
  CHECK(general.tags.size() == 40);
  CHECK(record::to_json(general) == many);
}
