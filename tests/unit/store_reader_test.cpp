// Reading the history store: time order across and within segments, retention, torn and bad lines, -H.
#include "libpm/cli/options.hpp"
#include "libpm/record/record.hpp"
#include "libpm/store/reader.hpp"
#include "libpm/util/error.hpp"
#include "store_test_support.hpp"

#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>

using namespace pm;

namespace {

time::TimePoint at(const char* text) { return *time::parse_timestamp(text); }

std::string rec(const char* ts, const char* name, int value, const char* host = "a") {
  return std::string("{\"ts\":\"") + ts + "\",\"name\":\"" + name + "\",\"value\":" + std::to_string(value) +
         ",\"tags\":{\"host\":\"" + host + "\"}}\n";
}

struct Read {
  std::vector<std::string> lines;
  std::vector<std::string> messages;
  store::ReadStats stats;
};

Read read_store(const std::string& dir, const input::Selection& selection, time::TimePoint oldest, bool strict = false) {
  Read result;
  util::Diagnostics diagnostics([&](std::string_view m) { result.messages.emplace_back(m); });
  result.stats = store::read(dir, selection, oldest, diagnostics, strict, [&](record::Record& r) {
    result.lines.push_back(record::to_json(r) + "\n");
    return true;
  });
  return result;
}

// A small store: two segments, the later one with a late record appended out of order.
void fill(const std::string& dir) {
  test::spit(dir + "/2026/11/22/09.ndjson",
             rec("2026-11-22T09:10:00.000Z", "cpu", 1) + rec("2026-11-22T09:50:00.000Z", "cpu", 2));
  test::spit(dir + "/2026/11/22/10.ndjson", rec("2026-11-22T10:20:00.000Z", "cpu", 4) +
                                                rec("2026-11-22T10:20:00.000Z", "mem", 5, "b") +
                                                rec("2026-11-22T10:05:00.000Z", "cpu", 3));
}

} // namespace

TEST_CASE("the store reads back in time order across segments and within one", "[store]") {
  test::TempDir dir;
  fill(dir.path());
  auto result = read_store(dir.path(), {}, at("2026-01-01T00:00:00Z"));
  CHECK(result.lines == std::vector<std::string>{rec("2026-11-22T09:10:00.000Z", "cpu", 1),
                                                 rec("2026-11-22T09:50:00.000Z", "cpu", 2),
                                                 rec("2026-11-22T10:05:00.000Z", "cpu", 3),
                                                 rec("2026-11-22T10:20:00.000Z", "cpu", 4),
                                                 rec("2026-11-22T10:20:00.000Z", "mem", 5, "b")});
  CHECK(result.stats.segments == 2);
  CHECK(result.messages.empty());
}

TEST_CASE("a time range opens only its segments; series filters apply", "[store]") {
  test::TempDir dir;
  fill(dir.path());
  input::Selection selection;
  selection.since = at("2026-11-22T10:00:00Z");
  auto result = read_store(dir.path(), selection, at("2026-01-01T00:00:00Z"));
  CHECK(result.stats.segments == 1);
  CHECK(result.lines.size() == 3);
  selection.until = at("2026-11-22T10:20:00Z");
  CHECK(read_store(dir.path(), selection, at("2026-01-01T00:00:00Z")).lines ==
        std::vector<std::string>{rec("2026-11-22T10:05:00.000Z", "cpu", 3)});
  input::Selection series;
  series.metrics = {"me*"};
  CHECK(read_store(dir.path(), series, at("2026-01-01T00:00:00Z")).lines ==
        std::vector<std::string>{rec("2026-11-22T10:20:00.000Z", "mem", 5, "b")});
}

TEST_CASE("retention is exact on read: nothing older than the cutoff comes back", "[store]") {
  test::TempDir dir;
  fill(dir.path());
  auto result = read_store(dir.path(), {}, at("2026-11-22T09:50:00Z"));
  REQUIRE(result.lines.size() == 4);
  CHECK(result.lines.front() == rec("2026-11-22T09:50:00.000Z", "cpu", 2));
  CHECK(read_store(dir.path(), {}, at("2026-11-22T11:00:00Z")).stats.segments == 0);
}

TEST_CASE("a store that does not exist holds no records and says so", "[store]") {
  test::TempDir dir;
  auto result = read_store(dir.path() + "/missing", {}, at("2026-01-01T00:00:00Z"));
  CHECK(result.lines.empty());
  REQUIRE(result.messages.size() == 1);
  CHECK_THAT(result.messages[0], Catch::Contains("does not exist yet"));
}

TEST_CASE("a torn last line is skipped with a warning; other bad lines are bad input", "[store]") {
  test::TempDir dir;
  const std::string segment = dir.path() + "/2026/11/22/10.ndjson";
  test::spit(segment, rec("2026-11-22T10:00:00.000Z", "cpu", 1) + "not json\n" +
                          rec("2026-11-22T10:01:00.000Z", "cpu", 2) + "{\"ts\":\"2026-11-22T10:0");
  auto result = read_store(dir.path(), {}, at("2026-01-01T00:00:00Z"));
  CHECK(result.lines.size() == 2);
  REQUIRE(result.messages.size() == 2);
  CHECK(result.messages[0] == segment + ":2: not valid JSON");
  CHECK_THAT(result.messages[1], Catch::StartsWith("warning: " + segment + ":4: skipping a torn last line"));
  CHECK(result.stats.rejected == 1);
  CHECK_THROWS_WITH(read_store(dir.path(), {}, at("2026-01-01T00:00:00Z"), true), segment + ":2: not valid JSON");
}

TEST_CASE("-H/--history takes an optional DIR and makes read_records read the store", "[store][cli]") {
  test::TempDir dir;
  fill(dir.path());
  auto parse = [](std::vector<std::string> args) {
    cli::InputOptions options;
    CLI::App app;
    cli::add_input_options(app, options);
    std::vector<const char*> argv{"pm-x"};
    for (auto& a : args)
      argv.push_back(a.c_str());
    app.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
    return options;
  };
  CHECK_FALSE(parse({}).history);
  auto bare = parse({"-H"});
  CHECK(bare.history);
  CHECK(bare.history_dir.empty());
  CHECK(parse({"--history", "/srv/pm"}).history_dir == "/srv/pm");
  CHECK(parse({"--history=/srv/pm"}).history_dir == "/srv/pm");
  auto with_file = parse({"-H", "/srv/pm", "in.ndjson"}); // DIR takes one value, FILE stays positional
  CHECK(with_file.history_dir == "/srv/pm");
  CHECK(with_file.files == std::vector<std::string>{"in.ndjson"});

  auto options = parse({"-H", dir.path()});
  std::vector<std::string> names;
  util::Diagnostics diagnostics;
  input::Selection selection;
  selection.since = at("2026-11-22T10:00:00Z");
  auto stats = cli::read_records(options, "pm-x", selection, diagnostics, at("2026-11-22T12:00:00Z"),
                                 [&](record::Record& r) {
                                   names.push_back(r.name + "=" + std::to_string(static_cast<int>(r.value)));
                                   return true;
                                 });
  CHECK(names == std::vector<std::string>{"cpu=3", "cpu=4", "mem=5"});
  CHECK(stats.records == 3);
  options.files = {"x.ndjson"};
  CHECK_THROWS_AS(cli::read_records(options, "pm-x", selection, diagnostics, at("2026-11-22T12:00:00Z"),
                                    [](record::Record&) { return true; }),
                  UsageError);
}
