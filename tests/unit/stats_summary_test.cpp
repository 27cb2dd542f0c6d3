// Streaming summaries: Welford mean/stddev, min/max, first/last by time, and exact merging.
#include "libpm/stats/summary.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using pm::stats::Summary;
using pm::time::Duration;
using pm::time::TimePoint;

namespace {
TimePoint at(long ms) { return TimePoint{Duration{ms}}; }
} // namespace

TEST_CASE("summary: count, min, max, mean, sample stddev") {
  Summary s;
  for (int i = 1; i <= 5; ++i)
    s.add(at(i * 1000), i);
  CHECK(s.count() == 5);
  CHECK(s.min() == 1);
  CHECK(s.max() == 5);
  CHECK(s.mean() == Approx(3));
  CHECK(s.stddev() == Approx(std::sqrt(2.5))); // n - 1 denominator
  CHECK(s.span_seconds() == Approx(4));
  CHECK(s.first() == 1);
  CHECK(s.last() == 5);
}

TEST_CASE("summary: Welford stays accurate on a large offset where sum of squares cancels") {
  Summary s;
  for (int i = 0; i < 1000; ++i)
    s.add(at(i), 1e9 + (i % 2)); // values 1e9 and 1e9+1: stddev ~0.5
  CHECK(s.stddev() == Approx(0.50025).epsilon(1e-4));
}

TEST_CASE("summary: values near the largest double keep a finite mean; their spread is infinite") {
  Summary s;
  s.add(at(0), 1.7e308);
  s.add(at(1), -1.7e308);
  CHECK(s.mean() == 0);
  CHECK(std::isinf(s.stddev()));
  Summary a, b;
  a.add(at(0), 1.7e308);
  b.add(at(1), -1.7e308);
  a.merge(b);
  CHECK(a.mean() == 0);
  CHECK(std::isinf(a.stddev()));
}

TEST_CASE("summary: first and last follow record time, not arrival order") {
  Summary s;
  s.add(at(5000), 50);
  s.add(at(1000), 10);
  s.add(at(3000), 30);
  CHECK(s.first() == 10);
  CHECK(s.last() == 50);
  CHECK(s.first_time() == at(1000));
  CHECK(s.last_time() == at(5000));
}

TEST_CASE("summary: merging two halves gives the summary of the whole") {
  Summary whole, a, b;
  for (int i = 0; i < 100; ++i) {
    double v = std::sin(i) * 10 + i;
    whole.add(at(i * 10), v);
    (i < 37 ? a : b).add(at(i * 10), v);
  }
  a.merge(b);
  CHECK(a.count() == whole.count());
  CHECK(a.mean() == Approx(whole.mean()));
  CHECK(a.stddev() == Approx(whole.stddev()));
  CHECK(a.min() == whole.min());
  CHECK(a.max() == whole.max());
  CHECK(a.last() == whole.last());
  Summary empty;
  empty.merge(whole);
  CHECK(empty.mean() == Approx(whole.mean()));
}

TEST_CASE("summary: fewer than two values have no spread") {
  Summary s;
  CHECK(s.stddev() == 0);
  s.add(at(0), 7);
  CHECK(s.stddev() == 0);
  CHECK(s.span_seconds() == 0);
}
