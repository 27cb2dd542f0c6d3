// The processes, pressure and cgroup families, collector selection and the state file.
#include "collect_fixture.hpp"

#include "libpm/collect/cgroup.hpp"
#include "libpm/collect/processes.hpp"
#include "libpm/collect/sample.hpp"
#include "libpm/collect/state.hpp"
#include "libpm/util/error.hpp"
#include "scoped_env.hpp"

#include <catch2/catch.hpp>
#include <unistd.h>

using namespace pm::collect;
using namespace pm::collect::testing;

TEST_CASE("process counts come from the proc root, /proc/stat and loadavg", "[collect]") {
  auto out = sample_between("", "t1", 0, {"processes"});
  CHECK(out.value("system.processes.total") == 1); // the fixture holds one process, 1234
  CHECK(out.value("system.processes.running") == 5);
  CHECK(out.value("system.processes.blocked") == 0);
  CHECK(out.value("system.processes.threads") == 456);
}

TEST_CASE("a selected process gets CPU, RSS, I/O rates and open files", "[collect]") {
  Settings settings;
  settings.processes = {"my app"};
  auto out = sample_between("t0", "t1", 2, {"processes"}, settings);
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  std::map<std::string, std::string> tags{{"pid", "1234"}, {"process", "my app"}};
  CHECK(out.value("system.process.cpu", tags) == Approx(200 / ticks / 2 * 100));
  CHECK(out.value("system.process.rss", tags) == 2560.0 * static_cast<double>(sysconf(_SC_PAGESIZE)));
  CHECK(out.value("system.process.read_bytes", tags) == Approx(1000000));
  CHECK(out.value("system.process.write_bytes", tags) == Approx(2000000));
  CHECK(out.value("system.process.open_files", tags) == 3);
  CHECK(out.notes.empty());
}

TEST_CASE("processes are selected by PID or name; a selector that matches nothing is said", "[collect]") {
  std::vector<std::string> unmatched;
  auto pids = match_processes(fixture_fs("t0"), {"1234", "my app", "nosuch", "99999"}, unmatched);
  CHECK(pids == std::vector<int>{1234});
  CHECK(unmatched == std::vector<std::string>{"nosuch", "99999"});

  Settings settings;
  settings.processes = {"nosuch"};
  auto out = sample_between("", "t0", 0, {"processes"}, settings);
  REQUIRE(out.notes.size() == 1);
  CHECK(out.notes[0] == "no process matches \"nosuch\"");
}

TEST_CASE("pressure stall averages per resource, with lines the kernel lacks skipped", "[collect]") {
  auto out = sample_between("", "t0", 0, {"pressure"});
  CHECK(out.value("system.pressure.cpu.some_avg10") == Approx(1.5));
  CHECK(out.value("system.pressure.cpu.some_avg60") == Approx(2.25));
  CHECK_FALSE(out.value("system.pressure.cpu.full_avg10")); // t0's kernel has no cpu "full"
  CHECK(out.value("system.pressure.memory.full_avg60") == Approx(0.06));
  CHECK(out.value("system.pressure.io.some_avg10") == Approx(3));
  CHECK(out.records.size() == 10);
  auto later = sample_between("", "t1", 0, {"pressure"});
  CHECK(later.value("system.pressure.cpu.full_avg10") == Approx(0.5));
}

TEST_CASE("cgroup v2 memory and CPU of the group in /proc/self/cgroup", "[collect]") {
  auto dir = find_cgroup(fixture_fs("t0"));
  REQUIRE(dir);
  CHECK(dir->path == "/app.slice/test.service");
  auto out = sample_between("t0", "t1", 2, {"cgroup"});
  std::map<std::string, std::string> tags{{"cgroup", "/app.slice/test.service"}};
  CHECK(out.value("system.cgroup.memory.current", tags) == 104857600);
  CHECK(out.value("system.cgroup.memory.max", tags) == 209715200);
  CHECK(out.value("system.cgroup.cpu.usage", tags) == Approx(50));
  CHECK(out.value("system.cgroup.cpu.throttled", tags) == Approx(20));
  CHECK(out.value("system.cgroup.cpu.throttled_periods", tags) == 15);
}

TEST_CASE("an old kernel: only what it has is available", "[collect]") {
  std::vector<std::string> unavailable;
  auto selected = select_collectors(fixture_fs("old"), {}, {}, unavailable);
  std::vector<std::string> names;
  for (const auto* c : selected)
    names.emplace_back(c->name);
  CHECK(names == std::vector<std::string>{"cpu", "load", "memory", "filesystem", "processes", "system"});
  CHECK(unavailable.empty());
  auto out = sample_between("", "old", 0, {"load", "processes"});
  CHECK(out.value("system.load.15m") == Approx(0.3));
  CHECK_FALSE(out.value("system.processes.threads")); // loadavg without its fourth field
  CHECK_FALSE(out.value("system.processes.running"));
}

TEST_CASE("collectors are chosen by name; unknown names are usage errors", "[collect]") {
  std::vector<std::string> unavailable;
  auto fs = fixture_fs("t0");
  auto selected = select_collectors(fs, {"load,memory", "tcp"}, {"memory"}, unavailable);
  REQUIRE(selected.size() == 2);
  CHECK(selected[0]->name == "load");
  CHECK(selected[1]->name == "tcp");
  CHECK(select_collectors(fs, {}, {"cpu"}, unavailable).size() == registry().size() - 1);
  CHECK_THROWS_AS(select_collectors(fs, {"cpux"}, {}, unavailable), pm::UsageError);
  CHECK_THROWS_AS(select_collectors(fs, {}, {"nope"}, unavailable), pm::UsageError);
}

TEST_CASE("the state file keeps a reading's counters", "[collect]") {
  auto fs = fixture_fs("t0");
  std::vector<std::string> unavailable;
  Sampler sampler(fs, select_collectors(fs, {}, {}, unavailable), {{"1234"}});
  Reading reading = sampler.take(pm::time::TimePoint(pm::time::Duration(1700000000123)), 42);
  reading.families[0].second[0].values[4] = k_unknown;
  auto parsed = parse_state(format_state(reading));
  REQUIRE(parsed);
  CHECK(parsed->boot_id == "0b6e9a7c-0000-4000-8000-000000000001");
  CHECK(parsed->wall == reading.wall);
  CHECK(parsed->monotonic_ns == 42);
  REQUIRE(parsed->families.size() == reading.families.size());
  for (std::size_t i = 0; i < reading.families.size(); ++i) {
    CHECK(parsed->families[i].first == reading.families[i].first);
    REQUIRE(parsed->families[i].second.size() == reading.families[i].second.size());
    for (std::size_t j = 0; j < reading.families[i].second.size(); ++j) {
      CHECK(parsed->families[i].second[j].id == reading.families[i].second[j].id);
      CHECK(parsed->families[i].second[j].values == reading.families[i].second[j].values);
    }
  }
  CHECK_FALSE(parse_state("something else\n"));
  CHECK(parse_state("").error() == "empty file");
}

TEST_CASE("a state file ends with the POSIX cksum of what comes before", "[collect]") {
  // "pm-sample-state 2\nboot x\nwall_ms 1\nmonotonic_ns 2\n" | cksum = 982579340
  const std::string body = "pm-sample-state 2\nboot x\nwall_ms 1\nmonotonic_ns 2\n";
  auto good = parse_state(body + "end 982579340\n");
  REQUIRE(good);
  CHECK(good->monotonic_ns == 2);
  CHECK(parse_state(body + "end 982579341\n").error() == "damaged: the checksum on its \"end\" line does not match");
  CHECK(parse_state(body).error() == "incomplete: no \"end\" line (a run stopped while writing it?)");
  CHECK(parse_state(body.substr(0, 20)).error() == "incomplete: no \"end\" line (a run stopped while writing it?)");
  CHECK(parse_state("pm-sample-state 1\nboot x\n").error() ==
        "line 1: not a pm-sample state file (expected \"pm-sample-state 2\")");
  const std::string bad_counter = "pm-sample-state 2\nboot x\nwall_ms 1\nmonotonic_ns 2\ncpu total 1 x\n";
  CHECK(parse_state(bad_counter + "end 2828458972\n").error() == "line 5: counter \"x\" is not a number");
  CHECK(format_state(*good).ends_with("\nend 982579340\n"));
}

TEST_CASE("a state from another boot, from the future or too old gives no rates", "[collect]") {
  Reading before;
  before.boot_id = "a";
  before.monotonic_ns = 1'000'000'000;
  Reading now = before;
  now.monotonic_ns = 6'000'000'000;
  CHECK_FALSE(state_unusable(before, now, std::chrono::hours(1)));
  now.boot_id = "b";
  CHECK(*state_unusable(before, now, std::chrono::hours(1)) == "the machine rebooted since it was written");
  now.boot_id = "a";
  now.monotonic_ns = 500;
  CHECK(state_unusable(before, now, std::chrono::hours(1)));
  now.monotonic_ns = 1'000'000'000 + 7'200'000'000'000;
  CHECK(state_unusable(before, now, std::chrono::hours(1))->find("2h old") != std::string::npos);
}

TEST_CASE("the interval comes from the flag, else the environment, else 10s", "[collect]") {
  using namespace std::chrono_literals;
  using pm::test::ScopedEnv;
  {
    ScopedEnv env("PERFORMANCE_MONITOR_COLLECTION_INTERVAL", "30");
    CHECK(resolve_interval("2s") == 2s);
    CHECK(resolve_interval("") == 30s);
  }
  {
    ScopedEnv env("PERFORMANCE_MONITOR_COLLECTION_INTERVAL", "0.5");
    CHECK(resolve_interval("") == 500ms);
  }
  {
    ScopedEnv env("PERFORMANCE_MONITOR_COLLECTION_INTERVAL", nullptr);
    CHECK(resolve_interval("") == 10s);
    CHECK_THROWS_AS(resolve_interval("0s"), pm::UsageError);
    CHECK_THROWS_WITH(resolve_interval("fast"), Catch::StartsWith("--interval: "));
  }
  {
    ScopedEnv env("PERFORMANCE_MONITOR_COLLECTION_INTERVAL", "");
    CHECK(resolve_interval("") == 10s);
  }
  {
    // Past the range of every duration: told so, not called "not positive".
    ScopedEnv env("PERFORMANCE_MONITOR_COLLECTION_INTERVAL", "9.3e15");
    CHECK_THROWS_WITH(resolve_interval(""), "PERFORMANCE_MONITOR_COLLECTION_INTERVAL: invalid duration \"9.3e15\": longer "
                                            "than 36500d (100 years), the longest pm accepts");
  }
  for (const char* bad : {"soon", "-1", "0", "10s", "nan"}) {
    ScopedEnv env("PERFORMANCE_MONITOR_COLLECTION_INTERVAL", bad);
    CHECK_THROWS_WITH(resolve_interval(""), "PERFORMANCE_MONITOR_COLLECTION_INTERVAL: must be a positive number of "
                                            "seconds, got \"" + std::string(bad) + "\"");
    CHECK(resolve_interval("3s") == 3s); // the flag wins: a bad variable it overrides is not read
  }
}

TEST_CASE("records carry host and --tag tags, sorted, a collector's own tag winning", "[collect]") {
  std::string text;
  Emitter emitter(text, {{"zone", "a"}, {"host", "h"}, {"cpu", "common"}});
  emitter.begin_sample(pm::time::TimePoint(pm::time::Duration(0)));
  emitter.emit("x.y", 1.5, "percent", {{"cpu", "0"}, {"b", "2"}});
  emitter.emit("x.z", std::numeric_limits<double>::quiet_NaN(), "");
  CHECK(text == "{\"ts\":\"1970-01-01T00:00:00.000Z\",\"name\":\"x.y\",\"value\":1.5,\"unit\":\"percent\","
                "\"tags\":{\"b\":\"2\",\"cpu\":\"0\",\"host\":\"h\",\"zone\":\"a\"}}\n");
  CHECK_THROWS_AS(common_tags({"novalue"}), pm::UsageError);
  auto tags = common_tags({"env=prod"});
  CHECK(tags.front().first == "host");
  CHECK(tags.back() == std::pair<std::string, std::string>{"env", "prod"});
}
