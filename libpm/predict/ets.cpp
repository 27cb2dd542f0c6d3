// The ETS family: initial states, the filter, the likelihood and its maximisation.
#include "libpm/predict/ets.hpp"

#include "libpm/stats/optimize.hpp"
#include "libpm/stats/regression.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace pm::predict {

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

// Bounds of the usual admissible region (Hyndman et al. 2008 §10; R's forecast::ets).
constexpr double k_low = 1e-4, k_high = 0.9999;
constexpr double k_phi_low = 0.8, k_phi_high = 0.98;

double logistic(double u, double lo, double hi) { return lo + (hi - lo) / (1 + std::exp(-u)); }
double logit(double v, double lo, double hi) {
  double p = std::clamp((v - lo) / (hi - lo), 1e-6, 1 - 1e-6);
  return std::log(p / (1 - p));
}

/// The parameter vector the optimiser moves: α, then β/α, γ/(1−α), φ as the spec has them.
EtsParams params_from(const EtsSpec& spec, const std::vector<double>& u) {
  EtsParams p;
  std::size_t i = 0;
  p.alpha = logistic(u[i++], k_low, k_high);
  if (spec.trend != Trend::none)
    p.beta = p.alpha * logistic(u[i++], k_low, k_high);
  if (spec.season != Season::none)
    p.gamma = (1 - p.alpha) * logistic(u[i++], k_low, k_high);
  p.phi = spec.trend == Trend::damped ? logistic(u[i++], k_phi_low, k_phi_high) : 1.0;
  return p;
}

std::vector<double> start_vector(const EtsSpec& spec, const EtsParams* from) {
  const double alpha = from ? from->alpha : 0.3;
  std::vector<double> u{logit(alpha, k_low, k_high)};
  if (spec.trend != Trend::none)
    u.push_back(logit(from && from->beta > 0 ? from->beta / alpha : 0.1, k_low, k_high));
  if (spec.season != Season::none)
    u.push_back(logit(from && from->gamma > 0 ? from->gamma / (1 - alpha) : 0.1, k_low, k_high));
  if (spec.trend == Trend::damped)
    u.push_back(logit(from ? 0.97 : 0.95, k_phi_low, k_phi_high));
  return u;
}

/// Sums the one-step errors of a pass: what both likelihoods need.
struct Pass {
  double sse = 0;        ///< Σ e² (additive) or Σ (e/μ)² (multiplicative error)
  double log_mu = 0;     ///< Σ log|μ| (multiplicative error only)
  std::size_t n = 0;
  bool ok = true;
};

/// One pass of the filter over `y` from `state` (left as the state after the last step).
/// Specialised per trend, season and error so the inner loop has no branches on the model.
template <Trend T, Season S, bool multiplicative_error>
Pass run(const EtsParams& p, EtsState& state, std::span<const double> y) {
  Pass pass;
  double l = state.level, b = state.slope;
  double* s = state.season.data();
  const std::size_t m = state.season.size();
  std::size_t phase = state.phase;
  const double alpha = p.alpha, beta = p.beta, gamma = p.gamma, phi = p.phi;
  double product = 1;
  int in_product = 0;
  for (double v : y) {
    const double damped = T == Trend::none ? 0 : (T == Trend::additive ? b : phi * b);
    const double lb = l + damped;
    const double seasonal = S == Season::none ? 0 : s[phase];
    if (!std::isnan(v)) {
      const double mu = S == Season::none ? lb : (S == Season::additive ? lb + seasonal : lb * seasonal);
      const double e = v - mu;
      if constexpr (multiplicative_error) {
        if (!(mu > 0)) {
          pass.ok = false;
          break;
        }
        const double r = e / mu;
        pass.sse += r * r;
        // Σ log μ as the log of products of eight: a logarithm per step would cost more than
        // the rest of the step (the series is scaled near 1, so eight factors stay finite).
        product *= mu;
        if (++in_product == 8) {
          pass.log_mu += std::log(product);
          product = 1;
          in_product = 0;
        }
      } else {
        pass.sse += e * e;
      }
      ++pass.n;
      // Level and slope move by the error of the deseasonalised point, v − s or v / s (the
      // error itself, or e / s): that point is known before the last step's level is, so the
      // chain from one level to the next is a subtraction and a multiply-add.
      const double d = (S == Season::none ? v : (S == Season::additive ? v - seasonal : v / seasonal)) - lb;
      l = lb + alpha * d;
      if constexpr (T != Trend::none)
        b = damped + beta * d;
      if constexpr (S == Season::multiplicative)
        s[phase] = seasonal + gamma * e / lb;
      else if constexpr (S == Season::additive)
        s[phase] = seasonal + gamma * e;
    } else { // a missing step: the states move on without learning
      l = lb;
      b = damped;
    }
    if constexpr (S != Season::none)
      if (++phase == m)
        phase = 0;
  }
  pass.log_mu += std::log(product);
  if (!std::isfinite(pass.sse) || !std::isfinite(l) || !std::isfinite(pass.log_mu))
    pass.ok = false;
  state.level = l;
  state.slope = b;
  state.phase = phase;
  return pass;
}

template <Trend T, Season S>
Pass run_with_error(bool multiplicative_error, const EtsParams& p, EtsState& state, std::span<const double> y) {
  return multiplicative_error ? run<T, S, true>(p, state, y) : run<T, S, false>(p, state, y);
}

template <Season S>
Pass run_with_trend(const EtsSpec& spec, const EtsParams& p, EtsState& state, std::span<const double> y) {
  switch (spec.trend) {
  case Trend::none: return run_with_error<Trend::none, S>(spec.multiplicative_error, p, state, y);
  case Trend::additive: return run_with_error<Trend::additive, S>(spec.multiplicative_error, p, state, y);
  case Trend::damped: return run_with_error<Trend::damped, S>(spec.multiplicative_error, p, state, y);
  }
  return Pass{0, 0, 0, false};
}

Pass dispatch(const EtsSpec& spec, const EtsParams& p, EtsState& state, std::span<const double> y) {
  switch (spec.season) {
  case Season::none: return run_with_trend<Season::none>(spec, p, state, y);
  case Season::additive: return run_with_trend<Season::additive>(spec, p, state, y);
  case Season::multiplicative: return run_with_trend<Season::multiplicative>(spec, p, state, y);
  }
  return Pass{0, 0, 0, false};
}

double neg2_loglik(const EtsSpec& spec, const Pass& pass) {
  if (!pass.ok || pass.n == 0)
    return k_inf;
  const double n = static_cast<double>(pass.n);
  // A perfect fit has no finite likelihood; a floor keeps such a model comparable.
  const double sigma2 = std::max(pass.sse / n, 1e-300);
  double value = n * std::log(2 * std::numbers::pi * sigma2) + n;
  if (spec.multiplicative_error)
    value += 2 * pass.log_mu;
  return value;
}

/// Initial states from the start of `y` (heuristics of Hyndman et al. 2008 §2.6.1).
bool initial_state(const EtsSpec& spec, std::span<const double> y, EtsState& state) {
  const std::size_t m = spec.season == Season::none ? 0 : spec.period;
  std::vector<double> deseasonalised;
  state.season.assign(m, spec.season == Season::multiplicative ? 1.0 : 0.0);
  state.phase = 0;
  if (m > 0) {
    // A classical decomposition of the first seasons: a centred moving average of one
    // season for the trend, each phase's mean deviation from it for the season.
    const std::size_t span = std::min(y.size(), 4 * m);
    if (span < 2 * m)
      return false;
    std::vector<double> sum(m, 0.0);
    std::vector<std::size_t> count(m, 0);
    const std::size_t half = m / 2;
    for (std::size_t i = half; i + half < span && i + m - half <= span; ++i) {
      // Window of m values centred on i (for even m, the 2×m average: half weights at the ends).
      double total = 0, weight = 0;
      std::size_t from = i - half, to = i + half; // inclusive
      for (std::size_t j = from; j <= to && j < span; ++j) {
        double w = (m % 2 == 0 && (j == from || j == to)) ? 0.5 : 1.0;
        if (!std::isnan(y[j])) {
          total += w * y[j];
          weight += w;
        }
      }
      if (weight <= 0 || std::isnan(y[i]))
        continue;
      double trend = total / weight;
      double deviation = spec.season == Season::multiplicative ? (trend > 0 ? y[i] / trend : NAN) : y[i] - trend;
      if (std::isnan(deviation))
        return false;
      sum[i % m] += deviation;
      ++count[i % m];
    }
    double mean = 0;
    for (std::size_t j = 0; j < m; ++j) {
      if (count[j] == 0)
        return false;
      state.season[j] = sum[j] / static_cast<double>(count[j]);
      mean += state.season[j] / static_cast<double>(m);
    }
    for (auto& v : state.season) // normalised: seasonal parts add to 0 (or average 1)
      v = spec.season == Season::multiplicative ? v / mean : v - mean;
    if (spec.season == Season::multiplicative &&
        std::any_of(state.season.begin(), state.season.end(), [](double v) { return !(v > 0); }))
      return false;
  }
  // Level and trend: a line through the first deseasonalised values: ten (Hyndman et al.),
  // or a twentieth of the series up to 100, so that noise does not set a slope that a small β
  // then carries for long.
  const std::size_t first = std::clamp<std::size_t>(y.size() / 20, 10, 100);
  std::vector<double> xs, ys;
  for (std::size_t i = 0; i < y.size() && xs.size() < first; ++i) {
    if (std::isnan(y[i]))
      continue;
    double v = y[i];
    if (m > 0)
      v = spec.season == Season::multiplicative ? v / state.season[i % m] : v - state.season[i % m];
    xs.push_back(static_cast<double>(i + 1));
    ys.push_back(v);
  }
  if (xs.empty())
    return false;
  stats::LineFit line = stats::least_squares(xs, ys);
  if (spec.trend == Trend::none) {
    double sum = 0;
    for (double v : ys)
      sum += v;
    state.level = sum / static_cast<double>(ys.size());
    state.slope = 0;
  } else {
    state.level = line.intercept; // the state before the first step, at x = 0
    state.slope = line.slope;
  }
  return true;
}

} // namespace

std::string EtsSpec::code() const {
  std::string out = multiplicative_error ? "M," : "A,";
  out += trend == Trend::none ? "N" : (trend == Trend::additive ? "A" : "Ad");
  out += season == Season::none ? ",N" : (season == Season::additive ? ",A" : ",M");
  return out;
}

std::size_t EtsSpec::parameter_count() const {
  // The smoothing parameters and σ: the initial states come from a heuristic, not from the
  // likelihood (statsmodels' convention for heuristic initialisation). Charging m − 1
  // seasonal states would forbid a daily season of 5-minute steps on any week of data.
  std::size_t k = 1 + 1; // α, σ
  if (trend != Trend::none)
    k += 1;
  if (trend == Trend::damped)
    k += 1;
  if (season != Season::none)
    k += 1;
  return k;
}

std::size_t EtsSpec::state_count() const {
  return 1 + (trend != Trend::none ? 1 : 0) + (season != Season::none && period > 0 ? period - 1 : 0);
}

EtsFit fit_ets(const EtsSpec& spec, std::span<const double> y, const EtsParams* start_from) {
  EtsFit fit;
  fit.spec = spec;
  EtsState start;
  if (!initial_state(spec, y, start))
    return fit;
  std::size_t observed = 0;
  for (double v : y)
    observed += std::isnan(v) ? 0 : 1;
  const std::size_t k = spec.parameter_count();
  if (observed <= k + spec.state_count() + 1)
    return fit;
  EtsState scratch = start;
  auto objective = [&](const std::vector<double>& u) {
    EtsParams p = params_from(spec, u);
    scratch.level = start.level;
    scratch.slope = start.slope;
    scratch.phase = start.phase;
    std::copy(start.season.begin(), start.season.end(), scratch.season.begin());
    return neg2_loglik(spec, dispatch(spec, p, scratch, y));
  };
  std::vector<double> u = start_vector(spec, start_from);
  // A warm start is near its optimum already: smaller first steps.
  const std::vector<double> steps(u.size(), start_from ? 0.7 : 1.5);
  // The objective is −2 log L summed over the points: agreement within 0.05 of it is far
  // below what separates two models in AICc (differences under 2 are a tie).
  stats::Minimum best = stats::minimize(objective, u, steps, 0.05, 30 + 30 * u.size());
  if (!std::isfinite(best.value))
    return fit;
  fit.params = params_from(spec, best.x);
  fit.state = start;
  Pass pass = dispatch(spec, fit.params, fit.state, y);
  if (!pass.ok)
    return fit;
  fit.observations = pass.n;
  fit.neg2_loglik = neg2_loglik(spec, pass);
  const double n = static_cast<double>(pass.n), kk = static_cast<double>(k);
  fit.aicc = fit.neg2_loglik + 2 * kk + 2 * kk * (kk + 1) / (n - kk - 1);
  // σ² with the smoothing parameters and the initial states charged (as R's ets): in-sample
  // errors of a fit are smaller than those to come. At least n/2 left.
  const double dof = std::max(n - static_cast<double>(k - 1 + spec.state_count()), n / 2);
  fit.sigma2 = pass.sse / dof;
  fit.usable = std::isfinite(fit.aicc);
  return fit;
}

void update(const EtsFit& fit, EtsState& state, double y) { dispatch(fit.spec, fit.params, state, std::span(&y, 1)); }

double forecast_mean(const EtsFit& fit, const EtsState& state, std::size_t h) {
  const auto& p = fit.params;
  double trend = 0;
  switch (fit.spec.trend) {
  case Trend::none: break;
  case Trend::additive: trend = static_cast<double>(h) * state.slope; break;
  case Trend::damped: {
    // φ + φ² + … + φ^h
    double sum = p.phi * (1 - std::pow(p.phi, static_cast<double>(h))) / (1 - p.phi);
    trend = sum * state.slope;
    break;
  }
  }
  const double lb = state.level + trend;
  if (fit.spec.season == Season::none || state.season.empty())
    return lb;
  const double s = state.season[(state.phase + h - 1) % state.season.size()];
  return fit.spec.season == Season::additive ? lb + s : lb * s;
}

std::vector<double> variance_factors(const EtsFit& fit, std::size_t horizon) {
  std::vector<double> factors(horizon);
  const auto& p = fit.params;
  const std::size_t m = fit.spec.season == Season::none ? 0 : fit.spec.period;
  double sum = 0, phi_j = 0, phi_power = 1;
  for (std::size_t h = 1; h <= horizon; ++h) {
    factors[h - 1] = 1 + sum;
    // c_j for j = h, added for the steps after it.
    const std::size_t j = h;
    double c = p.alpha;
    if (fit.spec.trend == Trend::additive)
      c += p.beta * static_cast<double>(j);
    else if (fit.spec.trend == Trend::damped) {
      phi_power *= p.phi;
      phi_j += phi_power;
      c += p.beta * phi_j;
    }
    if (m > 0 && j % m == 0)
      c += p.gamma;
    sum += c * c;
  }
  return factors;
}

} // namespace pm::predict
