// The history store's layout: segment names and range listing.
#include "libpm/store/layout.hpp"
#include "libpm/util/error.hpp"
#include "store_test_support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>

using namespace pm;

namespace {

time::TimePoint at(const char* text) { return *time::parse_timestamp(text); }

} // namespace

TEST_CASE("a segment holds one UTC hour of record time, named YYYY/MM/DD/HH.ndjson", "[store]") {
  auto start = store::segment_start(at("2026-11-22T10:59:59.999+00:00"));
  CHECK(start == at("2026-11-22T10:00:00Z"));
  CHECK(store::segment_name(start) == "2026/11/22/10.ndjson");
  CHECK(store::segment_start(at("2026-11-22T12:30:00+02:00")) == at("2026-11-22T10:00:00Z"));
  CHECK(store::parse_segment_name("2026/11/22/10.ndjson") == start);
  CHECK_FALSE(store::parse_segment_name("2026/11/22/24.ndjson"));
  CHECK_FALSE(store::parse_segment_name("2026/13/01/10.ndjson"));
  CHECK_FALSE(store::parse_segment_name("2026/02/29/10.ndjson"));
  CHECK_FALSE(store::parse_segment_name("rejected/2026-11-22.lines"));
  CHECK_FALSE(store::parse_segment_name("2026/11/22/10.ndjson.tmp"));
}

TEST_CASE("listing segments opens only the years, months and days the range needs, oldest first", "[store]") {
  test::TempDir dir;
  for (const char* name : {"2026/11/20/23.ndjson", "2026/11/21/00.ndjson", "2026/11/21/13.ndjson",
                           "2026/11/22/09.ndjson", "2026/11/22/10.ndjson", "rejected/2026-11-22.lines",
                           "2025/12/31/23.ndjson", "2026/10/31/23.ndjson", "2026/11/22/notes.txt"})
    test::spit(dir.path() + "/" + name, "");
  auto names = [&](std::optional<time::TimePoint> since, std::optional<time::TimePoint> until) {
    std::vector<std::string> out;
    for (const auto& segment : store::list_segments(dir.path(), since, until))
      out.push_back(segment.path.substr(dir.path().size() + 1));
    return out;
  };
  CHECK(names(std::nullopt, std::nullopt) ==
        std::vector<std::string>{"2025/12/31/23.ndjson", "2026/10/31/23.ndjson", "2026/11/20/23.ndjson",
                                 "2026/11/21/00.ndjson", "2026/11/21/13.ndjson", "2026/11/22/09.ndjson",
                                 "2026/11/22/10.ndjson"});
  CHECK(names(at("2026-11-22T09:30:00Z"), std::nullopt) ==
        std::vector<std::string>{"2026/11/22/09.ndjson", "2026/11/22/10.ndjson"});
  CHECK(names(at("2026-11-20T23:59:00Z"), at("2026-11-21T13:00:00Z")) ==
        std::vector<std::string>{"2026/11/20/23.ndjson", "2026/11/21/00.ndjson"});
  CHECK(store::list_segments(dir.path() + "/missing", std::nullopt, std::nullopt).empty());
}
