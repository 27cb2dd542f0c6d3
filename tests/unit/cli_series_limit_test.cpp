// The series limit: the first N distinct series pass, further ones are left out and counted.
#include "libpm/cli/series_limit.hpp"
#include "libpm/cli/setting.hpp"
#include "libpm/util/error.hpp"
#include "scoped_env.hpp"

#include <catch2/catch.hpp>

using namespace pm;
using pm::test::ScopedEnv;

namespace {

record::Record sample(const std::string& id) {
  record::Record r;
  r.name = "container.memory.usage";
  r.value = 1;
  r.tags = {{"container", id}};
  return r;
}

} // namespace

TEST_CASE("N series pass a limit of N; the N+1st is left out and counted", "[cli][series_limit]") {
  cli::SeriesLimit limit(3);
  for (int round = 0; round < 2; ++round) // a series admitted once stays admitted
    for (const char* id : {"a", "b", "c"}) {
      auto r = sample(id);
      CHECK(limit.admit(r));
      CHECK(r.series_id != 0);
    }
  CHECK(limit.records_left_out() == 0);
  CHECK(limit.series_left_out() == 0);

  auto d = sample("d");
  CHECK_FALSE(limit.admit(d));
  CHECK(limit.records_left_out() == 1);
  CHECK(limit.series_left_out() == 1);
  auto d_again = sample("d");
  CHECK_FALSE(limit.admit(d_again));
  auto e = sample("e");
  CHECK_FALSE(limit.admit(e));
  CHECK(limit.records_left_out() == 3);
  CHECK(limit.series_left_out() == 2);
  CHECK(limit.left_out_exact());
  auto a = sample("a"); // still admitted after the limit was reached
  CHECK(limit.admit(a));
  CHECK(limit.series_admitted() == 3);
}

TEST_CASE("the same series keeps one series_id, given or found by name and tags", "[cli][series_limit]") {
  cli::SeriesLimit limit(10);
  auto first = sample("x");
  REQUIRE(limit.admit(first));
  auto second = sample("x");
  REQUIRE(limit.admit(second));
  CHECK(second.series_id == first.series_id);
  auto numbered = sample("y");
  numbered.series_id = cli::new_series_id(); // numbered by the reading thread
  const auto id = numbered.series_id;
  REQUIRE(limit.admit(numbered));
  CHECK(numbered.series_id == id);
  auto unnumbered = sample("y");
  REQUIRE(limit.admit(unnumbered));
  CHECK(unnumbered.series_id == id);
}

TEST_CASE("series left out are counted exactly in a table that grows", "[cli][series_limit]") {
  cli::SeriesLimit limit(1);
  for (int i = 0; i < 5001; ++i) {
    auto r = sample("c" + std::to_string(i));
    limit.admit(r);
    auto again = sample("c" + std::to_string(i));
    limit.admit(again);
  }
  CHECK(limit.series_admitted() == 1);
  CHECK(limit.series_left_out() == 5000);
  CHECK(limit.records_left_out() == 10000);
}

TEST_CASE("--max-series, else PM_MAX_SERIES, else 100000; bad values name their source", "[cli][series_limit]") {
  {
    ScopedEnv env(cli::k_max_series_variable, nullptr);
    CHECK(cli::resolve_max_series("") == 100000);
    CHECK(cli::resolve_max_series("5") == 5);
  }
  {
    ScopedEnv env(cli::k_max_series_variable, "7");
    CHECK(cli::resolve_max_series("") == 7);
    CHECK(cli::resolve_max_series("9") == 9);
  }
  for (const char* bad : {"0", "-1", "lots", "1000000001", "1.5"}) {
    ScopedEnv env(cli::k_max_series_variable, bad);
    CHECK_THROWS_WITH(cli::resolve_max_series(""),
                      "PM_MAX_SERIES: must be a whole number of series from 1 to 1000000000, got \"" + std::string(bad) + "\"");
    CHECK_THROWS_AS(cli::resolve_max_series(""), UsageError);
    CHECK(cli::resolve_max_series("3") == 3); // a flag given instead wins, the variable unread
  }
  CHECK_THROWS_WITH(cli::resolve_max_series("0"), Catch::Contains("--max-series: must be a whole number"));
}
