// Unit tests of pm-sample's terminal view (--format table) and the human numbers it prints.
#include "libpm/collect/table.hpp"
#include "libpm/util/strings.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>

using namespace pm;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  for (auto line : util::split(text, '\n'))
    if (!line.empty())
      lines.emplace_back(line);
  return lines;
}

} // namespace

TEST_CASE("human_number keeps three significant digits and a suffix") {
  CHECK(util::human_number(0) == "0");
  CHECK(util::human_number(512) == "512");
  CHECK(util::human_number(0.52) == "0.52");
  CHECK(util::human_number(12.34) == "12.3");
  CHECK(util::human_number(999.4) == "999");
  CHECK(util::human_number(999.6) == "1.00k");
  CHECK(util::human_number(14100) == "14.1k");
  CHECK(util::human_number(141000) == "141k");
  CHECK(util::human_number(2.35e6) == "2.35M");
  CHECK(util::human_number(-14100) == "-14.1k");
  CHECK(util::human_number(0.005) == "0.005");
  CHECK(util::human_number(1024, 1024) == "1.00K");
  CHECK(util::human_number(1536 * 1024.0, 1024) == "1.50M");
  CHECK(util::human_number(5e12) == "5.00T");
}

TEST_CASE("the table shows one sample's key figures in 77 columns") {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  collect::TableView table;
  // Per-core and loopback figures are left out; disks and interfaces are summed.
  table.observe("system.cpu.usage", 45, {{"cpu", "total"}});
  table.observe("system.cpu.usage", 99, {{"cpu", "cpu0"}});
  table.observe("system.cpu.user", 30, {{"cpu", "total"}});
  table.observe("system.cpu.system", 15, {{"cpu", "total"}});
  table.observe("system.cpu.iowait", 5, {{"cpu", "total"}});
  table.observe("system.memory.usage", 25, {});
  table.observe("system.load.1m", 0.52, {});
  table.observe("system.disk.read_bytes", 1024000, {{"device", "sda"}});
  table.observe("system.disk.read_bytes", 24000, {{"device", "sdb"}});
  table.observe("system.disk.write_bytes", 512, {{"device", "sda"}});
  table.observe("system.network.rx_bytes", 100000, {{"interface", "eth0"}});
  table.observe("system.network.rx_bytes", 9e9, {{"interface", "lo"}});
  table.observe("system.network.tx_bytes", 50000, {{"interface", "eth0"}});
  std::string out;
  table.finish_sample(*time::parse_timestamp("2026-11-22T10:15:01Z"), out);
  // The next sample lacks rates (a first --state run): "-", and no second header.
  table.observe("system.memory.usage", 25.04, {});
  table.finish_sample(*time::parse_timestamp("2026-11-22T10:15:02Z"), out);
  auto lines = lines_of(out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "          ------- cpu % --------               -- disk B/s --  -- net B/s ---");
  CHECK(lines[1] == "time       use  user   sys  wait  mem %  load    read   write    recv    send");
  CHECK(lines[2] == "10:15:01  45.0  30.0  15.0   5.0   25.0  0.52   1.00M     512   97.7K   48.8K");
  CHECK(lines[3] == "10:15:02     -     -     -     -   25.0     -       -       -       -       -");
  for (const auto& line : lines)
    CHECK(line.size() <= 80);
}
