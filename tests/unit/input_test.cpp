// Unit tests of libpm/input and the shared record reading in libpm/cli: selection, lines.
#include "libpm/cli/options.hpp"
#include "libpm/input/lines.hpp"
#include "libpm/input/selection.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace pm;

namespace {
std::string write_temp(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() / ("pm-input-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

record::Record make(std::string name, record::Tags tags) {
  record::Record r;
  r.name = std::move(name);
  r.tags = std::move(tags);
  r.has_value = true;
  return r;
}
} // namespace

TEST_CASE("metric globs and tag filters select series") {
  input::Selection selection;
  selection.metrics = {"system.cpu.*", "api.*"};
  selection.tags = {pm::record::parse_tag_matcher("host=web-*"), pm::record::parse_tag_matcher("env!=dev")};
  CHECK(selection.selects_series(make("system.cpu.usage", {{"host", "web-1"}})));
  CHECK(selection.selects_series(make("api.request.duration", {{"env", "prod"}, {"host", "web-2"}})));
  CHECK_FALSE(selection.selects_series(make("system.memory.usage", {{"host", "web-1"}})));
  CHECK_FALSE(selection.selects_series(make("system.cpu.usage", {{"host", "db-1"}})));
  CHECK_FALSE(selection.selects_series(make("system.cpu.usage", {{"env", "dev"}, {"host", "web-1"}})));
  CHECK_FALSE(selection.selects_series(make("system.cpu.usage", {})));
}

TEST_CASE("tag filters must have a key and an operator") {
  CHECK_THROWS_AS(pm::record::parse_tag_matcher("novalue"), UsageError);
  CHECK_THROWS_AS(pm::record::parse_tag_matcher("=x"), UsageError);
  auto f = pm::record::parse_tag_matcher("status!=200");
  CHECK(f.key == "status");
  CHECK(f.value == "200");
  CHECK(f.negated);
}

TEST_CASE("the time range is inclusive at since and exclusive at until") {
  input::Selection selection;
  selection.since = time::TimePoint{std::chrono::milliseconds{1000}};
  selection.until = time::TimePoint{std::chrono::milliseconds{2000}};
  CHECK(selection.selects_time(time::TimePoint{std::chrono::milliseconds{1000}}));
  CHECK_FALSE(selection.selects_time(time::TimePoint{std::chrono::milliseconds{2000}}));
  CHECK_FALSE(selection.selects_time(time::TimePoint{std::chrono::milliseconds{999}}));
}

TEST_CASE("lines are read with numbers and a last line without newline marked") {
  auto path = write_temp("lines", "one\ntwo\r\n\nthree");
  std::vector<input::Line> lines;
  std::vector<std::string> texts;
  input::read_lines(input::Source{path}, [&](const input::Line& line) {
    lines.push_back(line);
    texts.emplace_back(line.text);
    return true;
  });
  REQUIRE(texts.size() == 4);
  CHECK(texts[0] == "one");
  CHECK(texts[1] == "two\r");
  CHECK(texts[2].empty());
  CHECK(texts[3] == "three");
  CHECK(lines[3].number == 4);
  CHECK(lines[2].complete);
  CHECK_FALSE(lines[3].complete);
  std::filesystem::remove(path);
}

TEST_CASE("a last line without newline is followed by on_block while its view is alive") {
  // pm-ingest keeps the views of a block's lines until on_block; the last, unterminated line
  // must be handed over before read_lines frees its buffer.
  auto path = write_temp("tail", "one\ntwo");
  std::vector<std::string_view> pending;
  std::vector<std::string> flushed;
  input::read_lines(
      input::Source{path},
      [&](const input::Line& line) {
        pending.push_back(line.text);
        return true;
      },
      16 << 20,
      [&] {
        for (auto text : pending)
          flushed.emplace_back(text);
        pending.clear();
      });
  CHECK(pending.empty());
  CHECK(flushed == std::vector<std::string>{"one", "two"});
  std::filesystem::remove(path);
}

TEST_CASE("an over-long line is cut and counted once and the next line still read") {
  auto path = write_temp("long", std::string(3 << 20, 'x') + "\nnext\n");
  std::vector<std::pair<std::size_t, bool>> seen;
  std::string last;
  input::read_lines(
      input::Source{path},
      [&](const input::Line& line) {
        seen.emplace_back(line.number, line.truncated);
        last = std::string(line.text);
        return true;
      },
      1 << 20);
  REQUIRE(seen.size() == 2);
  CHECK(seen[0] == std::make_pair(std::size_t{1}, true));
  CHECK(seen[1] == std::make_pair(std::size_t{2}, false));
  CHECK(last == "next");
  std::filesystem::remove(path);
}

TEST_CASE("a missing input file is an error naming it") {
  CHECK_THROWS_WITH(input::read_lines(input::Source{"/nonexistent/x.ndjson"}, [](const input::Line&) { return true; }),
                    "cannot read /nonexistent/x.ndjson: no such file or directory");
}

TEST_CASE("reading records reports bad lines with source and line and keeps going") {
  auto path = write_temp("records", R"({"name":"a","value":1,"ts":"2026-11-22T10:00:00Z"}
{"name":"a","value":"x"}

{"name":"b","value":2}
)");
  std::vector<std::string> messages;
  util::Diagnostics diagnostics([&](std::string_view m) { messages.emplace_back(m); });
  std::vector<std::string> out;
  auto now = time::TimePoint{std::chrono::milliseconds{1795342500000}};
  auto stats = cli::read_records({input::Source{path}}, input::Selection{}, diagnostics, false, now,
                                 [&](record::Record& r) {
                                   out.push_back(record::to_json(r));
                                   return true;
                                 });
  CHECK(stats.records == 2);
  CHECK(stats.rejected == 1);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0] == path + ":2: \"value\" must be a number, got \"x\"");
  CHECK(messages[1] ==
        "warning: " + path + ":4: no \"ts\": stamped with the time of this run (later such lines are not reported)");
  REQUIRE(out.size() == 2);
  CHECK(out[1] == R"({"ts":"2026-11-22T10:15:00.000Z","name":"b","value":2})"); // stamped with now
  CHECK_THROWS_WITH(cli::read_records({input::Source{path}}, input::Selection{}, diagnostics, true, now,
                                      [](record::Record&) { return true; }),
                    path + ":2: \"value\" must be a number, got \"x\"");
  std::filesystem::remove(path);
}

TEST_CASE("records and bad lines keep their order across batches and sources") {
  // Lines are parsed on a second thread in batches of 1024: 5000 lines with a bad one every
  // 97th, then a second file, must come out in input order with the right names and lines.
  std::string first;
  for (int i = 1; i <= 5000; ++i)
    first += i % 97 == 0 ? "not json\n" : R"({"ts":"2026-11-22T10:15:00.000Z","name":"m","value":)" + std::to_string(i) + "}\n";
  auto a = write_temp("order-a", first);
  auto b = write_temp("order-b", "\n" R"({"ts":"2026-11-22T10:15:00.000Z","name":"m","value":-1})" "\nbad\n");
  std::vector<std::string> messages;
  util::Diagnostics diagnostics([&](std::string_view m) { messages.emplace_back(m); });
  std::vector<double> values;
  auto stats = cli::read_records({input::Source{a}, input::Source{b}}, input::Selection{}, diagnostics, false,
                                 time::TimePoint{}, [&](record::Record& r) {
                                   values.push_back(r.value);
                                   return true;
                                 });
  CHECK(stats.records == 5000 - 51 + 1);
  CHECK(stats.rejected == 51 + 1);
  std::vector<double> expected;
  for (int i = 1; i <= 5000; ++i)
    if (i % 97 != 0)
      expected.push_back(i);
  expected.push_back(-1);
  CHECK(values == expected);
  REQUIRE(messages.size() == 52);
  CHECK(messages[0].starts_with(a + ":97: "));
  CHECK(messages[50].starts_with(a + ":4947: "));
  CHECK(messages[51].starts_with(b + ":3: "));
  std::filesystem::remove(a);
  std::filesystem::remove(b);
}

TEST_CASE("a FILE that cannot be read fails after the records of the FILEs before it") {
  // The last line of the first file has no newline: it is still passed on before the error.
  auto a = write_temp("fail-a", R"({"ts":"2026-11-22T10:15:00.000Z","name":"m","value":1})" "\n"
                                R"({"ts":"2026-11-22T10:15:00.000Z","name":"m","value":2})");
  util::Diagnostics diagnostics;
  std::vector<double> values;
  CHECK_THROWS_WITH(cli::read_records({input::Source{a}, input::Source{"/nonexistent/pm-input"}}, input::Selection{},
                                      diagnostics, false, time::TimePoint{},
                                      [&](record::Record& r) {
                                        values.push_back(r.value);
                                        return true;
                                      }),
                    "cannot read /nonexistent/pm-input: no such file or directory");
  CHECK(values == std::vector<double>{1, 2});
  std::filesystem::remove(a);
}

TEST_CASE("records from a pipe that stays open are passed on at once, and stopping early returns") {
  // The writer keeps the pipe open: the three records must arrive without waiting for a full
  // batch or end of input, and returning false must not wait for the blocked reader.
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::string lines;
  for (int i = 0; i < 3; ++i)
    lines += R"({"ts":"2026-11-22T10:15:00.000Z","name":"m","value":)" + std::to_string(i) + "}\n";
  REQUIRE(::write(fds[1], lines.data(), lines.size()) == static_cast<ssize_t>(lines.size()));
  util::Diagnostics diagnostics;
  int seen = 0;
  auto stats = cli::read_records({input::Source{"/dev/fd/" + std::to_string(fds[0])}}, input::Selection{}, diagnostics,
                                 false, time::TimePoint{}, [&](record::Record& r) {
                                   CHECK(r.value == seen);
                                   return ++seen < 3;
                                 });
  CHECK(seen == 3);
  CHECK(stats.records == 3);
  ::close(fds[1]); // the detached reader sees the end and finishes
  ::close(fds[0]);
}

TEST_CASE("selection options resolve against now and reject bad values") {
  cli::SelectionOptions options;
  options.since = "1h";
  options.tags = {"host=a"};
  auto now = time::TimePoint{std::chrono::milliseconds{7200000}};
  auto selection = options.resolve(now);
  CHECK(selection.since == time::TimePoint{std::chrono::milliseconds{3600000}});
  options.until = "whenever";
  CHECK_THROWS_AS(options.resolve(now), UsageError);
}
