// Minimising a function of a few unbounded variables (Nelder–Mead), for model fitting.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace pm::stats {

struct Minimum {
  std::vector<double> x;
  double value = 0;
  std::size_t evaluations = 0;
};

/// Nelder–Mead's downhill simplex from `start`, with initial steps `step` per variable.
/// Stops when the simplex's values agree within `tolerance` (absolute) or after
/// `max_evaluations`. Bounds are the caller's: map them onto the whole line (a logistic
/// transform) before calling. A function returning +infinity marks an infeasible point.
Minimum minimize(const std::function<double(const std::vector<double>&)>& f, std::vector<double> start,
                 std::vector<double> step, double tolerance, std::size_t max_evaluations);

} // namespace pm::stats
