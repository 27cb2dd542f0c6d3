// Chart lines: bounded number of points, averages preserved.
#include "libpm/stats/chart.hpp"

#include <algorithm>
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

TEST_CASE("chart: each slot keeps its extremes, so a spike averaged away still shows") {
  ChartLine line(20);
  for (int i = 0; i < 10000; ++i)
    line.add(TimePoint{Duration{i * 1000}}, i == 5000 ? 1000.0 : (i % 2 ? 1.0 : 3.0));
  double top = 0, bottom = 1e9, top_mean = 0;
  for (const auto& p : line.points()) {
    top = std::max(top, p.max);
    bottom = std::min(bottom, p.min);
    top_mean = std::max(top_mean, p.mean());
    CHECK(p.min <= p.mean());
    CHECK(p.mean() <= p.max);
  }
  CHECK(top == 1000);
  CHECK(bottom == 1);
  CHECK(top_mean < 10); // the mean of the spike's slot hides it
  ChartLine out_of_order(20);
  for (int i : {5, 1, 3, 1})
    out_of_order.add(TimePoint{Duration{1000}}, i);
  REQUIRE(out_of_order.points().size() == 1);
  CHECK(out_of_order.points()[0].min == 1);
  CHECK(out_of_order.points()[0].max == 5);
}
