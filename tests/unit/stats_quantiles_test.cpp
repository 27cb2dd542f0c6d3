// Percentiles: nearest rank while exact, the sketch's relative error bound beyond the budget.
#include "libpm/stats/quantiles.hpp"
#include "libpm/stats/sketch.hpp"
#include "libpm/stats/rank.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using pm::stats::ExactBudget;
using pm::stats::Quantiles;
using pm::stats::Sketch;

namespace {

double nearest_rank(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  rank = std::clamp<std::size_t>(rank, 1, values.size());
  return values[rank - 1];
}

} // namespace

TEST_CASE("quantiles: nearest rank, always one of the values") {
  Quantiles q;
  for (double v : {4.0, 1.0, 3.0, 2.0})
    q.add(v);
  CHECK(q.quantile(0.5) == 2);  // rank ceil(0.5*4) = 2
  CHECK(q.quantile(0.75) == 3); // rank 3
  CHECK(q.quantile(0.76) == 4); // rank ceil(3.04) = 4
  CHECK(q.quantile(0) == 1);
  CHECK(q.quantile(1) == 4);
  CHECK(q.exact());
  Quantiles empty;
  CHECK(empty.quantile(0.5) == 0);
}

TEST_CASE("nearest rank is ceil(q*n), immune to binary fractions just above a whole rank") {
  using pm::stats::nearest_rank;
  CHECK(nearest_rank(0.5, 4) == 2);
  CHECK(nearest_rank(0.95, 20) == 19);
  CHECK(0.07 * 100 > 7.0); // the product a plain ceil would take to rank 8
  CHECK(nearest_rank(0.07, 100) == 7);
  CHECK(nearest_rank(0.0701, 100) == 8);
  CHECK(nearest_rank(0.99, 1'000'000) == 990'000);
  CHECK(nearest_rank(0, 5) == 1);
  CHECK(nearest_rank(1, 5) == 5);
  CHECK(nearest_rank(0.5, 1) == 1);
  CHECK(nearest_rank(-1, 5) == 1);
  CHECK(nearest_rank(2, 5) == 5);
}

TEST_CASE("quantiles: p99 of 1..100 is 99 and p95 is 95") {
  Quantiles q;
  for (int i = 100; i >= 1; --i)
    q.add(i);
  CHECK(q.quantile(0.99) == 99);
  CHECK(q.quantile(0.95) == 95);
  CHECK(q.quantile(0.50) == 50);
}

TEST_CASE("quantiles: beyond the budget a series moves to the sketch and gives its room back") {
  ExactBudget budget(64);
  Quantiles small(&budget), big(&budget);
  small.add(1);
  std::vector<double> values;
  std::mt19937 rng(7);
  std::lognormal_distribution<double> dist(0, 1);
  for (int i = 0; i < 5000; ++i) {
    values.push_back(dist(rng));
    big.add(values.back());
  }
  CHECK(small.exact());
  CHECK_FALSE(big.exact());
  CHECK(big.relative_error() == Approx(0.01));
  CHECK(big.count() == 5000);
  CHECK(budget.remaining() == 64 - 16); // only the small series' first block is still held
  for (double q : {0.5, 0.9, 0.95, 0.99}) {
    double exact = nearest_rank(values, q);
    CHECK(std::fabs(big.quantile(q) - exact) <= 0.01 * exact + 1e-12);
  }
}

TEST_CASE("quantiles: memory released to the budget when a series goes away") {
  ExactBudget budget(1000);
  {
    Quantiles q(&budget);
    for (int i = 0; i < 100; ++i)
      q.add(i);
    CHECK(budget.remaining() < 1000);
    Quantiles moved = std::move(q);
    CHECK(moved.quantile(1) == 99);
  }
  CHECK(budget.remaining() == 1000);
}

TEST_CASE("sketch: every percentile within alpha of the exact nearest-rank value") {
  std::mt19937 rng(42);
  std::vector<double> values;
  Sketch sketch(0.01);
  std::exponential_distribution<double> exp_dist(3.0);
  std::normal_distribution<double> normal(-50, 20);
  for (int i = 0; i < 20000; ++i) {
    double v = i % 3 == 0 ? normal(rng) : exp_dist(rng) * 1000;
    values.push_back(v);
    sketch.add(v);
  }
  for (double q : {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999}) {
    double exact = nearest_rank(values, q);
    INFO("q=" << q << " exact=" << exact << " sketch=" << sketch.quantile(q));
    CHECK(std::fabs(sketch.quantile(q) - exact) <= 0.01 * std::fabs(exact) + 1e-9);
  }
  CHECK(sketch.quantile(0) == *std::min_element(values.begin(), values.end()));
  CHECK(sketch.quantile(1) == *std::max_element(values.begin(), values.end()));
}

TEST_CASE("sketch: merging sketches equals sketching everything") {
  Sketch a, b, all;
  for (int i = 1; i <= 1000; ++i) {
    (i % 2 ? a : b).add(i * 0.37);
    all.add(i * 0.37);
  }
  a.merge(b);
  CHECK(a.count() == 1000);
  for (double q : {0.1, 0.5, 0.99})
    CHECK(a.quantile(q) == all.quantile(q));
  Sketch other(0.05);
  CHECK_THROWS_AS(a.merge(other), std::invalid_argument);
}

TEST_CASE("sketch: zeros and a huge dynamic range stay within the bucket limit") {
  Sketch s;
  std::vector<double> values(10, 0.0);
  s.add(0, 10);
  for (int e = -300; e <= 300; e += 3) {
    values.push_back(std::pow(10.0, e));
    s.add(values.back());
  }
  CHECK(s.bucket_count() <= 2 * Sketch::k_max_buckets);
  CHECK(s.quantile(0.01) == 0);
  CHECK(s.quantile(1) == 1e300); // the extremes are exact
  // The top 1e35 of the range is kept within alpha even though the bottom was folded.
  for (double q : {0.95, 0.99, 0.995}) {
    double exact = nearest_rank(values, q);
    CHECK(std::fabs(s.quantile(q) - exact) <= 0.01 * exact);
  }
}
