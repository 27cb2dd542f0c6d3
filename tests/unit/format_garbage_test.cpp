// Property test of every parser on mutated and random input: no crash, and each line is
// either accepted with valid records or rejected with a reason (never dropped in silence).
#include "format_helpers.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using pm::format::Format;

TEST_CASE("parsers: mutated lines give valid records or a reason, never a crash") {
  const std::vector<std::pair<Format, std::string>> seeds{
      {Format::prometheus, "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000"},
      {Format::prometheus, "# TYPE rpc_seconds histogram"},
      {Format::openmetrics, "foo_total{a=\"x\\\"y\"} 17.0 1520879607.789 # {trace_id=\"KOO\"} 0.67"},
      {Format::influx, "cpu,host=web\\ 01,path=/var\\,log usage=97.5,n=3i,ok=t,s=\"a \\\"q\\\"\" 1700000000123456789"},
      {Format::nagios, "DISK OK - free | /=2643MB;5948;5958;0;5968 'a b'=1.5ms;@1:~;~:2;0;10 c=3c"},
      {Format::csv, "2026-11-22T10:15:00Z,api.latency,0.25,\"a,\"\"b\",x"},
      {Format::ndjson, R"({"ts":"2026-11-22T10:15:00Z","name":"a","value":1,"tags":{"k":"v"}})"},
  };
  std::mt19937 rng(12345);
  const std::string alphabet = "abc019_.:,= \"'\\{}#|;@~-+eEi\t\r\xff\x80";
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  for (const auto& [format, seed] : seeds) {
    for (int round = 0; round < 3000; ++round) {
      std::string line = seed;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !line.empty(); ++e) {
        std::size_t at = rng() % line.size();
        char c = alphabet[rng() % alphabet.size()];
        switch (rng() % 3) {
        case 0: line[at] = c; break;
        case 1: line.erase(at, 1 + rng() % 3); break;
        default: line.insert(at, 1, c); break;
        }
      }
      auto parser = pm::format::make_parser(format);
      std::string header = format == Format::csv ? "ts,name,value,note,host" : "";
      std::string error;
      pm::format::RecordCallback check = [&](pm::record::Record& r) {
        INFO(line);
        CHECK(pm::record::validate_name(r.name));
        CHECK(std::isfinite(r.value));
        for (std::size_t i = 1; i < r.tags.size(); ++i)
          CHECK(r.tags[i - 1].first < r.tags[i].first);
      };
      if (!header.empty())
        REQUIRE(parser->parse_line(header, check, error));
      bool ok = parser->parse_line(line, check, error) && parser->finish(check, error);
      if (ok) {
        ++accepted;
      } else {
        ++rejected;
        INFO(line);
        CHECK(!error.empty());
      }
      error.clear();
    }
  }
  // Both outcomes occur: the mutations are neither all harmless nor all fatal.
  CHECK(accepted > 1000);
  CHECK(rejected > 1000);
}
