// Unit tests of libpm/time: RFC 3339 in and out, epoch seconds, durations, --since specs.
#include "libpm/time/time.hpp"

#include <catch2/catch.hpp>

using namespace pm::time;
using std::chrono::milliseconds;

namespace {
TimePoint at_ms(long long ms) { return TimePoint{milliseconds{ms}}; }
} // namespace

TEST_CASE("timestamps are written in UTC with milliseconds") {
  CHECK(format_timestamp(at_ms(0)) == "1970-01-01T00:00:00.000Z");
  CHECK(format_timestamp(at_ms(1234567890123)) == "2009-02-13T23:31:30.123Z");
  CHECK(format_timestamp(at_ms(1795342500123)) == "2026-11-22T10:15:00.123Z");
}

TEST_CASE("every accepted time form reads to the same instant") {
  auto expected = at_ms(1795342500123);
  CHECK(*parse_timestamp("2026-11-22T10:15:00.123Z") == expected);
  CHECK(*parse_timestamp("2026-11-22T12:15:00.123+02:00") == expected);
  CHECK(*parse_timestamp("2026-11-22T05:15:00.123-05:00") == expected);
  CHECK(*parse_timestamp("2026-11-22t10:15:00.123456789z") == expected);
  CHECK(*parse_timestamp("2026-11-22 10:15:00.123Z") == expected);
  CHECK(*parse_timestamp("2026-11-22T10:15:00Z") == at_ms(1795342500000));
  CHECK(*parse_timestamp("2026-11-22T10:15:00.1Z") == at_ms(1795342500100));
  CHECK(*from_epoch_seconds(1795342500.123) == expected);
  CHECK(to_epoch_seconds(expected) == Approx(1795342500.123));
}

TEST_CASE("bad times say what is wrong") {
  CHECK(parse_timestamp("2026-13-01T00:00:00Z").error() == "invalid time \"2026-13-01T00:00:00Z\": no such date");
  CHECK(parse_timestamp("2026-02-30T00:00:00Z").error().find("no such date") != std::string::npos);
  CHECK(parse_timestamp("2026-11-22T10:15:00").error().find("missing time zone") != std::string::npos);
  CHECK(parse_timestamp("2026-11-22T25:00:00Z").error().find("out of range") != std::string::npos);
  CHECK(parse_timestamp("yesterday").error().find("expected YYYY-MM-DD") != std::string::npos);
  CHECK(parse_timestamp("2026-11-22T10:15:00Zjunk").error().find("after the time zone") != std::string::npos);
  CHECK_FALSE(from_epoch_seconds(-1));
  CHECK_FALSE(from_epoch_seconds(1e12));
}

TEST_CASE("durations read in every unit and combination") {
  CHECK(*parse_duration("90s") == milliseconds{90000});
  CHECK(*parse_duration("15m") == milliseconds{900000});
  CHECK(*parse_duration("24h") == milliseconds{86400000});
  CHECK(*parse_duration("7d") == milliseconds{604800000});
  CHECK(*parse_duration("1h30m") == milliseconds{5400000});
  CHECK(*parse_duration("500ms") == milliseconds{500});
  CHECK(*parse_duration("1.5h") == milliseconds{5400000});
  CHECK(*parse_duration("10") == milliseconds{10000});
  CHECK(*parse_duration("2w") == milliseconds{1209600000});
  CHECK(parse_duration("5x").error() == "invalid duration \"5x\": unknown unit \"x\" (use ms, s, m, h, d, w or y)");
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("m"));
  CHECK_FALSE(parse_duration("-5"));
}

TEST_CASE("durations are written in their shortest form") {
  CHECK(format_duration(milliseconds{300000}) == "5m");
  CHECK(format_duration(milliseconds{5400000}) == "1h30m");
  CHECK(format_duration(milliseconds{250}) == "250ms");
  CHECK(format_duration(milliseconds{0}) == "0s");
  CHECK(format_duration(milliseconds{90061000}) == "1d1h1m1s");
}

TEST_CASE("since and until take a duration back from now or a time") {
  auto now = at_ms(1795342500000); // 2026-11-22T10:15:00Z
  CHECK(*parse_time_spec("15m", now) == at_ms(1795342500000 - 900000));
  CHECK(parse_time_spec("300y", now).error() ==
        "invalid time \"300y\": as a duration, longer than 36500d (100 years), the longest pm accepts");
  CHECK(format_timestamp(*parse_time_spec("2026-11-20", now)) == "2026-11-20T00:00:00.000Z");
  CHECK(format_timestamp(*parse_time_spec("2026-11-20T10:00Z", now)) == "2026-11-20T10:00:00.000Z");
  CHECK(format_timestamp(*parse_time_spec("2026-11-20 10:00", now)) == "2026-11-20T10:00:00.000Z");
  CHECK(format_timestamp(*parse_time_spec("1795342500", now)) == "2026-11-22T10:15:00.000Z");
  CHECK(parse_time_spec("soon", now).error().find("expected a duration back from now") != std::string::npos);
}

TEST_CASE("a pinned clock always says the same time") {
  Clock clock(at_ms(42));
  CHECK(clock.is_pinned());
  CHECK(clock.now() == at_ms(42));
  Clock live;
  CHECK_FALSE(live.is_pinned());
  CHECK(live.now() > at_ms(1700000000000));
}

TEST_CASE("durations past 100 years are refused, not overflowed") {
  CHECK(*parse_duration("36500d") == k_max_duration);
  CHECK(parse_duration("36501d").error() ==
        "invalid duration \"36501d\": longer than 36500d (100 years), the longest pm accepts");
  CHECK_FALSE(parse_duration("106751991167d"));
  CHECK_FALSE(parse_duration("300y"));
  CHECK_FALSE(parse_duration("9.3e15"));
  CHECK_FALSE(parse_duration("1e300"));
  CHECK_FALSE(parse_duration("99y99y"));
}

TEST_CASE("a time an offset carries out of years 0001-9999 is refused") {
  CHECK(format_timestamp(*parse_timestamp("9999-12-31T23:30:00+01:00")) == "9999-12-31T22:30:00.000Z");
  CHECK(parse_timestamp("9999-12-31T23:30:00-01:00").error() ==
        "invalid time \"9999-12-31T23:30:00-01:00\": out of range (years 0001 to 9999 in UTC)");
  CHECK(format_timestamp(*parse_timestamp("0001-01-01T01:30:00+01:00")) == "0001-01-01T00:30:00.000Z");
  CHECK_FALSE(parse_timestamp("0001-01-01T00:30:00+01:00"));
  CHECK_FALSE(parse_timestamp("0000-06-01T00:00:00Z"));
}
