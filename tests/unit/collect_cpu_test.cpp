// The cpu, load, memory and system families against fixture /proc trees with known numbers.
#include "collect_fixture.hpp"

#include <catch2/catch.hpp>

using namespace pm::collect;
using namespace pm::collect::testing;

TEST_CASE("cpu percentages are shares of the ticks between two readings", "[collect]") {
  auto out = sample_between("t0", "t1", 2, {"cpu"});
  // total: user 300, system 100 + irq 25 + softirq 25, idle 500, iowait 50 of 1000 ticks
  CHECK(out.value("system.cpu.usage", {{"cpu", "total"}}) == Approx(45));
  CHECK(out.value("system.cpu.user", {{"cpu", "total"}}) == Approx(30));
  CHECK(out.value("system.cpu.system", {{"cpu", "total"}}) == Approx(15));
  CHECK(out.value("system.cpu.iowait", {{"cpu", "total"}}) == Approx(5));
  CHECK(out.value("system.cpu.idle", {{"cpu", "total"}}) == Approx(50));
  CHECK(out.value("system.cpu.steal", {{"cpu", "total"}}) == Approx(0));
  // cpu0: user 200, system 50 + irq 25, idle 200, iowait 25 of 500
  CHECK(out.value("system.cpu.usage", {{"cpu", "0"}}) == Approx(55));
  CHECK(out.value("system.cpu.user", {{"cpu", "0"}}) == Approx(40));
  CHECK(out.value("system.cpu.usage", {{"cpu", "1"}}) == Approx(35));
  CHECK(out.unit("system.cpu.usage") == "percent");
  CHECK(out.count("system.cpu.usage") == 3);
  for (const auto& r : out.records)
    CHECK(r.tag("host") == "fixture");
}

TEST_CASE("cpu needs two readings: one reading gives no cpu records", "[collect]") {
  auto out = sample_between("", "t1", 2, {"cpu"});
  CHECK(out.records.empty());
}

TEST_CASE("a kernel without iowait and steal columns gets the other cpu measures", "[collect]") {
  ProcFs fs = fixture_fs("old");
  std::vector<std::string> unavailable;
  Sampler sampler(fs, select_collectors(fs, {"cpu"}, {}, unavailable), {});
  Reading now = sampler.take({}, 2'000'000'000);
  Reading before = now;
  before.monotonic_ns = 1'000'000'000;
  for (auto& row : before.families[0].second) { // 100 user, 50 system, 800 idle ticks ago
    row.values[0] = 0;
    row.values[2] = 0;
    row.values[3] = 0;
  }
  std::string text;
  Emitter emitter(text, {});
  sampler.report(&before, now, emitter);
  auto out = parse_output(text, {});
  CHECK(out.value("system.cpu.usage", {{"cpu", "total"}}) == Approx(150.0 * 100 / 950));
  CHECK(out.value("system.cpu.idle", {{"cpu", "total"}}) == Approx(800.0 * 100 / 950));
  CHECK_FALSE(out.value("system.cpu.iowait"));
  CHECK_FALSE(out.value("system.cpu.steal"));
}

TEST_CASE("load averages come from the three loadavg fields", "[collect]") {
  auto out = sample_between("", "t0", 0, {"load"});
  CHECK(out.value("system.load.1m") == Approx(0.52));
  CHECK(out.value("system.load.5m") == Approx(1.25));
  CHECK(out.value("system.load.15m") == Approx(2.00));
  CHECK(out.records.size() == 3);
}

TEST_CASE("memory used is total minus available, as procps free computes it", "[collect]") {
  auto out = sample_between("", "t0", 0, {"memory"});
  CHECK(out.value("system.memory.total") == 8000000.0 * 1024);
  CHECK(out.value("system.memory.available") == 6000000.0 * 1024);
  CHECK(out.value("system.memory.used") == 2000000.0 * 1024);
  CHECK(out.value("system.memory.free") == 2000000.0 * 1024);
  CHECK(out.value("system.memory.usage") == Approx(25));
  CHECK(out.value("system.swap.used") == 250000.0 * 1024);
  CHECK(out.value("system.swap.usage") == Approx(25));
  CHECK(out.unit("system.memory.used") == "bytes");
}

TEST_CASE("a kernel without MemAvailable or swap gets total and free only", "[collect]") {
  auto out = sample_between("", "old", 0, {"memory"});
  CHECK(out.value("system.memory.total") == 4000000.0 * 1024);
  CHECK(out.value("system.memory.free") == 1000000.0 * 1024);
  CHECK_FALSE(out.value("system.memory.used"));
  CHECK_FALSE(out.value("system.memory.usage"));
  CHECK_FALSE(out.value("system.swap.total"));
}

TEST_CASE("system rates are counter deltas per second", "[collect]") {
  auto out = sample_between("t0", "t1", 2, {"system"});
  CHECK(out.value("system.uptime") == Approx(12345.67));
  CHECK(out.value("system.context_switches") == Approx(5000));
  CHECK(out.value("system.interrupts") == Approx(1000));
  CHECK(out.value("system.forks") == Approx(10));
  CHECK(out.unit("system.forks") == "forks/s");
}

TEST_CASE("a counter that went backwards gives no rate and one note", "[collect]") {
  auto out = sample_between("t1", "t0", 2, {"system"});
  CHECK(out.value("system.uptime"));
  CHECK_FALSE(out.value("system.context_switches"));
  CHECK_FALSE(out.value("system.forks"));
  REQUIRE(out.notes.size() == 3);
  CHECK(out.notes[0].find("went backwards") != std::string::npos);
}
