// The forecasting models: the ETS family, and the simple benchmarks every forecaster is held
// against (naive, seasonal naive, drift, a least-squares line).
#include "libpm/predict/models.hpp"

#include "libpm/predict/arima.hpp"
#include "libpm/stats/distribution.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace pm::predict {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t k_fit_steps = 2000;

struct Name {
  ModelKind kind;
  std::string_view text;
};
constexpr Name k_names[] = {
    {ModelKind::automatic, "auto"}, {ModelKind::naive, "naive"},   {ModelKind::seasonal_naive, "seasonal-naive"},
    {ModelKind::drift, "drift"},    {ModelKind::linear, "linear"}, {ModelKind::ses, "ses"},
    {ModelKind::holt, "holt"},      {ModelKind::holt_winters, "holt-winters"}, {ModelKind::arima, "arima"},
};


Interval around(double mean, double sd, double z) {
  if (!std::isfinite(sd))
    return {mean, k_nan, k_nan};
  return {mean, mean - z * sd, mean + z * sd};
}

/// Running mean of squared one-step errors, for the random-walk style models.
struct ErrorVariance {
  double sum = 0;
  std::size_t n = 0;
  void add(double e) {
    sum += e * e;
    ++n;
  }
  /// σ²; NaN with no error to judge by.
  double get() const { return n > 0 ? sum / static_cast<double>(n) : k_nan; }
};

/// The last value, with σ²h for its spread: the best forecast of a random walk.
class Naive final : public Model {
public:
  void update(double y) override {
    if (std::isnan(y)) {
      ++m_gap;
      return;
    }
    if (m_have) // a step over a gap of k spans k+1 steps of the walk
      m_errors.add((y - m_last) / std::sqrt(static_cast<double>(m_gap + 1)));
    m_last = y;
    m_have = true;
    m_gap = 0;
  }
  Interval forecast(std::size_t h, double confidence) const override {
    double steps = static_cast<double>(h + m_gap);
    return around(m_last, std::sqrt(m_errors.get() * steps), z_of(confidence));
  }
  ModelKind kind() const override { return ModelKind::naive; }
  std::unique_ptr<Model> clone() const override { return std::make_unique<Naive>(*this); }

private:
  double m_last = 0;
  bool m_have = false;
  std::size_t m_gap = 0;
  ErrorVariance m_errors;
};

/// The value one season ago; σ²(k+1) after k whole seasons.
class SeasonalNaive final : public Model {
public:
  explicit SeasonalNaive(std::size_t period) : m_ring(period, k_nan) {}
  void update(double y) override {
    double& slot = m_ring[m_phase];
    if (!std::isnan(y) && !std::isnan(slot))
      m_errors.add(y - slot);
    if (!std::isnan(y))
      slot = y;
    m_phase = (m_phase + 1) % m_ring.size();
  }
  Interval forecast(std::size_t h, double confidence) const override {
    const std::size_t m = m_ring.size();
    double value = m_ring[(m_phase + (h - 1) % m) % m];
    double k = static_cast<double>((h - 1) / m);
    return around(value, std::sqrt(m_errors.get() * (k + 1)), z_of(confidence));
  }
  ModelKind kind() const override { return ModelKind::seasonal_naive; }
  std::unique_ptr<Model> clone() const override { return std::make_unique<SeasonalNaive>(*this); }

private:
  std::vector<double> m_ring;
  std::size_t m_phase = 0;
  ErrorVariance m_errors;
};

/// The line from the first to the last value, carried on (fpp3's drift method).
class Drift final : public Model {
public:
  void update(double y) override {
    ++m_steps;
    if (std::isnan(y))
      return;
    if (!m_have) {
      m_first = y;
      m_first_step = m_steps;
      m_have = true;
    } else {
      // Differences per step, their mean and spread (Welford).
      double d = (y - m_last) / static_cast<double>(m_steps - m_last_step);
      ++m_n;
      double delta = d - m_mean;
      m_mean += delta / static_cast<double>(m_n);
      m_m2 += delta * (d - m_mean);
    }
    m_last = y;
    m_last_step = m_steps;
  }
  Interval forecast(std::size_t h, double confidence) const override {
    const double span = static_cast<double>(m_last_step - m_first_step);
    const double slope = span > 0 ? (m_last - m_first) / span : 0;
    const double ahead = static_cast<double>(h + (m_steps - m_last_step));
    const double sigma2 = m_n > 1 ? m_m2 / static_cast<double>(m_n - 1) : k_nan;
    const double t = span > 0 ? span : 1;
    return around(m_last + ahead * slope, std::sqrt(sigma2 * ahead * (1 + ahead / t)), z_of(confidence));
  }
  ModelKind kind() const override { return ModelKind::drift; }
  std::unique_ptr<Model> clone() const override { return std::make_unique<Drift>(*this); }

private:
  bool m_have = false;
  double m_first = 0, m_last = 0;
  std::size_t m_steps = 0, m_first_step = 0, m_last_step = 0, m_n = 0;
  double m_mean = 0, m_m2 = 0;
};

/// Least squares on the step number, kept as running co-moments (Welford) so it moves on in
/// O(1); intervals from Student's t with the usual prediction variance.
class Linear final : public Model {
public:
  void update(double y) override {
    const double x = static_cast<double>(m_steps++);
    if (std::isnan(y))
      return;
    ++m_n;
    const double n = static_cast<double>(m_n);
    const double dx = x - m_mx;
    m_mx += dx / n;
    const double dy = y - m_my;
    m_my += dy / n;
    m_sxx += dx * (x - m_mx);
    m_sxy += dx * (y - m_my);
    m_syy += dy * (y - m_my);
  }
  Interval forecast(std::size_t h, double confidence) const override {
    const double slope = m_sxx > 0 ? m_sxy / m_sxx : 0;
    const double x = static_cast<double>(m_steps - 1 + h);
    const double mean = m_my + slope * (x - m_mx);
    if (m_n < 3)
      return {mean, k_nan, k_nan};
    const double n = static_cast<double>(m_n);
    const double sse = std::max(0.0, m_syy - slope * m_sxy);
    const double s = std::sqrt(sse / (n - 2));
    const double spread = s * std::sqrt(1 + 1 / n + (m_sxx > 0 ? (x - m_mx) * (x - m_mx) / m_sxx : 0));
    const double t = stats::t_quantile(0.5 + confidence / 2, n - 2);
    return {mean, mean - t * spread, mean + t * spread};
  }
  ModelKind kind() const override { return ModelKind::linear; }
  std::unique_ptr<Model> clone() const override { return std::make_unique<Linear>(*this); }

private:
  std::size_t m_steps = 0, m_n = 0;
  double m_mx = 0, m_my = 0, m_sxx = 0, m_sxy = 0, m_syy = 0;
};

/// A fitted member of the ETS family, moved on by its own filter. It works on the series
/// divided by `scale`, so that values near ±1e300 neither overflow the sums of squares nor
/// the products of the likelihood; what it returns is in the series' own units.
class Ets final : public Model {
public:
  Ets(EtsFit fit, ModelKind kind, double scale)
      : m_fit(std::move(fit)), m_state(m_fit.state), m_kind(kind), m_scale(scale) {}
  void update(double y) override { predict::update(m_fit, m_state, y / m_scale); }
  Interval forecast(std::size_t h, double confidence) const override {
    const double mean = forecast_mean(m_fit, m_state, h);
    while (m_factors.size() < h) // the factors depend on the parameters only: computed once
      m_factors = variance_factors(m_fit, std::max<std::size_t>(h, 2 * m_factors.size()));
    double variance = m_fit.sigma2 * m_factors[h - 1];
    if (m_fit.spec.multiplicative_error)
      variance *= mean * mean;
    Interval out = around(mean, std::sqrt(variance), z_of(confidence));
    return {out.mean * m_scale, out.lower * m_scale, out.upper * m_scale};
  }
  ModelKind kind() const override { return m_kind; }
  std::string code() const override { return m_fit.spec.code(); }
  double aicc() const override { return m_fit.aicc; }
  std::unique_ptr<Model> clone() const override { return std::make_unique<Ets>(*this); }
  void forget() const override { std::vector<double>().swap(m_factors); }
  const EtsSpec& spec() const { return m_fit.spec; }

private:
  EtsFit m_fit;
  EtsState m_state;
  ModelKind m_kind;
  double m_scale;
  mutable std::vector<double> m_factors;
};

std::unique_ptr<Model> replay(std::unique_ptr<Model> model, std::span<const double> y) {
  for (double v : y)
    model->update(v);
  return model;
}

ModelKind kind_of(const EtsSpec& spec) {
  if (spec.season != Season::none)
    return ModelKind::holt_winters;
  return spec.trend == Trend::none ? ModelKind::ses : ModelKind::holt;
}

/// Fits each spec to the most recent steps of `y` and keeps the lowest AICc; null when
/// none could be fitted. A damped model starts from the fit of its undamped twin.
std::unique_ptr<Model> best_ets(const std::vector<EtsSpec>& specs, std::span<const double> y) {
  std::size_t period = 0;
  for (const auto& spec : specs)
    period = std::max(period, spec.period);
  y = y.last(std::min(y.size(), fit_steps(period)));
  double scale = 0;
  for (double v : y)
    if (std::isfinite(v))
      scale = std::max(scale, std::abs(v));
  if (!(scale > 0) || !std::isfinite(scale))
    scale = 1;
  std::vector<double> scaled(y.begin(), y.end());
  for (double& v : scaled)
    v /= scale;
  std::unique_ptr<Model> best;
  std::vector<EtsFit> fits;
  fits.reserve(specs.size());
  for (const auto& spec : specs) {
    const EtsParams* start = nullptr;
    for (const auto& other : fits) {
      if (!other.usable || other.spec.season != spec.season)
        continue;
      if (spec.trend == Trend::damped && other.spec.trend == Trend::additive &&
          other.spec.multiplicative_error == spec.multiplicative_error)
        start = &other.params;
      // Additive errors around a multiplicative season: near the multiplicative-error fit.
      if (spec.season == Season::multiplicative && !spec.multiplicative_error && other.spec.multiplicative_error &&
          other.spec.trend == spec.trend)
        start = &other.params;
    }
    fits.push_back(fit_ets(spec, scaled, start));
  }
  for (auto& fit : fits) {
    if (!fit.usable || (best && fit.aicc >= best->aicc()))
      continue;
    const ModelKind kind = kind_of(fit.spec);
    best = std::make_unique<Ets>(std::move(fit), kind, scale);
  }
  return best;
}

std::vector<EtsSpec> seasonal_specs(std::size_t period, bool positive, bool classical) {
  std::vector<EtsSpec> specs;
  auto add = [&](bool me, Trend t, Season s) { specs.push_back(EtsSpec{me, t, s, period}); };
  if (classical) { // Holt-Winters: additive trend, additive or multiplicative season
    add(false, Trend::additive, Season::additive);
    if (positive)
      add(true, Trend::additive, Season::multiplicative);
    return specs;
  }
  for (Trend t : {Trend::none, Trend::additive, Trend::damped}) {
    add(false, t, Season::additive);
    if (positive) {
      add(true, t, Season::multiplicative);
      add(false, t, Season::multiplicative);
    }
  }
  return specs;
}

/// Mean absolute error of `model`'s forecasts of `held` (the steps right after what it was
/// fitted to) from four origins spread over them, each forecasting to the end.
double holdout_error(const Model& fitted, std::span<const double> held) {
  auto model = fitted.clone();
  double sum = 0;
  std::size_t count = 0, at = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const std::size_t origin = k * held.size() / 4;
    for (; at < origin; ++at)
      model->update(held[at]);
    for (std::size_t t = origin; t < held.size(); ++t) {
      if (std::isnan(held[t]))
        continue;
      const double f = model->forecast(t - origin + 1, 0.8).mean;
      if (!std::isfinite(f))
        return std::numeric_limits<double>::infinity();
      sum += std::abs(held[t] - f);
      ++count;
    }
  }
  return count ? sum / static_cast<double>(count) : std::numeric_limits<double>::infinity();
}

/// `auto`: the best ETS by AICc against an ARIMA (and, with a season, the seasonal naive
/// forecast), all fitted without the last steps and judged by their forecasts of them.
std::unique_ptr<Model> ets_or_arima(const std::vector<EtsSpec>& specs, std::span<const double> y, std::size_t period) {
  const std::size_t n = y.size();
  if (n < 60)
    return best_ets(specs, y);
  const std::size_t held = std::clamp<std::size_t>(n / 5, 10, std::max<std::size_t>(2 * period, 60));
  const auto train = y.first(n - held), test = y.last(held);
  std::unique_ptr<Model> candidates[] = {best_ets(specs, train), auto_arima(train, period),
                                         period >= 2 ? replay(std::make_unique<SeasonalNaive>(period), train) : nullptr};
  std::unique_ptr<Model>* winner = nullptr;
  double least = std::numeric_limits<double>::infinity();
  for (auto& candidate : candidates) {
    if (!candidate)
      continue;
    const double error = holdout_error(*candidate, test);
    if (error < least) {
      least = error;
      winner = &candidate;
    }
  }
  if (!winner)
    return best_ets(specs, y);
  // The winner is fitted again on the whole series: its parameters from the shorter part
  // miss what the held-out steps show (a crash in the last fifth of a monthly series made
  // elec_equip's forecasts 0.67 MASE over 8 origins, refitted 0.50). One model, not all.
  if (const auto* ets = dynamic_cast<const Ets*>(winner->get())) {
    if (auto refit = best_ets({ets->spec()}, y))
      return refit;
  } else if (winner == &candidates[1]) {
    if (auto refit = fit_arima(arima_order(**winner), y))
      return refit;
  }
  return replay(std::move(*winner), test);
}

} // namespace

double z_of(double confidence) {
  // A search for a threshold asks millions of times with one confidence: the last is kept.
  thread_local double last_confidence = std::numeric_limits<double>::quiet_NaN(), last_z = 0;
  if (confidence != last_confidence) {
    last_z = stats::normal_quantile(0.5 + confidence / 2);
    last_confidence = confidence;
  }
  return last_z;
}

std::size_t fit_steps(std::size_t period) { return std::max(k_fit_steps, 4 * period); }

double Model::aicc() const { return std::numeric_limits<double>::infinity(); }

Crossing find_crossing(const Model& model, std::size_t steps, double value, bool below, double confidence) {
  Crossing c;
  auto reached = [&](double x) { return std::isfinite(x) && (below ? x <= value : x >= value); };
  for (std::size_t h = 1; h <= steps && !c.late; ++h) {
    Interval f = model.forecast(h, confidence);
    if (!c.mean && reached(f.mean))
      c.mean = h;
    if (!c.early && reached(below ? f.lower : f.upper))
      c.early = h;
    if (!c.late && reached(below ? f.upper : f.lower))
      c.late = h;
  }
  model.forget();
  return c;
}

Expected<ModelKind> parse_model(std::string_view text) {
  for (const auto& n : k_names)
    if (n.text == text)
      return n.kind;
  return unexpected("unknown model " + util::quote(text) + " (one of " + model_names() + ")");
}

std::string_view to_string(ModelKind kind) {
  for (const auto& n : k_names)
    if (n.kind == kind)
      return n.text;
  return "auto";
}

std::string model_names() {
  std::string out;
  for (const auto& n : k_names) {
    if (!out.empty())
      out += ' ';
    out += n.text;
  }
  return out;
}

std::unique_ptr<Model> fit_model(ModelKind kind, std::span<const double> y, std::size_t period, std::string& note) {
  note.clear();
  std::size_t observed = 0;
  bool positive = true;
  double first = k_nan;
  bool constant = true;
  for (double v : y) {
    if (std::isnan(v))
      continue;
    ++observed;
    positive = positive && v > 0;
    if (std::isnan(first))
      first = v;
    else if (v != first)
      constant = false;
  }
  const bool seasonal_possible = period >= 2 && observed >= 2 * period + 3;
  switch (kind) {
  case ModelKind::naive: return replay(std::make_unique<Naive>(), y);
  case ModelKind::drift: return replay(std::make_unique<Drift>(), y);
  case ModelKind::linear: return replay(std::make_unique<Linear>(), y);
  case ModelKind::arima:
    if (auto model = observed >= 20 && !constant ? auto_arima(y, period) : nullptr)
      return model;
    note = constant && observed >= 3 ? "constant series: its value, with no spread" : "too few points for ARIMA: naive";
    return replay(std::make_unique<Naive>(), y);
  case ModelKind::seasonal_naive:
    if (period >= 2 && observed > period)
      return replay(std::make_unique<SeasonalNaive>(period), y);
    note = period < 2 ? "no season: naive instead of seasonal-naive" : "shorter than a season: naive instead of seasonal-naive";
    return replay(std::make_unique<Naive>(), y);
  default: break;
  }
  // The ETS family from here on.
  if (observed < 4 || constant) {
    note = constant && observed >= 3 ? "constant series: its value, with no spread"
                                     : "too few points for exponential smoothing: naive";
    return replay(std::make_unique<Naive>(), y);
  }
  std::vector<EtsSpec> specs;
  switch (kind) {
  case ModelKind::ses: specs = {EtsSpec{false, Trend::none, Season::none, 0}}; break;
  case ModelKind::holt: specs = {EtsSpec{false, Trend::damped, Season::none, 0}}; break;
  case ModelKind::holt_winters:
    if (seasonal_possible)
      specs = seasonal_specs(period, positive, true);
    else {
      note = period < 2 ? "no season found: holt instead of holt-winters"
                        : "fewer than two seasons: holt instead of holt-winters";
      specs = {EtsSpec{false, Trend::damped, Season::none, 0}};
    }
    break;
  default: // automatic
    specs = {EtsSpec{false, Trend::none, Season::none, 0}, EtsSpec{false, Trend::additive, Season::none, 0},
             EtsSpec{false, Trend::damped, Season::none, 0}};
    if (seasonal_possible)
      for (const auto& s : seasonal_specs(period, positive, false))
        specs.push_back(s);
    break;
  }
  if (auto best = kind == ModelKind::automatic ? ets_or_arima(specs, y, seasonal_possible ? period : 0)
                                               : best_ets(specs, y))
    return best;
  if (auto simple = best_ets({EtsSpec{false, Trend::none, Season::none, 0}}, y)) {
    note = "the model could not be fitted: ses instead";
    return simple;
  }
  note = "too few points for exponential smoothing: naive";
  return replay(std::make_unique<Naive>(), y);
}

} // namespace pm::predict
