// Unit tests of pm-sample --scrape: fetching a Prometheus endpoint and its records.
#include "libpm/collect/scrape.hpp"
#include "test_server.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace pm;
using namespace std::chrono_literals;

namespace {

const time::TimePoint k_now = *time::parse_timestamp("2026-11-22T10:00:00Z");

std::string fixture(const char* name) {
  std::ifstream file(std::string(PM_FIXTURES "/probes/") + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

const record::Record* find(const std::vector<record::Record>& records, std::string_view key) {
  for (const auto& record : records)
    if (record.series_key() == key)
      return &record;
  return nullptr;
}

} // namespace

TEST_CASE("parse_scrape_target wants a plain http URL") {
  auto target = collect::parse_scrape_target("http://localhost:9100/metrics");
  CHECK(target.url.port == 9100);
  CHECK(target.text == "http://localhost:9100/metrics");
  CHECK_THROWS_AS(collect::parse_scrape_target("https://localhost:9100/metrics"), UsageError);
  CHECK_THROWS_AS(collect::parse_scrape_target("localhost:9100"), UsageError);
}

TEST_CASE("an exposition becomes records: labels to tags, instance added, timestamps kept") {
  auto target = collect::parse_scrape_target("http://127.0.0.1:9100/metrics");
  util::Diagnostics diagnostics;
  auto records = collect::exposition_records(fixture("metrics.prom"), false, target, k_now, diagnostics);
  CHECK(diagnostics.bad_input_count() == 0);
  REQUIRE(records.size() == 8);
  const auto* get = find(records, R"(app_requests_total{code="200",instance="127.0.0.1:9100",method="GET"})");
  REQUIRE(get);
  CHECK(get->value == 1027);
  CHECK(get->ts == k_now);
  const auto* inf = find(records, R"(app_request_duration_seconds_bucket{instance="127.0.0.1:9100",le="+Inf"})");
  REQUIRE(inf);
  CHECK(inf->value == 1030);
  // A target's own instance label wins, as with Prometheus' honor_labels.
  CHECK(find(records, R"(app_temperature{instance="sensor-1"})"));
  const auto* up = find(records, R"(app_up{instance="127.0.0.1:9100"})");
  REQUIRE(up);
  CHECK(time::format_timestamp(up->ts) == "2026-11-28T10:00:00.000Z");
}

TEST_CASE("a bad exposition line is reported with the URL as its source") {
  auto target = collect::parse_scrape_target("http://127.0.0.1:9100/metrics");
  std::vector<std::string> lines;
  util::Diagnostics diagnostics([&](std::string_view line) { lines.emplace_back(line); });
  auto records = collect::exposition_records("good 1\nbad{ 2\nalso_good 3\n", false, target, k_now, diagnostics);
  CHECK(records.size() == 2);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].rfind("http://127.0.0.1:9100/metrics:2: ", 0) == 0);
}

TEST_CASE("scrape fetches an endpoint and adds scrape.up, scrape.duration and scrape.samples") {
  test::OneShotServer server;
  const std::string body = fixture("metrics.prom");
  server.serve("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nTransfer-Encoding: chunked\r\n\r\n" +
               [&] {
                 std::ostringstream chunk;
                 chunk << std::hex << body.size() << "\r\n" << body << "\r\n0\r\n\r\n";
                 return chunk.str();
               }());
  auto target = collect::parse_scrape_target("http://127.0.0.1:" + std::to_string(server.port()) + "/metrics");
  util::Diagnostics diagnostics;
  auto result = collect::scrape(target, 5s, k_now, diagnostics);
  REQUIRE(result.ok);
  REQUIRE(result.records.size() == 11);
  const std::string instance = "127.0.0.1:" + std::to_string(server.port());
  CHECK(find(result.records, "scrape.up{instance=\"" + instance + "\"}")->value == 1);
  CHECK(find(result.records, "scrape.samples{instance=\"" + instance + "\"}")->value == 8);
  CHECK(find(result.records, "scrape.duration{instance=\"" + instance + "\"}")->unit == "seconds");
}

TEST_CASE("scrape reads OpenMetrics when the Content-Type says so") {
  test::OneShotServer server;
  const std::string body = fixture("metrics.om");
  server.serve("HTTP/1.1 200 OK\r\nContent-Type: application/openmetrics-text; version=1.0.0\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body);
  auto target = collect::parse_scrape_target("http://127.0.0.1:" + std::to_string(server.port()) + "/");
  util::Diagnostics diagnostics;
  auto result = collect::scrape(target, 5s, k_now, diagnostics);
  REQUIRE(result.ok);
  CHECK(diagnostics.bad_input_count() == 0);
  REQUIRE(result.records.size() == 4);
  CHECK(result.records[0].name == "app_uptime_seconds");
  CHECK(result.records[0].unit == "seconds");
}

TEST_CASE("a failed scrape gives scrape.up 0 and the reason") {
  auto target = collect::parse_scrape_target("http://127.0.0.1:" + std::to_string(test::closed_port()) + "/metrics");
  util::Diagnostics diagnostics;
  auto result = collect::scrape(target, 5s, k_now, diagnostics);
  CHECK_FALSE(result.ok);
  CHECK(result.error == "connection refused");
  REQUIRE(result.records.size() == 2);
  CHECK(result.records[0].name == "scrape.up");
  CHECK(result.records[0].value == 0);

  test::OneShotServer server;
  server.serve("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  auto missing = collect::scrape(
      collect::parse_scrape_target("http://127.0.0.1:" + std::to_string(server.port()) + "/nope"), 5s, k_now,
      diagnostics);
  CHECK_FALSE(missing.ok);
  CHECK(missing.error == "HTTP 404 Not Found");
}
