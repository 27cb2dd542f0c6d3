// Nelder–Mead's downhill simplex.
#include "libpm/stats/optimize.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace pm::stats {

Minimum minimize(const std::function<double(const std::vector<double>&)>& f, std::vector<double> start,
                 std::vector<double> step, double tolerance, std::size_t max_evaluations) {
  const std::size_t d = start.size();
  Minimum best;
  if (d == 0) {
    best.x = start;
    best.value = f(start);
    best.evaluations = 1;
    return best;
  }
  std::vector<std::vector<double>> simplex(d + 1, start);
  std::vector<double> values(d + 1);
  std::size_t evaluations = 0;
  auto eval = [&](const std::vector<double>& x) {
    ++evaluations;
    double v = f(x);
    return std::isnan(v) ? INFINITY : v;
  };
  for (std::size_t i = 0; i < d; ++i)
    simplex[i + 1][i] += step[i];
  for (std::size_t i = 0; i <= d; ++i)
    values[i] = eval(simplex[i]);
  std::vector<std::size_t> order(d + 1);
  std::vector<double> centroid(d), trial(d), trial2(d);
  auto point = [&](double t, std::vector<double>& out, const std::vector<double>& worst) {
    for (std::size_t j = 0; j < d; ++j)
      out[j] = centroid[j] + t * (worst[j] - centroid[j]);
  };
  while (evaluations < max_evaluations) {
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    const std::size_t lo = order[0], hi = order[d], next_hi = order[d - 1];
    if (std::isfinite(values[hi]) && std::abs(values[hi] - values[lo]) <= tolerance)
      break;
    std::fill(centroid.begin(), centroid.end(), 0.0);
    for (std::size_t i = 0; i <= d; ++i)
      if (i != hi)
        for (std::size_t j = 0; j < d; ++j)
          centroid[j] += simplex[i][j] / static_cast<double>(d);
    point(-1, trial, simplex[hi]); // reflection
    double fr = eval(trial);
    if (fr < values[lo]) {
      point(-2, trial2, simplex[hi]); // expansion
      double fe = eval(trial2);
      if (fe < fr) {
        simplex[hi] = trial2;
        values[hi] = fe;
      } else {
        simplex[hi] = trial;
        values[hi] = fr;
      }
    } else if (fr < values[next_hi]) {
      simplex[hi] = trial;
      values[hi] = fr;
    } else {
      const bool outside = fr < values[hi];
      point(outside ? -0.5 : 0.5, trial2, simplex[hi]); // contraction
      double fc = eval(trial2);
      if (fc < std::min(fr, values[hi])) {
        simplex[hi] = trial2;
        values[hi] = fc;
      } else { // shrink towards the best point
        for (std::size_t i = 0; i <= d; ++i)
          if (i != lo) {
            for (std::size_t j = 0; j < d; ++j)
              simplex[i][j] = simplex[lo][j] + 0.5 * (simplex[i][j] - simplex[lo][j]);
            values[i] = eval(simplex[i]);
          }
      }
    }
  }
  std::size_t lo = static_cast<std::size_t>(std::min_element(values.begin(), values.end()) - values.begin());
  best.x = simplex[lo];
  best.value = values[lo];
  best.evaluations = evaluations;
  return best;
}

} // namespace pm::stats
