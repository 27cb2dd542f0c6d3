// Writing the history store: segments by record time, modes, torn tails, rejected/, pruning.
#include "libpm/store/layout.hpp"
#include "libpm/store/writer.hpp"
#include "store_test_support.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

using namespace pm;

namespace {

time::TimePoint at(const char* text) { return *time::parse_timestamp(text); }

unsigned mode_of(const std::string& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

std::string line_at(const char* ts, const char* name = "m") {
  return std::string("{\"ts\":\"") + ts + "\",\"name\":\"" + name + "\",\"value\":1}";
}

} // namespace

TEST_CASE("records go to the segment of their own hour, late ones too, 0600 in 0700", "[store]") {
  test::TempDir dir;
  time::Clock clock(at("2026-11-22T12:00:00Z"));
  store::Writer writer(dir.path() + "/h", clock);
  writer.append(at("2026-11-22T10:15:00Z"), line_at("2026-11-22T10:15:00.000Z", "a"));
  writer.append(at("2026-11-22T11:00:00Z"), line_at("2026-11-22T11:00:00.000Z", "b"));
  writer.append(at("2026-11-21T23:59:59.999Z"), line_at("2026-11-21T23:59:59.999Z", "late"));
  writer.append(at("2026-11-22T10:59:59Z"), line_at("2026-11-22T10:59:59.000Z", "c"));
  CHECK(writer.segments_touched() == 0); // nothing written before flush
  writer.flush();
  CHECK(writer.segments_touched() == 3);
  CHECK(test::slurp(dir.path() + "/h/2026-11-22/10.ndjson") ==
        line_at("2026-11-22T10:15:00.000Z", "a") + "\n" + line_at("2026-11-22T10:59:59.000Z", "c") + "\n");
  CHECK(test::slurp(dir.path() + "/h/2026-11-22/11.ndjson") == line_at("2026-11-22T11:00:00.000Z", "b") + "\n");
  CHECK(test::slurp(dir.path() + "/h/2026-11-21/23.ndjson") == line_at("2026-11-21T23:59:59.999Z", "late") + "\n");
  CHECK(mode_of(dir.path() + "/h") == 0700);
  CHECK(mode_of(dir.path() + "/h/2026-11-22") == 0700);
  CHECK(mode_of(dir.path() + "/h/2026-11-22/10.ndjson") == 0600);
}

TEST_CASE("borrowed lines next to each other become one piece and are written as they are", "[store]") {
  test::TempDir dir;
  time::Clock clock(at("2026-11-22T12:00:00Z"));
  store::Writer writer(dir.path(), clock);
  std::string input = line_at("2026-11-22T10:00:00.000Z", "a") + "\n" + line_at("2026-11-22T10:00:01.000Z", "b") + "\n";
  std::size_t first = input.find('\n') + 1;
  writer.append_borrowed(at("2026-11-22T10:00:00Z"), std::string_view(input).substr(0, first));
  writer.append_borrowed(at("2026-11-22T10:00:01Z"), std::string_view(input).substr(first));
  CHECK(writer.pending_bytes() == input.size());
  CHECK(writer.last_line() == std::string_view(input).substr(first));
  writer.append_with(at("2026-11-22T10:00:02Z"), [](std::string& out) { out += "{\"x\":1}"; });
  CHECK(writer.last_line() == "{\"x\":1}\n");
  writer.flush();
  CHECK(test::slurp(dir.path() + "/2026-11-22/10.ndjson") == input + "{\"x\":1}\n");
  CHECK(writer.pending_bytes() == 0);
}

TEST_CASE("appending after a crash moves the torn last line to rejected/ first", "[store]") {
  test::TempDir dir;
  const std::string segment = dir.path() + "/2026-11-22/10.ndjson";
  const std::string good = line_at("2026-11-22T10:00:00.000Z") + "\n";
  test::spit(segment, good + good + "{\"ts\":\"2026-11-22T10:00:0");
  time::Clock clock(at("2026-11-22T12:00:00Z"));
  store::Writer writer(dir.path(), clock);
  writer.append(at("2026-11-22T10:30:00Z"), line_at("2026-11-22T10:30:00.000Z"));
  writer.flush();
  CHECK(test::slurp(segment) == good + good + line_at("2026-11-22T10:30:00.000Z") + "\n");
  CHECK(writer.torn_lines_repaired() == 1);
  CHECK(test::slurp(dir.path() + "/rejected/2026-11-22.lines") == "{\"ts\":\"2026-11-22T10:00:0\n");
  auto reasons = test::slurp(dir.path() + "/rejected/2026-11-22.reasons");
  CHECK_THAT(reasons, Catch::StartsWith("{\"at\":\"2026-11-22T12:00:00.000Z\",\"source\":\"" + segment + "\",\"line\":3,"));
  CHECK_THAT(reasons, Catch::Contains("torn last line") && Catch::Contains("\"offset\":0,\"length\":25}"));
}

TEST_CASE("rejected lines are kept raw, with source, line, reason, offset and length beside them", "[store]") {
  test::TempDir dir;
  time::Clock clock(at("2026-11-22T12:00:00Z"));
  store::Writer writer(dir.path(), clock);
  std::string binary("\x00\xff\x01garbage\"", 11);
  writer.reject("stdin", 3, "not json", "line is not a JSON object");
  writer.reject("in.ndjson", 7, binary, "not valid UTF-8");
  writer.flush();
  CHECK(test::slurp(dir.path() + "/rejected/2026-11-22.lines") == "not json\n" + binary + "\n");
  CHECK(test::slurp(dir.path() + "/rejected/2026-11-22.reasons") ==
        "{\"at\":\"2026-11-22T12:00:00.000Z\",\"source\":\"stdin\",\"line\":3,\"reason\":\"line is not a JSON "
        "object\",\"offset\":0,\"length\":8}\n"
        "{\"at\":\"2026-11-22T12:00:00.000Z\",\"source\":\"in.ndjson\",\"line\":7,\"reason\":\"not valid "
        "UTF-8\",\"offset\":9,\"length\":11}\n");
  CHECK(mode_of(dir.path() + "/rejected") == 0700);
  CHECK(mode_of(dir.path() + "/rejected/2026-11-22.lines") == 0600);
}

TEST_CASE("pruning deletes whole segments that ended before the cutoff, and empty days", "[store]") {
  test::TempDir dir;
  for (const char* name : {"2026-10-01/05.ndjson", "2026-11-21/09.ndjson", "2026-11-21/10.ndjson",
                           "2026-11-21/11.ndjson", "rejected/2026-10-01.lines", "rejected/2026-11-21.lines"})
    test::spit(dir.path() + "/" + name, "x\n");
  time::Clock clock(at("2026-11-22T10:30:00Z"));
  store::Writer writer(dir.path(), clock);
  CHECK(writer.prune(at("2026-11-21T10:30:00Z")) == 2); // 10:00-11:00 still holds kept records
  namespace fs = std::filesystem;
  CHECK_FALSE(fs::exists(dir.path() + "/2026-10-01"));
  CHECK_FALSE(fs::exists(dir.path() + "/2026-11-21/09.ndjson"));
  CHECK(fs::exists(dir.path() + "/2026-11-21/10.ndjson"));
  CHECK(fs::exists(dir.path() + "/2026-11-21/11.ndjson"));
  CHECK_FALSE(fs::exists(dir.path() + "/rejected/2026-10-01.lines"));
  CHECK(fs::exists(dir.path() + "/rejected/2026-11-21.lines"));
}
