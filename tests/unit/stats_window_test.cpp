// Sliding windows: sums, means, monotonic extremes and nearest-rank quantiles as time slides.
#include "libpm/stats/window.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <vector>

using pm::stats::OrderedValues;
using pm::stats::SlidingWindow;
using pm::stats::WindowOrder;

TEST_CASE("a sliding window keeps its sum, mean, extremes and quantiles as samples leave it", "[stats]") {
  SlidingWindow plain, mn(WindowOrder::min), mx(WindowOrder::max), q(WindowOrder::quantiles);
  double values[] = {5, 1, 9, 3, 7};
  for (int i = 0; i < 5; ++i)
    for (SlidingWindow* w : {&plain, &mn, &mx, &q}) {
      w->push(i * 1000, values[i], i % 2 == 1);
      w->evict(i * 1000 - 3000); // a 3 s window: (t-3s, t]
    }
  CHECK(plain.size() == 3);
  CHECK(plain.sum() == 19);
  CHECK(*plain.mean() == Approx(19 / 3.0));
  CHECK(plain.flagged() == 1); // the samples at 1 s and 3 s were flagged; 1 s has left
  CHECK(*mn.extreme() == 3);
  CHECK(*mx.extreme() == 9);
  CHECK(*q.quantile(0.5) == 7);
  // A window answers only the order statistic it keeps.
  CHECK_FALSE(plain.extreme().has_value());
  CHECK_FALSE(plain.quantile(0.5).has_value());
  CHECK_FALSE(mn.quantile(0.5).has_value());
}

TEST_CASE("an empty window has no mean, extreme or quantile, and a zero sum", "[stats]") {
  SlidingWindow w(WindowOrder::quantiles);
  CHECK_FALSE(w.mean().has_value());
  CHECK_FALSE(w.quantile(0.9).has_value());
  w.push(1, 4);
  w.push(2, 6);
  w.evict(2);
  CHECK(w.empty());
  CHECK(w.sum() == 0);
  CHECK_FALSE(w.quantile(0.9).has_value());
}

TEST_CASE("window quantiles are nearest rank, always one of the values", "[stats]") {
  SlidingWindow p(WindowOrder::quantiles);
  for (int i = 1; i <= 100; ++i)
    p.push(i, i);
  CHECK(*p.quantile(0.95) == 95); // ceil(0.95 * 100)
  SlidingWindow median(WindowOrder::quantiles);
  for (int i = 1; i <= 4; ++i)
    median.push(i, i);
  CHECK(*median.quantile(0.5) == 2); // never an average of two
}

TEST_CASE("min and max keep equal values apart through eviction", "[stats]") {
  SlidingWindow mx(WindowOrder::max);
  mx.push(1, 5);
  mx.push(2, 5);
  mx.push(3, 2);
  mx.evict(1);
  CHECK(*mx.extreme() == 5); // the second 5 is still inside
  mx.evict(2);
  CHECK(*mx.extreme() == 2);
}

TEST_CASE("a restored window answers as the saved one did", "[stats]") {
  SlidingWindow a(WindowOrder::min);
  for (int i = 0; i < 6; ++i)
    a.push(i, 10 - i, i == 4);
  a.evict(1);
  SlidingWindow b(WindowOrder::min);
  b.restore(a.samples(), a.sum(), a.next_seq());
  CHECK(b.size() == a.size());
  CHECK(b.sum() == a.sum());
  CHECK(b.flagged() == 1);
  CHECK(*b.extreme() == *a.extreme());
  b.push(7, 1);
  CHECK(b.next_seq() == a.next_seq() + 1);
  CHECK(*b.extreme() == 1);
}

TEST_CASE("ordered values give the k-th smallest through inserts and erases across blocks", "[stats]") {
  // Checked against a sorted multiset while the set grows past several 2048-value blocks,
  // with many duplicates, then shrinks in a different order than it grew.
  OrderedValues values;
  std::multiset<double> reference;
  std::mt19937 random(7);
  std::vector<double> inserted;
  auto check = [&] {
    REQUIRE(values.size() == reference.size());
    std::size_t k = 0;
    for (double v : reference) {
      if (k % 97 == 0 || k + 1 == reference.size())
        CHECK(values.nth(k) == v);
      ++k;
    }
  };
  for (int i = 0; i < 9000; ++i) {
    double v = static_cast<double>(random() % 500) / 4.0 - 20.0;
    values.insert(v);
    reference.insert(v);
    inserted.push_back(v);
    if (i % 1500 == 0)
      check();
  }
  check();
  std::shuffle(inserted.begin(), inserted.end(), random);
  for (std::size_t i = 0; i < inserted.size(); ++i) {
    values.erase(inserted[i]);
    reference.erase(reference.find(inserted[i]));
    if (i % 1000 == 0)
      check();
  }
  CHECK(values.size() == 0);
  values.insert(3);
  CHECK(values.nth(0) == 3);
}
