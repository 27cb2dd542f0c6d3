// Chart lines: bounded number of points, averages preserved.
#include "libpm/stats/chart.hpp"

#include <catch2/catch.hpp>

using pm::stats::ChartLine;
using pm::time::Duration;
using pm::time::TimePoint;

TEST_CASE("chart: short series keep every point") {
  ChartLine line(10);
  for (int i = 0; i < 5; ++i)
    line.add(TimePoint{Duration{i * 1000}}, i);
  REQUIRE(line.points().size() == 5);
  CHECK(line.points()[3].mean() == 3);
}

TEST_CASE("chart: long series are averaged into at most max points, total kept") {
  ChartLine line(50);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    line.add(TimePoint{Duration{i * 10}}, i % 100);
    sum += i % 100;
  }
  CHECK(line.points().size() <= 50);
  CHECK(line.points().size() >= 12);
  double total = 0;
  std::size_t count = 0;
  for (const auto& p : line.points()) {
    total += p.sum;
    count += p.count;
  }
  CHECK(count == 100000);
  CHECK(total == Approx(sum));
  for (std::size_t i = 1; i < line.points().size(); ++i)
    CHECK(line.points()[i - 1].ts < line.points()[i].ts);
}

TEST_CASE("chart: records out of order land in their slot") {
  ChartLine line(4);
  for (int i : {5, 1, 3, 2, 4, 0, 9, 7})
    line.add(TimePoint{Duration{i * 1000}}, 1);
  std::size_t count = 0;
  for (const auto& p : line.points())
    count += p.count;
  CHECK(count == 8);
  CHECK(line.points().size() <= 4);
}
