// The unit table: every spelling of time and size, decimal against binary, and conversion.
#include "libpm/record/units.hpp"

#include <catch2/catch.hpp>

using pm::record::base_unit;
using pm::record::BaseUnitConverter;
using pm::record::Record;

namespace {

void check_unit(const char* spelling, std::string_view base, double factor) {
  INFO("unit " << spelling);
  auto got = base_unit(spelling);
  REQUIRE(got);
  CHECK(got->unit == base);
  CHECK(got->factor == Approx(factor).epsilon(1e-12));
}

} // namespace

TEST_CASE("time units come to seconds in every spelling", "[record]") {
  for (const char* s : {"ns", "nanoseconds"})
    check_unit(s, "seconds", 1e-9);
  for (const char* s : {"us", "\u00b5s", "\u03bcs", "microseconds"})
    check_unit(s, "seconds", 1e-6);
  for (const char* s : {"ms", "milliseconds"})
    check_unit(s, "seconds", 1e-3);
  for (const char* s : {"s", "sec", "second", "seconds"})
    check_unit(s, "seconds", 1);
  for (const char* s : {"min", "minute", "minutes"})
    check_unit(s, "seconds", 60);
  for (const char* s : {"h", "hour", "hours"})
    check_unit(s, "seconds", 3600);
  for (const char* s : {"d", "day", "days"})
    check_unit(s, "seconds", 86400);
}

TEST_CASE("size units come to bytes: SI prefixes are decimal, IEC prefixes binary", "[record]") {
  for (const char* s : {"B", "byte", "bytes"})
    check_unit(s, "bytes", 1);
  check_unit("kB", "bytes", 1e3);
  check_unit("KB", "bytes", 1e3);
  check_unit("MB", "bytes", 1e6);
  check_unit("GB", "bytes", 1e9);
  check_unit("TB", "bytes", 1e12);
  check_unit("PB", "bytes", 1e15);
  check_unit("KiB", "bytes", 1024);
  check_unit("MiB", "bytes", 1048576);
  check_unit("GiB", "bytes", 1073741824);
  check_unit("TiB", "bytes", 1099511627776.0);
  check_unit("PiB", "bytes", 1125899906842624.0);
}

TEST_CASE("a size per second comes to bytes/s", "[record]") {
  check_unit("bytes/s", "bytes/s", 1);
  check_unit("B/s", "bytes/s", 1);
  check_unit("KB/s", "bytes/s", 1e3);
  check_unit("kB/s", "bytes/s", 1e3);
  check_unit("MiB/s", "bytes/s", 1048576);
  check_unit("GB/s", "bytes/s", 1e9);
}

TEST_CASE("units the table does not convert are not guessed", "[record]") {
  // Case matters (mS, MS, Ms are not milliseconds; kb and Mb could be bits), and
  // neither rates of other things nor other kinds of unit are converted.
  for (const char* s : {"", "percent", "%", "count", "ops/s", "celsius", "ratio", "MS", "Ms", "mS", "S", "H", "MIN",
                        "kb", "Mb", "KIB", "kib", "b", "ms/s", "/s", "s/s", "bits", "seconds ", " ms"}) {
    INFO("unit \"" << s << "\"");
    CHECK_FALSE(base_unit(s));
  }
}

TEST_CASE("the converter brings samples to base units and leaves the rest", "[record]") {
  BaseUnitConverter converter;
  Record r = pm::record::sample(pm::time::TimePoint{}, "api.request.duration", 300, "ms");
  auto applied = converter.convert(r);
  REQUIRE(applied);
  CHECK(applied->factor == Approx(1e-3));
  CHECK(r.value == Approx(0.3));
  CHECK(r.unit == "seconds");
  CHECK(converter.last_written() == "ms");

  // Already in base units: unchanged, nothing applied (converting twice is converting once).
  CHECK_FALSE(converter.convert(r));
  CHECK(r.value == Approx(0.3));

  // A base-unit respelling changes the name only.
  Record s = pm::record::sample(pm::time::TimePoint{}, "job.duration", 2, "s");
  applied = converter.convert(s);
  REQUIRE(applied);
  CHECK(applied->factor == 1);
  CHECK(s.unit == "seconds");
  CHECK(s.value == 2);

  // The cached answer follows the unit: MiB after ms, then ms again.
  Record m = pm::record::sample(pm::time::TimePoint{}, "mem.rss", 2, "MiB");
  REQUIRE(converter.convert(m));
  CHECK(m.value == 2097152);
  CHECK(m.unit == "bytes");
  Record again = pm::record::sample(pm::time::TimePoint{}, "api.request.duration", 1500, "ms");
  REQUIRE(converter.convert(again));
  CHECK(again.value == Approx(1.5));

  Record none = pm::record::sample(pm::time::TimePoint{}, "system.cpu.usage", 80, "percent");
  CHECK_FALSE(converter.convert(none));
  CHECK(none.value == 80);
  CHECK(none.unit == "percent");

  // A derived record keeps what it was written in: its threshold and bounds are in that unit.
  Record alert = pm::record::sample(pm::time::TimePoint{}, "api.request.duration", 700, "ms");
  alert.kind = "alert";
  CHECK_FALSE(converter.convert(alert));
  CHECK(alert.value == 700);
  CHECK(alert.unit == "ms");
}
