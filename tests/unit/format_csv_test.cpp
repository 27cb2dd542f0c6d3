// Unit tests of the CSV parser (libpm/format/csv) and of format detection (libpm/format/detect).
#include "format_helpers.hpp"

#include "libpm/format/csv.hpp"

#include <catch2/catch.hpp>

using pm::format::Format;
using pm::format::testing::parse;

TEST_CASE("csv: ts, name, value, unit, the other columns as tags, empty cells omitted") {
  auto parsed = parse("ts,name,value,unit,host,region\r\n"
                      "2026-11-22T10:15:00.123Z,api.latency,0.25,seconds,web1,eu\r\n"
                      "1700000000.5,api.latency,0.5,seconds,web2,\r\n"
                      ",queue.depth,7,,,us\r\n",
                      Format::csv);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 3);
  CHECK(parsed.records[0] == R"({"ts":"2026-11-22T10:15:00.123Z","name":"api.latency","value":0.25,)"
                             R"("unit":"seconds","tags":{"host":"web1","region":"eu"}})");
  CHECK(parsed.records[1] == R"({"ts":"2023-11-14T22:13:20.500Z","name":"api.latency","value":0.5,)"
                             R"("unit":"seconds","tags":{"host":"web2"}})");
  CHECK(parsed.records[2] == R"({"name":"queue.depth","value":7,"tags":{"region":"us"}})");
}

TEST_CASE("csv: a byte order mark before the header is ignored, also when detected") {
  std::string text = "\xEF\xBB\xBFts,name,value\n1700000000,a,1\n";
  auto named = parse(text, Format::csv);
  auto detected = parse(text, std::nullopt);
  REQUIRE(named.records.size() == 1);
  CHECK(named.records[0] == R"({"ts":"2023-11-14T22:13:20.000Z","name":"a","value":1})");
  CHECK(detected.records == named.records);
}

TEST_CASE("csv: RFC 4180 quoting, doubled quotes and a quoted newline") {
  auto parsed = parse("name,value,\"note, text\"\n"
                      "a,1,\"say \"\"hi\"\"\"\n"
                      "b,2,\"two\nlines\"\n"
                      "c,3,plain\n",
                      Format::csv);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 3);
  CHECK(parsed.records[0] == R"({"name":"a","value":1,"tags":{"note, text":"say \"hi\""}})");
  CHECK(parsed.records[1] == R"({"name":"b","value":2,"tags":{"note, text":"two\nlines"}})");
  CHECK(parsed.records[2] == R"({"name":"c","value":3,"tags":{"note, text":"plain"}})");
}

TEST_CASE("csv: bad rows are rejected with the reason; an unclosed quote at the end too") {
  auto parsed = parse("name,value,host\n"
                      "a,1\n"
                      "b,abc,h\n"
                      "9x,1,h\n"
                      "c,1,\"x\"y\n"
                      "d,2,h\n"
                      "e,3,\"open\n",
                      Format::csv);
  REQUIRE(parsed.records.size() == 1);
  REQUIRE(parsed.errors.size() == 5);
  CHECK(parsed.errors[0] == "in:2: the row has 2 fields, the header 3");
  CHECK(parsed.errors[1] == "in:3: \"value\" must be a finite number, got \"abc\"");
  CHECK(parsed.errors[2].starts_with("in:4: \"name\" \"9x\""));
  CHECK(parsed.errors[3] == "in:5: text after the closing quote of field 3");
  CHECK(parsed.errors[4] == "in:7: a quoted CSV field is still open at the end of the input");
}

TEST_CASE("csv: a header without name and value rejects itself and every row") {
  auto parsed = parse("ts,metric,val\n1,a,2\n", Format::csv);
  REQUIRE(parsed.records.empty());
  REQUIRE(parsed.errors.size() == 2);
  CHECK(parsed.errors[0] == "in:1: the CSV header must name the columns \"name\" and \"value\" (and may name ts, "
                            "unit and tags)");
  CHECK(parsed.errors[1].starts_with("in:2: no usable CSV header: "));
}

TEST_CASE("detect: each format is recognised from its first line") {
  using pm::format::detect_format;
  CHECK(detect_format(R"({"name":"a","value":1})") == Format::ndjson);
  CHECK(detect_format("# HELP go_goroutines Number of goroutines.") == Format::prometheus);
  CHECK(detect_format("# TYPE go_goroutines gauge") == Format::prometheus);
  CHECK(detect_format("# UNIT foo_seconds seconds") == Format::openmetrics);
  CHECK(detect_format("node_load1 0.42") == Format::prometheus);
  CHECK(detect_format("http_requests_total{code=\"200\",method=\"get\"} 1027 1395066363000") == Format::prometheus);
  CHECK(detect_format("cpu,host=a usage_idle=97.5 1700000000000000000") == Format::influx);
  CHECK(detect_format("weather temperature=82") == Format::influx);
  CHECK(detect_format("LOAD OK - total load average: 1.07, 0.63, 0.36|load1=1.070;15.000;30.000;0;") ==
        Format::nagios);
  CHECK(detect_format("PROCS OK: 95 processes | procs=95;500;1000;0;") == Format::nagios);
  CHECK(detect_format("CRITICAL - Socket timeout") == Format::nagios);
  CHECK(detect_format("ts,name,value,host") == Format::csv);
  CHECK(detect_format("\"name\",\"value\"") == Format::csv);
  CHECK(detect_format("") == std::nullopt);
  CHECK(detect_format("# just a comment") == std::nullopt);
  CHECK(detect_format("hello world") == std::nullopt);
}

TEST_CASE("format names read back and unknown names are refused") {
  using pm::format::parse_format;
  for (auto format : {Format::ndjson, Format::prometheus, Format::openmetrics, Format::influx, Format::nagios,
                      Format::csv, Format::sadf})
    CHECK(*parse_format(pm::format::to_string(format)) == format);
  CHECK(*parse_format("perfdata") == Format::nagios);
  auto bad = parse_format("xml");
  REQUIRE(!bad);
  CHECK(bad.error() == "unknown format \"xml\": expected ndjson, prometheus, openmetrics, influx, nagios, csv or sadf");
}

TEST_CASE("ndjson goes through the record parser with the same error contract") {
  auto parsed = parse("{\"name\":\"a\",\"value\":1}\n\n{\"name\":\"b\"}\n", Format::ndjson);
  REQUIRE(parsed.records.size() == 1);
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0].starts_with("in:3: "));
}

TEST_CASE("auto: the first deciding line picks the parser; comments before it are skipped") {
  pm::format::ParserOptions options;
  auto parsed = parse("\n# scraped at noon\nup 1 1700000000\n", std::nullopt, options);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 1);
  CHECK(parsed.records[0] == R"({"ts":"2023-11-14T22:13:20.000Z","name":"up","value":1})");

  auto influx = parse(pm::format::testing::read_fixture("format/telegraf.lp"), std::nullopt);
  CHECK(influx.records.size() == 12);
  CHECK(influx.errors.size() == 1);

  auto unknown = parse("hello there\n{\"name\":\"a\",\"value\":1}\n", std::nullopt);
  REQUIRE(unknown.records.size() == 1);
  REQUIRE(unknown.errors.size() == 1);
  CHECK(unknown.errors[0] == "in:1: cannot tell the input format from this line: \"hello there\" (give --format)");

  pm::format::AutoParser parser({});
  std::string error;
  pm::format::RecordCallback ignore = [](pm::record::Record&) {};
  CHECK(parser.parse_line("# TYPE x gauge", ignore, error));
  CHECK(parser.detected() == Format::prometheus);
}

TEST_CASE("every captured plugin output and exposition parses without error, detected or named") {
  using pm::format::testing::read_fixture;
  for (const char* name : {"check_load.txt", "check_load_percpu.txt", "check_disk.txt", "check_disk_gb.txt",
                           "check_swap.txt", "check_procs.txt"}) {
    INFO(name);
    std::string text = read_fixture(std::string("format/nagios/") + name);
    CHECK(pm::format::detect_format(text.substr(0, text.find('\n'))) == Format::nagios);
    auto parsed = parse(text, std::nullopt);
    CHECK(parsed.errors == std::vector<std::string>{});
    CHECK(!parsed.records.empty());
  }
  auto swap = parse(read_fixture("format/nagios/check_swap.txt"), Format::nagios);
  REQUIRE(swap.records.size() == 2);
  CHECK(swap.records[0].starts_with(R"({"name":"nagios.state","value":2,"tags":{"service":"swap"})"));
  CHECK(swap.records[1] ==
        R"({"name":"swap.swap","value":0,"unit":"bytes","tags":{"service":"swap"},"warn":"0","crit":"0","min":0,"max":0})");
  auto node = parse(read_fixture("format/node_exporter.prom"), std::nullopt);
  CHECK(node.errors == std::vector<std::string>{});
  CHECK(node.records.size() > 300);
}

TEST_CASE("csv: a quote left open costs linear time and is bounded") {
  // 200k lines after an open quote: re-splitting the growing record at each line took
  // quadratic time; now the record is split once, and refused past 1 MiB.
  std::string text = "name,value,host\n\"open,1,h\n";
  for (int i = 0; i < 200000; ++i)
    text += "more text without a quote\n";
  auto parsed = parse(text, Format::csv);
  CHECK(parsed.records.empty());
  REQUIRE_FALSE(parsed.errors.empty());
  CHECK(parsed.errors[0].find("a quoted CSV field runs over") != std::string::npos);
  CHECK(parsed.errors[0].find("more than 1048576 bytes (PM_MAX_CSV_RECORD_BYTES): is a quote left open?") != std::string::npos);
}

TEST_CASE("csv: a quoted field over lines with doubled quotes still closes") {
  auto parsed = parse("name,value,note\na,1,\"x\n\"\"y\"\"\nz\"\nb,2,w\n", Format::csv);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 2);
  CHECK(parsed.records[0] == R"({"name":"a","value":1,"tags":{"note":"x\n\"y\"\nz"}})");
}

TEST_CASE("csv: more columns than the limit are refused; many columns stay fast") {
  std::string header = "name,value";
  for (int i = 0; i < 1100; ++i)
    header += ",t" + std::to_string(i);
  auto parsed = parse(header + "\n", Format::csv);
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0] == "in:1: the CSV header has 1102 columns, more than the limit of 1024 (PM_MAX_CSV_COLUMNS)");
  // 1000 tag columns in reverse order: sorted in n log n.
  std::string wide = "name,value", row = "m,1";
  for (int i = 999; i >= 0; --i) {
    wide += ",t" + std::to_string(1000 + i);
    row += ",v";
  }
  auto many = parse(wide + "\n" + row + "\n", Format::csv);
  REQUIRE(many.errors == std::vector<std::string>{});
  REQUIRE(many.records.size() == 1);
}
