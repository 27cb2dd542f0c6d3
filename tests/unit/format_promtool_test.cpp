// The exposition writers checked by the real promtool: lint of the Prometheus text, and an
// OpenMetrics backfill whose every sample must come back from the TSDB.
#include "format_helpers.hpp"

#include "libpm/format/exposition.hpp"
#include "libpm/util/strings.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using pm::format::Exposition;
using pm::format::ExpositionWriter;

namespace {

struct Run {
  int status = -1;
  std::string output; ///< stdout and stderr
};

Run run(const std::string& command) {
  Run result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    result.output.append(buffer, n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "pm-format-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    if (!std::getenv("PM_KEEP_TMP"))
      fs::remove_all(path);
  }
};

void write_file(const fs::path& path, const std::string& text) {
  FILE* file = fopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  REQUIRE(fwrite(text.data(), 1, text.size(), file) == text.size());
  fclose(file);
}

pm::record::Record sample(std::string name, double value, long long ms, std::string unit, pm::record::Tags tags,
                          std::string extra = "") {
  pm::record::Record r = pm::record::sample(pm::time::TimePoint{pm::time::Duration{ms}}, std::move(name), value,
                                            std::move(unit));
  r.tags = std::move(tags);
  r.extra = std::move(extra);
  return r;
}

void require_promtool() {
  INFO("promtool (Debian package prometheus, listed in .ci/packages) must be installed");
  REQUIRE(run("command -v promtool").status == 0);
}

} // namespace

TEST_CASE("promtool: the Prometheus export of node_exporter and pm records passes check metrics", "[promtool]") {
  require_promtool();
  ExpositionWriter writer(Exposition::prometheus);
  // A real exposition, read and written back: counters, summaries, camelCase names.
  std::size_t skipped_bits = 0;
  auto parsed = pm::format::testing::parse(pm::format::testing::read_fixture("format/node_exporter.prom"),
                                           pm::format::Format::prometheus);
  REQUIRE(parsed.errors.empty());
  pm::record::Parser parser;
  for (const auto& json : parsed.records) {
    auto record = parser.parse(json);
    REQUIRE(record);
    // node_exporter's own `_bits` names fail promtool's unit lint already at the source.
    if (record->name.find("_bits") != std::string::npos) {
      ++skipped_bits;
      continue;
    }
    writer.add(*record);
  }
  CHECK(skipped_bits == 2);
  // pm's own records: dots, units, counts, tags that look like other types' labels.
  long long t = 1700000000000;
  writer.add(sample("system.cpu.usage", 12.5, t, "percent", {{"cpu", "total"}}));
  writer.add(sample("system.memory.available", 1e9, t, "bytes", {}));
  writer.add(sample("system.network.rx", 1200.5, t, "bytes/s", {{"interface", "eth0"}}));
  writer.add(sample("api.error.count", 3, t, "count", {{"module", "db"}}));
  writer.add(sample("api.request.duration", 0.25, t, "seconds",
                    {{"endpoint", "/api/\"users\"\\x"}, {"le", "0.5"}, {"method", "GET"}}));
  writer.add(sample("task.durationMs", 1500, t, "ms", {{"agentName", "a\nb"}}));
  writer.add(sample("app.jobs.total", 7, t, "", {}));
  writer.add(sample("proc:ctx-switches", 9, t, "ops/s", {}));
  CHECK(writer.skipped() == 0);
  TempDir dir;
  write_file(dir.path / "pm.prom", writer.str());
  Run check = run("promtool check metrics < " + (dir.path / "pm.prom").string());
  INFO(check.output);
  CHECK(check.output.empty());
  CHECK(check.status == 0);
}

TEST_CASE("promtool: an OpenMetrics export backfills into a TSDB that dumps every sample", "[promtool]") {
  require_promtool();
  ExpositionWriter writer(Exposition::openmetrics);
  // Expected samples as the dump prints them: `{__name__="n", label="v"} VALUE MS`.
  std::map<std::string, double> expected;
  const long long start = 1700000000000;
  auto add = [&](const pm::record::Record& r, const std::string& labels) {
    writer.add(r);
    expected[labels + " " + std::to_string(r.ts.time_since_epoch().count())] = r.value;
  };
  for (int i = 49; i >= 0; --i) { // newest first: the writer must sort by time
    long long ms = start + i * 60000 + (i % 7) * 13;
    double x = i;
    add(sample("api.request.duration", 0.05 + x / 1000, ms, "seconds",
               {{"endpoint", "/api/\"q\""}, {"module", "web"}}),
        R"({__name__="api_request_duration_seconds", endpoint="/api/\"q\"", module="web"})");
    add(sample("system.cpu.usage", std::fmod(x * 7.3, 100), ms, "percent", {{"cpu", "0"}}),
        R"({__name__="system_cpu_usage_percent", cpu="0"})");
    add(sample("net.packets_total", x * 1000, ms, "", {}, R"("type":"counter")"), R"({__name__="net_packets_total"})");
    add(sample("disk.io.read", x * 1.5e6, ms, "bytes/s", {{"device", "sda"}}),
        R"({__name__="disk_io_read_bytes_per_second", device="sda"})");
  }
  REQUIRE(writer.skipped() == 0);
  TempDir dir;
  write_file(dir.path / "in.om", writer.str());
  Run create = run("cd " + dir.path.string() + " && promtool tsdb create-blocks-from openmetrics in.om data");
  INFO(create.output);
  REQUIRE(create.status == 0);
  fs::create_directories(dir.path / "data" / "wal"); // promtool 2.42's dump insists on a WAL directory
  Run dump = run("promtool tsdb dump " + (dir.path / "data").string());
  INFO(dump.output.substr(0, 2000));
  REQUIRE(dump.status == 0);
  std::map<std::string, double> dumped;
  for (std::string_view line : pm::util::split(dump.output, '\n')) {
    if (line.empty())
      continue;
    auto last = line.rfind(' ');
    auto middle = line.rfind(' ', last - 1);
    REQUIRE(last != std::string_view::npos);
    REQUIRE(middle != std::string_view::npos);
    auto value = pm::util::parse_number(line.substr(middle + 1, last - middle - 1));
    REQUIRE(value);
    dumped[std::string(line.substr(0, middle)) + std::string(line.substr(last))] = *value;
  }
  REQUIRE(dumped.size() == expected.size());
  for (const auto& [key, value] : expected) {
    INFO(key);
    REQUIRE(dumped.count(key) == 1);
    CHECK(dumped[key] == Approx(value).epsilon(1e-12));
  }
}

TEST_CASE("node_exporter: its textfile collector exposes the Prometheus export without a scrape error",
          "[promtool]") {
  INFO("prometheus-node-exporter (Debian package, listed in .ci/packages) must be installed");
  REQUIRE(run("command -v prometheus-node-exporter && command -v curl").status == 0);
  ExpositionWriter writer(Exposition::prometheus);
  long long t = 1700000000000;
  writer.add(sample("system.cpu.usage", 12.5, t, "percent", {{"cpu", "total"}}));
  writer.add(sample("api.request.duration", 0.25, t, "seconds", {{"endpoint", "/a \"b\""}, {"module", "web"}}));
  writer.add(sample("http_requests_total", 1027, t, "", {{"code", "200"}}, R"("type":"counter")"));
  TempDir dir;
  write_file(dir.path / "pm.prom", writer.str());
  // A port of its own per run; the exporter runs only the textfile collector.
  int port = 20000 + static_cast<int>(getpid() % 20000);
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/metrics";
  std::string pid_file = (dir.path / "pid").string();
  REQUIRE(run("prometheus-node-exporter --collector.disable-defaults --collector.textfile "
              "--collector.textfile.directory=" + dir.path.string() + " --web.listen-address=127.0.0.1:" +
              std::to_string(port) + " >/dev/null 2>&1 & echo $! > " + pid_file)
              .status == 0);
  Run scrape;
  for (int attempt = 0; attempt < 50; ++attempt) {
    scrape = run("curl -sf " + url);
    if (scrape.status == 0)
      break;
    run("sleep 0.1");
  }
  run("kill $(cat " + pid_file + ")");
  INFO(scrape.output);
  REQUIRE(scrape.status == 0);
  CHECK(scrape.output.find("\nnode_textfile_scrape_error 0\n") != std::string::npos);
  CHECK(scrape.output.find("\nsystem_cpu_usage_percent{cpu=\"total\"} 12.5\n") != std::string::npos);
  CHECK(scrape.output.find("\napi_request_duration_seconds{endpoint=\"/a \\\"b\\\"\",module=\"web\"} 0.25\n") !=
        std::string::npos);
  CHECK(scrape.output.find("\nhttp_requests_total{code=\"200\"} 1027\n") != std::string::npos);
}
