// Unit tests of the Prometheus / OpenMetrics / Influx writers (libpm/format/exposition).
#include "format_helpers.hpp"

#include "libpm/format/exposition.hpp"

#include <catch2/catch.hpp>

using pm::format::Exposition;
using pm::format::ExpositionWriter;
using pm::record::Record;

namespace {

Record sample(std::string name, double value, long long ms, std::string unit = "", pm::record::Tags tags = {},
              std::string extra = "") {
  Record r;
  r.name = std::move(name);
  r.value = value;
  r.has_value = true;
  r.ts = pm::time::TimePoint{pm::time::Duration{ms}};
  r.has_ts = ms >= 0;
  r.unit = std::move(unit);
  r.tags = std::move(tags);
  r.extra = std::move(extra);
  return r;
}

} // namespace

TEST_CASE("exposition: names are sanitised and end with the unit") {
  using pm::format::prometheus_unit;
  using pm::format::sanitize_metric_name;
  CHECK(sanitize_metric_name("api.request.duration") == "api_request_duration");
  CHECK(sanitize_metric_name("a:b-c") == "a_b_c");
  CHECK(sanitize_metric_name("9lives") == "_9lives");
  CHECK(sanitize_metric_name("node_memory_MemTotal_bytes") == "node_memory_mem_total_bytes");
  CHECK(sanitize_metric_name("HTTPRequests") == "http_requests");
  // A camelCase split must not leave a unit abbreviation standing alone (promtool lint).
  CHECK(sanitize_metric_name("node_memory_SecPageTables_bytes") == "node_memory_secpage_tables_bytes");
  CHECK(sanitize_metric_name("SReclaimable") == "sreclaimable");
  CHECK(sanitize_metric_name("DirectMap2M") == "direct_map2m");
  CHECK(sanitize_metric_name("job_ms") == "job_ms"); // as the user wrote it
  CHECK(pm::format::sanitize_label_name("__name__") == "tag__name__");
  CHECK(prometheus_unit("bytes/s").suffix == "bytes_per_second");
  CHECK(prometheus_unit("ops/s").suffix == "ops_per_second");
  CHECK(prometheus_unit("count").suffix.empty());
  CHECK(prometheus_unit("ms").suffix == "seconds");
  CHECK(prometheus_unit("ms").factor == Approx(0.001));
  CHECK(prometheus_unit("\u00b5s").suffix == "seconds"); // µs, as sar and ping write it
  CHECK(prometheus_unit("\u00b5s").factor == Approx(1e-6));
  CHECK(prometheus_unit("percent").suffix == "percent");
}

TEST_CASE("exposition: OpenMetrics groups families, sorts by time, writes UNIT, seconds timestamps and EOF") {
  ExpositionWriter writer(Exposition::openmetrics);
  pm::record::Tags web{{"endpoint", "/api/\"users\""}, {"module", "web"}};
  writer.add(sample("api.request.duration", 0.5, 1700000001500, "seconds", web));
  writer.add(sample("system.cpu.usage", 12.5, 1700000000000, "percent"));
  writer.add(sample("api.request.duration", 0.25, 1700000000123, "seconds", web));
  writer.add(sample("api.request.duration", 0.75, 1700000001500, "seconds", web)); // same ms: replaces
  Record alert = sample("system.cpu.usage", 90, 1700000000000);
  alert.kind = "alert";
  writer.add(alert);
  CHECK(writer.skipped() == 1);
  CHECK(writer.str() == "# HELP api_request_duration_seconds pm metric api.request.duration (seconds)\n"
                        "# TYPE api_request_duration_seconds gauge\n"
                        "# UNIT api_request_duration_seconds seconds\n"
                        "api_request_duration_seconds{endpoint=\"/api/\\\"users\\\"\",module=\"web\"} 0.25 "
                        "1700000000.123\n"
                        "api_request_duration_seconds{endpoint=\"/api/\\\"users\\\"\",module=\"web\"} 0.75 "
                        "1700000001.500\n"
                        "# HELP system_cpu_usage_percent pm metric system.cpu.usage (percent)\n"
                        "# TYPE system_cpu_usage_percent gauge\n"
                        "# UNIT system_cpu_usage_percent percent\n"
                        "system_cpu_usage_percent 12.5 1700000000.000\n"
                        "# EOF\n");
}

TEST_CASE("exposition: Prometheus text keeps the latest value per series, no timestamps") {
  ExpositionWriter writer(Exposition::prometheus);
  writer.add(sample("disk.io.read", 300, 1700000002000, "bytes/s", {{"device", "sda"}}));
  writer.add(sample("disk.io.read", 100, 1700000001000, "bytes/s", {{"device", "sda"}}));
  writer.add(sample("disk.io.read", 7, 1700000001000, "bytes/s", {{"device", "sdb"}}));
  writer.add(sample("api.error.count", 3, 1700000001000));
  writer.add(sample("http_requests_total", 1027, 1700000001000, "", {{"code", "200"}}, R"("type":"counter")"));
  writer.add(sample("job.duration", 1500, 1700000001000, "ms", {{"line\nbreak", "a\\b"}}));
  CHECK(writer.str() == "# HELP api_error_count_value pm metric api.error.count\n"
                        "# TYPE api_error_count_value gauge\n"
                        "api_error_count_value 3\n"
                        "# HELP disk_io_read_bytes_per_second pm metric disk.io.read (bytes/s)\n"
                        "# TYPE disk_io_read_bytes_per_second gauge\n"
                        "disk_io_read_bytes_per_second{device=\"sda\"} 300\n"
                        "disk_io_read_bytes_per_second{device=\"sdb\"} 7\n"
                        "# HELP http_requests_total pm metric http_requests_total\n"
                        "# TYPE http_requests_total counter\n"
                        "http_requests_total{code=\"200\"} 1027\n"
                        "# HELP job_duration_seconds pm metric job.duration (ms)\n"
                        "# TYPE job_duration_seconds gauge\n"
                        "job_duration_seconds{line_break=\"a\\\\b\"} 1.5\n");
}

TEST_CASE("exposition: OpenMetrics counters are declared by family, sampled with _total") {
  ExpositionWriter writer(Exposition::openmetrics);
  writer.add(sample("net.packets_total", 5, 1700000000000, "", {}, R"("type":"counter")"));
  CHECK(writer.str() == "# HELP net_packets pm metric net.packets_total\n"
                        "# TYPE net_packets counter\n"
                        "net_packets_total 5 1700000000.000\n"
                        "# EOF\n");
}

TEST_CASE("exposition: an empty writer gives a lone EOF (OpenMetrics) or nothing (Prometheus)") {
  CHECK(ExpositionWriter(Exposition::openmetrics).str() == "# EOF\n");
  CHECK(ExpositionWriter(Exposition::prometheus).str().empty());
}

TEST_CASE("influx out: escapes, unit tag, ns timestamps, and it reads back as the same record") {
  std::string out;
  Record r = sample("my app.latency", 0.25, 1700000000123, "seconds", {{"host", "web 01"}, {"path", "/var,log=x"}});
  pm::format::append_influx(out, r);
  CHECK(out == "my\\ app.latency,host=web\\ 01,path=/var\\,log\\=x,unit=seconds value=0.25 1700000000123000000\n");

  std::string plain;
  Record ok = sample("api.latency", 3, 1700000000123, "seconds", {{"host", "web 01"}, {"zone", "a=b,c"}});
  pm::format::append_influx(plain, ok);
  auto parsed = pm::format::testing::parse(plain, pm::format::Format::influx);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 1);
  CHECK(parsed.records[0] == pm::record::to_json(ok));
}

TEST_CASE("exposition: an OpenMetrics counter family that clashes with a gauge becomes a gauge of its own") {
  ExpositionWriter writer(Exposition::openmetrics);
  writer.add(sample("alloc_bytes", 5, 1700000000000));
  writer.add(sample("alloc_bytes_total", 9, 1700000000000, "", {}, R"("type":"counter")"));
  CHECK(writer.str() == "# HELP alloc_bytes pm metric alloc_bytes\n"
                        "# TYPE alloc_bytes gauge\n"
                        "alloc_bytes 5 1700000000.000\n"
                        "# HELP alloc_bytes_total_value pm metric alloc_bytes_total\n"
                        "# TYPE alloc_bytes_total_value gauge\n"
                        "alloc_bytes_total_value 9 1700000000.000\n"
                        "# EOF\n");
}
