// Unit tests of the Prometheus text / OpenMetrics parser (libpm/format/prometheus).
#include "format_helpers.hpp"

#include "libpm/util/strings.hpp"

#include <catch2/catch.hpp>

using pm::format::Format;
using pm::format::testing::parse;
using pm::format::testing::read_fixture;

TEST_CASE("prometheus: labels become tags, TYPE becomes a type field, no timestamp means no ts") {
  auto parsed = parse("# HELP http_requests_total Requests.\n"
                      "# TYPE http_requests_total counter\n"
                      "http_requests_total{method=\"post\",code=\"200\"} 1027\n"
                      "up 1\n",
                      Format::prometheus);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 2);
  CHECK(parsed.records[0] ==
        R"({"name":"http_requests_total","value":1027,"tags":{"code":"200","method":"post"},"type":"counter"})");
  CHECK(parsed.records[1] == R"({"name":"up","value":1})");
}

TEST_CASE("prometheus: label values unescape backslash, quote and newline") {
  auto parsed = parse(R"(msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9)"
                      "\n",
                      Format::prometheus);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 1);
  CHECK(parsed.records[0] == R"({"name":"msdos_file_access_time_seconds","value":1458255915,)"
                             R"("tags":{"error":"Cannot find file:\n\"FILE.TXT\"","path":"C:\\DIR\\FILE.TXT"}})");
}

TEST_CASE("prometheus: text-format timestamps are milliseconds, OpenMetrics ones seconds") {
  auto text = parse("metric_a 5 1700000000123\n", Format::prometheus);
  REQUIRE(text.records.size() == 1);
  CHECK(text.records[0] == R"({"ts":"2023-11-14T22:13:20.123Z","name":"metric_a","value":5})");

  auto om = parse("# TYPE metric_a gauge\n# UNIT metric_a seconds\nmetric_a 5 1700000000.123\n# EOF\n",
                  Format::openmetrics);
  REQUIRE(om.errors == std::vector<std::string>{});
  REQUIRE(om.records.size() == 1);
  CHECK(om.records[0] ==
        R"({"ts":"2023-11-14T22:13:20.123Z","name":"metric_a","value":5,"unit":"seconds","type":"gauge"})");

  auto fractional = parse("metric_a 5 1700000000.5\n", Format::prometheus);
  REQUIRE(fractional.errors.size() == 1);
  CHECK(fractional.errors[0].starts_with("in:1: timestamp \"1700000000.5\" must be integer milliseconds"));
}

TEST_CASE("prometheus: a detected exposition reads timestamps by their form") {
  pm::format::ParserOptions options;
  options.prometheus_guess_timestamps = true;
  auto parsed = parse("a 1 1700000000123\nb 2 1700000000\nc 3 1700000000.25\n", Format::prometheus, options);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 3);
  CHECK(parsed.records[0].find("2023-11-14T22:13:20.123Z") != std::string::npos);
  CHECK(parsed.records[1].find("2023-11-14T22:13:20.000Z") != std::string::npos);
  CHECK(parsed.records[2].find("2023-11-14T22:13:20.250Z") != std::string::npos);
}

TEST_CASE("prometheus: histograms and summaries come out as their sample series") {
  auto parsed = parse("# HELP rpc_seconds RPC latency.\n"
                      "# TYPE rpc_seconds histogram\n"
                      "rpc_seconds_bucket{le=\"0.1\"} 3\n"
                      "rpc_seconds_bucket{le=\"+Inf\"} 5\n"
                      "rpc_seconds_sum 0.9\n"
                      "rpc_seconds_count 5\n"
                      "# TYPE gc summary\n"
                      "gc{quantile=\"0.5\"} 0.002\n"
                      "gc_sum 1.5\n"
                      "gc_count 12\n",
                      Format::prometheus);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 7);
  CHECK(parsed.records[0] == R"({"name":"rpc_seconds_bucket","value":3,"tags":{"le":"0.1"},"type":"histogram"})");
  CHECK(parsed.records[1] == R"({"name":"rpc_seconds_bucket","value":5,"tags":{"le":"+Inf"},"type":"histogram"})");
  CHECK(parsed.records[2] == R"({"name":"rpc_seconds_sum","value":0.9,"type":"histogram"})");
  CHECK(parsed.records[3] == R"({"name":"rpc_seconds_count","value":5,"type":"histogram"})");
  CHECK(parsed.records[4] == R"({"name":"gc","value":0.002,"tags":{"quantile":"0.5"},"type":"summary"})");
  CHECK(parsed.records[6] == R"({"name":"gc_count","value":12,"type":"summary"})");
}

TEST_CASE("prometheus: NaN and Inf samples are skipped and counted, not errors") {
  auto parsed = parse("a NaN\nb +Inf\nc -Inf\nd 4\n", Format::prometheus);
  CHECK(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 1);
  CHECK(parsed.records[0] == R"({"name":"d","value":4})");
  REQUIRE(parsed.warnings.size() == 1);
  CHECK(parsed.warnings[0] ==
        "warning: in: skipped 3 samples with NaN/Inf values (a record holds a finite number)");
}

TEST_CASE("prometheus: OpenMetrics exemplars are ignored and # EOF must end the input") {
  auto parsed = parse("# TYPE foo counter\n"
                      "foo_total 17.0 1520879607.789 # {trace_id=\"KOO5S4vxi0o\"} 0.67\n"
                      "# EOF\n",
                      Format::openmetrics);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 1);
  CHECK(parsed.records[0] == R"({"ts":"2018-03-12T18:33:27.789Z","name":"foo_total","value":17,"type":"counter"})");

  auto after = parse("a 1\n# EOF\nb 2\n", Format::openmetrics);
  REQUIRE(after.errors.size() == 1);
  CHECK(after.errors[0] == "in:3: text after \"# EOF\", which must end an OpenMetrics exposition");

  auto missing = parse("a 1\nb 2\n", Format::openmetrics);
  REQUIRE(missing.records.size() == 2);
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0] == "in:2: the OpenMetrics exposition does not end with \"# EOF\" (cut short?)");
}

TEST_CASE("prometheus: malformed lines are rejected with the reason, the others kept") {
  auto parsed = parse("good 1\n"
                      "bad{a=\"x\" 1\n"
                      "bad{a=x} 1\n"
                      "novalue\n"
                      "word abc\n"
                      "9starts 1\n"
                      "# TYPE t nonsense\n"
                      "trailing 1 2 3\n"
                      "dup{a=\"1\",a=\"2\"} 1\n"
                      "also_good{} 2\n",
                      Format::prometheus);
  REQUIRE(parsed.records.size() == 2);
  REQUIRE(parsed.errors.size() == 8);
  CHECK(parsed.errors[0] == "in:2: expected \",\" or \"}\" after the value of label \"a\"");
  CHECK(parsed.errors[1] == "in:3: the value of label \"a\" must be in double quotes");
  CHECK(parsed.errors[2] == "in:4: sample \"novalue\" has no value");
  CHECK(parsed.errors[3] == "in:5: the value of \"word\" must be a number, got \"abc\"");
  CHECK(parsed.errors[4] == "in:6: expected a metric name, got \"9starts 1\"");
  CHECK(parsed.errors[5].starts_with("in:7: unknown metric type \"nonsense\" for \"t\""));
  CHECK(parsed.errors[6] == "in:8: unexpected text after the sample of \"trailing\": \"3\"");
  CHECK(parsed.errors[7] == "in:9: duplicate tag \"a\"");
}

TEST_CASE("prometheus: a real node_exporter exposition parses without a single error") {
  std::string text = read_fixture("format/node_exporter.prom");
  REQUIRE(!text.empty());
  auto parsed = parse(text, Format::prometheus);
  CHECK(parsed.errors == std::vector<std::string>{});
  std::size_t samples = 0;
  for (std::string_view line : pm::util::split(text, '\n'))
    if (!line.empty() && line.front() != '#')
      ++samples;
  CHECK(parsed.records.size() == samples);
  bool found = false;
  for (const auto& record : parsed.records)
    if (record.starts_with(R"({"name":"node_cpu_seconds_total","value":)")) {
      found = true;
      CHECK(record.find(R"("type":"counter")") != std::string::npos);
      CHECK(record.find(R"("mode":)") != std::string::npos);
    }
  CHECK(found);
}
