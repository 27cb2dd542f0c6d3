// Straight-line fits of y on x: least squares with its uncertainty, and the robust Theil–Sen.
#pragma once

#include <cstddef>
#include <span>

namespace pm::stats {

/// y = intercept + slope·x, with what a reader needs to trust it.
struct LineFit {
  std::size_t n = 0;          ///< points used (finite x and y)
  double intercept = 0;
  double slope = 0;
  double slope_se = 0;        ///< standard error of the slope (0 with fewer than 3 points)
  double r2 = 0;              ///< share of variance explained; 1 for an exact line, 0 for a constant y
  double residual_sd = 0;     ///< sqrt(SSE / (n − 2)); 0 with fewer than 3 points
  double x_mean = 0;
  double sxx = 0;             ///< Σ(x − x̄)², for prediction intervals
  double lag1_autocorrelation = 0; ///< of the residuals in the order given (0 when undefined)

  double at(double x) const { return intercept + slope * x; }
};

/// Ordinary least squares. Points with a non-finite x or y are left out. With one point (or
/// all x equal) the slope is 0 and the intercept the mean of y. Sums are taken about the
/// means, so large offsets (epoch seconds) do not cancel, and over y scaled by a power of two
/// near its largest magnitude, so values near 1e±300 neither overflow nor vanish.
LineFit least_squares(std::span<const double> x, std::span<const double> y);

/// Theil–Sen: the median of the slopes of all pairs with distinct x, the intercept the
/// median of y − slope·x. Breaks down only when more than 29 % of the points are outliers.
/// Beyond 2000 points a fixed pseudo-random sample of 2·10⁶ pairs is used (the same points
/// give the same answer). `slope_se` comes from Sen's rank-based confidence interval
/// (its half-width at 95 % over 1.96); r2 and the residual spread are those of the robust
/// line over all points.
LineFit theil_sen(std::span<const double> x, std::span<const double> y);

} // namespace pm::stats
