// Unit tests of pm-sample's health checks: parsing --check, tcp/http/exec probes, records.
#include "libpm/collect/probes.hpp"
#include "test_server.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <unistd.h>

using namespace pm;
using namespace std::chrono_literals;

namespace {

const time::TimePoint k_now = *time::parse_timestamp("2026-11-22T10:00:00Z");

const record::Record* find(const std::vector<record::Record>& records, std::string_view name) {
  for (const auto& record : records)
    if (record.name == name)
      return &record;
  return nullptr;
}

std::vector<record::Record> check(std::string_view spec, time::Duration timeout = 5s) {
  util::Diagnostics diagnostics;
  return collect::run_checks({collect::parse_check(spec)}, timeout, k_now, diagnostics);
}

} // namespace

TEST_CASE("parse_check reads the three kinds") {
  auto tcp = collect::parse_check("db=tcp://127.0.0.1:5432");
  CHECK(tcp.name == "db");
  CHECK(tcp.kind == collect::CheckKind::tcp);
  CHECK(tcp.host == "127.0.0.1");
  CHECK(tcp.port == 5432);
  auto v6 = collect::parse_check("db6=tcp://[::1]:5432");
  CHECK(v6.host == "::1");
  auto http = collect::parse_check("web=http://localhost:8080/healthz");
  CHECK(http.kind == collect::CheckKind::http);
  CHECK(http.url.target == "/healthz");
  auto exec = collect::parse_check("load=exec:/usr/lib/nagios/plugins/check_load -w 5,4,3 -c 10,8,6");
  CHECK(exec.kind == collect::CheckKind::exec);
  CHECK(exec.command == "/usr/lib/nagios/plugins/check_load -w 5,4,3 -c 10,8,6");
}

TEST_CASE("parse_check refuses bad arguments with a usage error") {
  CHECK_THROWS_AS(collect::parse_check("tcp://localhost:80"), UsageError);
  CHECK_THROWS_AS(collect::parse_check("=tcp://localhost:80"), UsageError);
  CHECK_THROWS_AS(collect::parse_check("bad name=tcp://localhost:80"), UsageError);
  CHECK_THROWS_AS(collect::parse_check("9lives=tcp://localhost:80"), UsageError);
  CHECK_THROWS_AS(collect::parse_check("db=tcp://localhost"), UsageError);
  CHECK_THROWS_AS(collect::parse_check("db=tcp://localhost:99999"), UsageError);
  CHECK_THROWS_AS(collect::parse_check("db=tcp://localhost:80/path"), UsageError);
  CHECK_THROWS_AS(collect::parse_check("web=https://localhost/"), UsageError);
  CHECK_THROWS_AS(collect::parse_check("x=udp://localhost:53"), UsageError);
  CHECK_THROWS_AS(collect::parse_check("x=exec:   "), UsageError);
  CHECK_THROWS_WITH(collect::parse_check("x=ftp://h/"), Catch::Contains("want tcp://, http:// or exec:"));
}

TEST_CASE("a tcp check against a listening port is up") {
  test::OneShotServer server;
  server.serve("");
  auto records = check("db=tcp://127.0.0.1:" + std::to_string(server.port()));
  REQUIRE(records.size() == 2);
  CHECK(records[0].name == "health.up");
  CHECK(records[0].value == 1);
  CHECK(records[0].tag("check") == "db");
  CHECK(records[0].ts == k_now);
  CHECK(record::to_json(records[0]).find("\"message\":\"connected\"") != std::string::npos);
  CHECK(records[1].name == "health.latency");
  CHECK(records[1].unit == "seconds");
  CHECK(records[1].value >= 0);
  CHECK(records[1].value < 5);
}

TEST_CASE("a tcp check against a closed port is down at once") {
  auto start = std::chrono::steady_clock::now();
  auto records = check("db=tcp://127.0.0.1:" + std::to_string(test::closed_port()), 10s);
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  REQUIRE(find(records, "health.up"));
  CHECK(find(records, "health.up")->value == 0);
  CHECK(record::to_json(*find(records, "health.up")).find("connection refused") != std::string::npos);
}

TEST_CASE("a tcp check against a black hole is down within the timeout") {
  test::BlackHole hole;
  auto start = std::chrono::steady_clock::now();
  auto records = check("void=tcp://127.0.0.1:" + std::to_string(hole.port()), 400ms);
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  CHECK(find(records, "health.up")->value == 0);
  CHECK(find(records, "health.latency")->value >= 0.39);
  CHECK(find(records, "health.latency")->value < 2);
  CHECK(record::to_json(*find(records, "health.up")).find("timed out") != std::string::npos);
}

TEST_CASE("an http check is up on 2xx and 3xx, down on 5xx, and reports the status") {
  auto run = [](std::string reply) {
    test::OneShotServer server;
    server.serve(std::move(reply));
    return check("web=http://127.0.0.1:" + std::to_string(server.port()) + "/healthz");
  };
  auto ok = run("HTTP/1.1 204 No Content\r\n\r\n");
  CHECK(find(ok, "health.up")->value == 1);
  CHECK(find(ok, "health.http.status")->value == 204);
  auto moved = run("HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n");
  CHECK(find(moved, "health.up")->value == 1);
  auto broken = run("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\ndown");
  CHECK(find(broken, "health.up")->value == 0);
  CHECK(find(broken, "health.http.status")->value == 503);
  CHECK(record::to_json(*find(broken, "health.up")).find("HTTP 503 Service Unavailable") != std::string::npos);
}

TEST_CASE("an http check without an answer has no status record") {
  auto records = check("web=http://127.0.0.1:" + std::to_string(test::closed_port()) + "/");
  CHECK(find(records, "health.up")->value == 0);
  CHECK_FALSE(find(records, "health.http.status"));
}

TEST_CASE("an exec check maps exit codes to up and the plugin status") {
  auto ok = check("e=exec:echo 'OK - fine'; exit 0");
  CHECK(find(ok, "health.up")->value == 1);
  CHECK(find(ok, "health.status")->value == 0);
  CHECK(record::to_json(*find(ok, "health.up")).find("\"message\":\"OK - fine\"") != std::string::npos);
  auto warning = check("e=exec:echo 'WARNING - meh'; exit 1");
  CHECK(find(warning, "health.up")->value == 0);
  CHECK(find(warning, "health.status")->value == 1);
  auto odd = check("e=exec:exit 42");
  CHECK(find(odd, "health.status")->value == 3);
  auto missing = check("e=exec:/no/such/plugin");
  CHECK(find(missing, "health.up")->value == 0);
  CHECK(find(missing, "health.status")->value == 3);
}

TEST_CASE("an exec check reads nothing from stdin") {
  auto records = check("e=exec:read line && exit 0 || exit 2");
  CHECK(find(records, "health.status")->value == 2);
}

TEST_CASE("an exec check that outlives the timeout is killed with its children") {
  auto start = std::chrono::steady_clock::now();
  auto records = check("slow=exec:sleep 30 & sleep 30; echo done", 300ms);
  CHECK(std::chrono::steady_clock::now() - start < 3s);
  CHECK(find(records, "health.up")->value == 0);
  CHECK(find(records, "health.status")->value == 2);
  CHECK(record::to_json(*find(records, "health.up")).find("timed out") != std::string::npos);
}

TEST_CASE("an exec check's performance data become records") {
  auto records = check("load=exec:printf 'OK - load average: 0.1, 0.2, 0.3|load1=0.100;5.000;10.000;0; "
                       "load5=0.200;4.000;8.000;0;\\n'");
  const record::Record* load1 = find(records, "health.load.load1");
  REQUIRE(load1);
  CHECK(load1->value == Approx(0.1));
  CHECK(load1->tag("check") == "load");
  CHECK(find(records, "health.load.load5"));
}

TEST_CASE("several checks run at once and keep their order") {
  auto start = std::chrono::steady_clock::now();
  util::Diagnostics diagnostics;
  std::vector<collect::CheckSpec> checks = {collect::parse_check("a=exec:sleep 1"), collect::parse_check("b=exec:sleep 1"),
                                            collect::parse_check("c=exec:sleep 1")};
  auto records = collect::run_checks(checks, 5s, k_now, diagnostics);
  // one after another they would take 3 s; the margin is for a loaded machine
  CHECK(std::chrono::steady_clock::now() - start < 2500ms);
  REQUIRE(records.size() == 9);
  CHECK(records[0].tag("check") == "a");
  CHECK(records[3].tag("check") == "b");
  CHECK(records[6].tag("check") == "c");
}

TEST_CASE("a check's command line is run as the user wrote it, never built from data") {
  // The name and the output of one check never reach a shell; only the user's own command does.
  const std::string marker = std::filesystem::temp_directory_path() / ("pm-probe-" + std::to_string(::getpid()));
  std::filesystem::remove(marker);
  auto records = check("e=exec:echo 'OK | $(touch " + marker + ")=1'");
  CHECK_FALSE(std::filesystem::exists(marker));
}
