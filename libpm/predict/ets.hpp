// The exponential-smoothing (ETS) family in innovations state-space form (Hyndman, Koehler,
// Ord & Snyder 2008): one-step filtering, maximum-likelihood fitting, forecasts and variances.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace pm::predict {

enum class Trend { none, additive, damped };
enum class Season { none, additive, multiplicative };

/// Which member of the family: ETS(error, trend, season) with a season of `period` steps.
struct EtsSpec {
  bool multiplicative_error = false;
  Trend trend = Trend::none;
  Season season = Season::none;
  std::size_t period = 0; ///< steps per season; 0 without a season

  /// "A,Ad,M": the code of the ETS taxonomy.
  std::string code() const;
  /// The smoothing parameters plus σ: what the likelihood estimates and AICc charges for.
  std::size_t parameter_count() const;
  /// Initial states set from the data (level, slope, m − 1 free seasonal states).
  std::size_t state_count() const;
};

struct EtsParams {
  double alpha = 0.3;
  double beta = 0;  ///< of the trend, 0 < β < α
  double gamma = 0; ///< of the season, 0 < γ < 1 − α
  double phi = 1;   ///< damping, 0.8..0.98 for a damped trend, else 1
};

/// The state after the last step: level, trend, and the seasonal states in order of use
/// (`season[phase]` belongs to the next step).
struct EtsState {
  double level = 0;
  double slope = 0;
  std::vector<double> season;
  std::size_t phase = 0;
};

/// A fitted model. `usable` is false when the data cannot carry it (too short for the
/// parameters and initial states, non-positive values for multiplicative parts, or a fit
/// that diverged); such a fit is never selected.
struct EtsFit {
  EtsSpec spec;
  EtsParams params;
  EtsState state;
  double sigma2 = 0;  ///< variance of the one-step errors (relative ones for multiplicative error)
  double neg2_loglik = 0;
  double aicc = 0;
  std::size_t observations = 0;
  bool usable = false;
};

/// Fits `spec` to the regular series `y` (NaN marks a missing step: the state moves on by
/// its forecast and the step adds nothing to the likelihood). Initial states come from the
/// start of the series (a classical decomposition for the season, a line through the first
/// twentieth (10 to 100) of the deseasonalised values for level and trend); the smoothing parameters maximise the
/// likelihood within the usual bounds (Nelder–Mead on a logistic map of each bound),
/// starting from `start_from` when given (a related fit: the undamped model for the damped).
EtsFit fit_ets(const EtsSpec& spec, std::span<const double> y, const EtsParams* start_from = nullptr);

/// One step of the filter with the fitted parameters: O(1). A NaN `y` is a missing step.
void update(const EtsFit& fit, EtsState& state, double y);

/// The point forecast `h` steps (h >= 1) after `state`.
double forecast_mean(const EtsFit& fit, const EtsState& state, std::size_t h);

/// Per step 1..horizon, the factor f_h with Var(y_{t+h}) = σ²·f_h: the analytic variance of
/// the linear (additive-error, non-multiplicative-season) models, Σ c_j² of Hyndman et al.
/// table 6.1; for multiplicative error the same factor scales μ_h²σ² (their small-error
/// approximation).
std::vector<double> variance_factors(const EtsFit& fit, std::size_t horizon);

} // namespace pm::predict
