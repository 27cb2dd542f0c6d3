// Quantiles of the normal and Student t distributions, for prediction intervals and tests.
#pragma once

namespace pm::stats {

/// Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation refined by one Halley step:
/// relative error below 1e-12). Returns ±infinity at p = 0 and 1, NaN outside [0, 1].
double normal_quantile(double p);

/// Φ(x), the standard normal distribution function.
double normal_cdf(double x);

/// The p-quantile of Student's t with `dof` degrees of freedom (dof >= 1): exact for 1 and
/// 2, a Cornish–Fisher expansion beyond (error below 1e-4 from 3 on); the normal quantile
/// for dof > 1e6.
double t_quantile(double p, double dof);

} // namespace pm::stats
