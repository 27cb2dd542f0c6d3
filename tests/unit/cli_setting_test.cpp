// Flag, environment, default: the one resolution, and the settings of pm(7) ENVIRONMENT through it.
#include "libpm/cli/setting.hpp"
#include "scoped_env.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace pm;
using pm::test::ScopedEnv;

namespace {

constexpr const char* k_var = "PM_TEST_SETTING";

int resolve_count(std::string_view flag) {
  return cli::resolve_setting(flag, "--count", k_var, 7, [](const cli::SettingText& given) -> Expected<int> {
    auto n = util::parse_integer(given.text);
    if (!n || *n < 1)
      return cli::got_text("must be a positive integer", given);
    return static_cast<int>(*n);
  });
}

} // namespace

TEST_CASE("a flag beats the environment, which beats the default", "[cli]") {
  {
    ScopedEnv env(k_var, nullptr);
    CHECK(resolve_count("") == 7);
    CHECK(resolve_count("3") == 3);
  }
  ScopedEnv env(k_var, "5");
  CHECK(resolve_count("") == 5);
  CHECK(resolve_count("3") == 3);
}

TEST_CASE("an empty variable counts as unset", "[cli]") {
  ScopedEnv env(k_var, "");
  CHECK_FALSE(cli::environment(k_var));
  CHECK(resolve_count("") == 7);
}

TEST_CASE("a bad value is an error naming where it came from", "[cli]") {
  {
    ScopedEnv env(k_var, "many");
    CHECK_THROWS_AS(resolve_count(""), UsageError);
    CHECK_THROWS_WITH(resolve_count(""), "PM_TEST_SETTING: must be a positive integer, got \"many\"");
    CHECK(resolve_count("2") == 2); // overridden by the flag: not read, so not judged
  }
  ScopedEnv env(k_var, nullptr);
  CHECK_THROWS_WITH(resolve_count("0"), "--count: must be a positive integer, got \"0\"");
}

TEST_CASE("setting_text says where the text came from", "[cli]") {
  ScopedEnv env(k_var, "x");
  auto flag = cli::setting_text("y", "--thing", k_var);
  REQUIRE(flag);
  CHECK(flag->text == "y");
  CHECK(flag->source == "--thing");
  CHECK_FALSE(flag->from_environment);
  auto var = cli::setting_text("", "--thing", k_var);
  REQUIRE(var);
  CHECK(var->text == "x");
  CHECK(var->source == k_var);
  CHECK(var->from_environment);
  CHECK_FALSE(cli::setting_text("", "--thing", nullptr));
}

TEST_CASE("the store directory: --history DIR, else PM_HISTORY, else XDG_STATE_HOME/pm, else ~/.local/state/pm", "[cli]") {
  ScopedEnv home("HOME", "/home/ann");
  {
    ScopedEnv history("PM_HISTORY", "/srv/pm");
    ScopedEnv xdg("XDG_STATE_HOME", "/home/ann/.state");
    CHECK(cli::resolve_store_directory("") == "/srv/pm");
    CHECK(cli::resolve_store_directory("/given") == "/given");
  }
  {
    ScopedEnv history("PM_HISTORY", nullptr);
    ScopedEnv xdg("XDG_STATE_HOME", "/home/ann/.state");
    CHECK(cli::resolve_store_directory("") == "/home/ann/.state/pm");
  }
  ScopedEnv history("PM_HISTORY", "");
  ScopedEnv xdg("XDG_STATE_HOME", nullptr);
  CHECK(cli::resolve_store_directory("") == "/home/ann/.local/state/pm");
  ScopedEnv no_home("HOME", nullptr);
  CHECK_THROWS_AS(cli::resolve_store_directory(""), Error);
  CHECK(cli::resolve_store_directory("/given") == "/given");
}

TEST_CASE("a store directory that is a file is a usage error naming where it came from", "[cli]") {
  // Before: `-H FILE` read as an empty store, and pm-report said HEALTHY with exit 0.
  char dir_template[] = "/tmp/pm-setting-XXXXXX";
  REQUIRE(::mkdtemp(dir_template) != nullptr);
  const std::string dir = dir_template;
  const std::string file = dir + "/file";
  std::ofstream(file) << "x\n";
  ScopedEnv history("PM_HISTORY", file.c_str());
  CHECK(cli::resolve_store_directory(dir) == dir);                         // a directory
  CHECK(cli::resolve_store_directory(dir + "/new") == dir + "/new");       // not created yet
  try {
    cli::resolve_store_directory(file);
    FAIL("no error");
  } catch (const pm::UsageError& e) {
    CHECK(std::string(e.what()) == "--history: \"" + file + "\" is a regular file, not a history store directory");
  }
  try {
    cli::resolve_store_directory("");
    FAIL("no error");
  } catch (const pm::UsageError& e) {
    CHECK(std::string(e.what()) == "PM_HISTORY: \"" + file + "\" is a regular file, not a history store directory");
  }
  try {
    cli::resolve_store_directory(file + "/sub");
    FAIL("no error");
  } catch (const pm::UsageError& e) {
    CHECK(std::string(e.what()) == "--history: \"" + file +
                                       "/sub\" cannot be a history store directory: a part of its path is not a directory");
  }
  std::remove(file.c_str());
  ::rmdir(dir.c_str());
}

TEST_CASE("retention: the flag beats PERFORMANCE_MONITOR_RETENTION_PERIOD, which beats 30 days", "[cli]") {
  using std::chrono::hours;
  {
    ScopedEnv env("PERFORMANCE_MONITOR_RETENTION_PERIOD", nullptr);
    CHECK(cli::resolve_retention("") == hours(24 * 30));
  }
  ScopedEnv env("PERFORMANCE_MONITOR_RETENTION_PERIOD", "3600");
  CHECK(cli::resolve_retention("") == hours(1));
  CHECK(cli::resolve_retention("7d") == hours(24 * 7));
  CHECK_THROWS_WITH(cli::resolve_retention("soon"), Catch::StartsWith("--retention: invalid duration \"soon\""));
  CHECK_THROWS_WITH(cli::resolve_retention("0s"), "--retention: the retention period must be longer than zero");
  {
    ScopedEnv bad("PERFORMANCE_MONITOR_RETENTION_PERIOD", "lots");
    CHECK_THROWS_WITH(cli::resolve_retention(""),
                      Catch::StartsWith("PERFORMANCE_MONITOR_RETENTION_PERIOD: invalid duration \"lots\""));
  }
  ScopedEnv zero("PERFORMANCE_MONITOR_RETENTION_PERIOD", "0");
  CHECK_THROWS_WITH(cli::resolve_retention(""),
                    "PERFORMANCE_MONITOR_RETENTION_PERIOD: the retention period must be longer than zero");
}

TEST_CASE("ALERT_SYSTEM_MAX_HISTORY: a positive integer, else 1000", "[cli]") {
  {
    ScopedEnv env("ALERT_SYSTEM_MAX_HISTORY", nullptr);
    CHECK(cli::resolve_max_history() == 1000);
  }
  {
    ScopedEnv env("ALERT_SYSTEM_MAX_HISTORY", "3");
    CHECK(cli::resolve_max_history() == 3);
  }
  for (const char* bad : {"zero", "0", "-5", "1.5", "10k"}) {
    ScopedEnv env("ALERT_SYSTEM_MAX_HISTORY", bad);
    CHECK_THROWS_WITH(cli::resolve_max_history(),
                      "ALERT_SYSTEM_MAX_HISTORY: must be a positive integer, got \"" + std::string(bad) + "\"");
  }
}
