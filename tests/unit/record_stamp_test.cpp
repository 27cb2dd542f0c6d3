// Stamping a record without `ts`: the one rule pm-ingest, the readers and the scrapes share.
#include "libpm/record/record.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using pm::record::Record;

TEST_CASE("a record without ts is stamped with now, one with ts keeps it", "[record]") {
  const pm::time::TimePoint now{pm::time::Duration{1'795'341'600'000}};
  auto parsed = pm::record::Parser().parse(R"({"name":"a","value":1})");
  REQUIRE(parsed);
  Record r = *parsed;
  REQUIRE_FALSE(r.has_ts);
  CHECK(pm::record::stamp_if_missing(r, now));
  CHECK(r.has_ts);
  CHECK(r.ts == now);
  // Stamped once: a later stamp does not move it.
  CHECK_FALSE(pm::record::stamp_if_missing(r, now + 5s));
  CHECK(r.ts == now);

  auto timed = pm::record::Parser().parse(R"({"ts":"2026-11-22T10:00:00Z","name":"a","value":1})");
  REQUIRE(timed);
  Record t = *timed;
  auto written = t.ts;
  CHECK_FALSE(pm::record::stamp_if_missing(t, now));
  CHECK(t.ts == written);
}

TEST_CASE("a record whose ts is the epoch itself has a ts: it is not stamped", "[record]") {
  auto parsed = pm::record::Parser().parse(R"({"ts":0,"name":"a","value":1})");
  REQUIRE(parsed);
  Record r = *parsed;
  REQUIRE(r.has_ts);
  CHECK_FALSE(pm::record::stamp_if_missing(r, pm::time::TimePoint{pm::time::Duration{1000}}));
  CHECK(r.ts == pm::time::TimePoint{});
}
