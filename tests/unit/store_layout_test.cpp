// The history store's layout: segment names, directory and retention defaults, range listing.
#include "libpm/store/layout.hpp"
#include "libpm/util/error.hpp"
#include "store_test_support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>

using namespace pm;

namespace {

time::TimePoint at(const char* text) { return *time::parse_timestamp(text); }

// Sets an environment variable for a scope and restores the old value after.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name))
      m_old = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (m_old)
      ::setenv(m_name, m_old->c_str(), 1);
    else
      ::unsetenv(m_name);
  }

private:
  const char* m_name;
  std::optional<std::string> m_old;
};

} // namespace

TEST_CASE("a segment holds one UTC hour of record time, named DAY/HH.ndjson", "[store]") {
  auto start = store::segment_start(at("2026-11-22T10:59:59.999+00:00"));
  CHECK(start == at("2026-11-22T10:00:00Z"));
  CHECK(store::segment_name(start) == "2026-11-22/10.ndjson");
  CHECK(store::segment_start(at("2026-11-22T12:30:00+02:00")) == at("2026-11-22T10:00:00Z"));
  CHECK(store::parse_segment_name("2026-11-22", "10.ndjson") == start);
  CHECK_FALSE(store::parse_segment_name("2026-11-22", "24.ndjson"));
  CHECK_FALSE(store::parse_segment_name("2026-13-01", "10.ndjson"));
  CHECK_FALSE(store::parse_segment_name("rejected", "2026-11-22.lines"));
  CHECK_FALSE(store::parse_segment_name("2026-11-22", "10.ndjson.tmp"));
}

TEST_CASE("the store directory: PM_HISTORY, else XDG_STATE_HOME/pm, else ~/.local/state/pm", "[store]") {
  ScopedEnv home("HOME", "/home/ann");
  {
    ScopedEnv history("PM_HISTORY", "/srv/pm");
    ScopedEnv xdg("XDG_STATE_HOME", "/home/ann/.state");
    CHECK(store::default_directory() == "/srv/pm");
    CHECK(store::resolve_directory("/given") == "/given");
  }
  {
    ScopedEnv history("PM_HISTORY", nullptr);
    ScopedEnv xdg("XDG_STATE_HOME", "/home/ann/.state");
    CHECK(store::default_directory() == "/home/ann/.state/pm");
  }
  ScopedEnv history("PM_HISTORY", nullptr);
  ScopedEnv xdg("XDG_STATE_HOME", nullptr);
  CHECK(store::default_directory() == "/home/ann/.local/state/pm");
  CHECK(store::resolve_directory("") == "/home/ann/.local/state/pm");
}

TEST_CASE("retention: the flag beats PERFORMANCE_MONITOR_RETENTION_PERIOD, which beats 30 days", "[store]") {
  using std::chrono::hours;
  {
    ScopedEnv env("PERFORMANCE_MONITOR_RETENTION_PERIOD", nullptr);
    CHECK(store::resolve_retention("") == hours(24 * 30));
  }
  ScopedEnv env("PERFORMANCE_MONITOR_RETENTION_PERIOD", "3600");
  CHECK(store::resolve_retention("") == hours(1));
  CHECK(store::resolve_retention("7d") == hours(24 * 7));
  CHECK_THROWS_AS(store::resolve_retention("soon"), UsageError);
  CHECK_THROWS_AS(store::resolve_retention("0s"), UsageError);
  ScopedEnv bad("PERFORMANCE_MONITOR_RETENTION_PERIOD", "lots");
  CHECK_THROWS_WITH(store::resolve_retention(""), Catch::Contains("PERFORMANCE_MONITOR_RETENTION_PERIOD"));
}

TEST_CASE("listing segments opens only the days the range needs, oldest first", "[store]") {
  test::TempDir dir;
  for (const char* name : {"2026-11-20/23.ndjson", "2026-11-21/00.ndjson", "2026-11-21/13.ndjson",
                           "2026-11-22/09.ndjson", "2026-11-22/10.ndjson", "rejected/2026-11-22.lines"})
    test::spit(dir.path() + "/" + name, "");
  auto names = [&](std::optional<time::TimePoint> since, std::optional<time::TimePoint> until) {
    std::vector<std::string> out;
    for (const auto& segment : store::list_segments(dir.path(), since, until))
      out.push_back(segment.path.substr(dir.path().size() + 1));
    return out;
  };
  CHECK(names(std::nullopt, std::nullopt) ==
        std::vector<std::string>{"2026-11-20/23.ndjson", "2026-11-21/00.ndjson", "2026-11-21/13.ndjson",
                                 "2026-11-22/09.ndjson", "2026-11-22/10.ndjson"});
  CHECK(names(at("2026-11-22T09:30:00Z"), std::nullopt) ==
        std::vector<std::string>{"2026-11-22/09.ndjson", "2026-11-22/10.ndjson"});
  CHECK(names(at("2026-11-20T23:59:00Z"), at("2026-11-21T13:00:00Z")) ==
        std::vector<std::string>{"2026-11-20/23.ndjson", "2026-11-21/00.ndjson"});
  CHECK(store::list_segments(dir.path() + "/missing", std::nullopt, std::nullopt).empty());
}
