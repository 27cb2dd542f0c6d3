// Seasonal ARIMA: differencing chosen by KPSS tests, orders by Hannan–Rissanen regressions,
// coefficients by conditional least squares, forecasts and ψ-weight intervals.
#include "libpm/predict/arima.hpp"

#include "libpm/stats/distribution.hpp"
#include "libpm/stats/optimize.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace pm::predict {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double k_inf = std::numeric_limits<double>::infinity();
/// Coefficients come from the most recent steps, as the ETS family's do.
constexpr std::size_t k_fit_steps = 2000;
constexpr std::size_t k_min_observed = 20;
constexpr double k_kpss_critical = 0.463; // 5 % (Kwiatkowski et al. 1992, table 1)

/// A polynomial in the backshift operator B with constant term 1: 1 + Σ coef·B^lag.
struct Term {
  std::size_t lag;
  double coef;
};
using Poly = std::vector<Term>;

Poly multiply(const Poly& a, const Poly& b) {
  Poly out = a;
  auto add = [&](std::size_t lag, double coef) {
    for (auto& t : out)
      if (t.lag == lag) {
        t.coef += coef;
        return;
      }
    out.push_back({lag, coef});
  };
  for (const auto& t : b) {
    add(t.lag, t.coef);
    for (const auto& u : a)
      add(t.lag + u.lag, t.coef * u.coef);
  }
  std::erase_if(out, [](const Term& t) { return t.coef == 0; });
  std::sort(out.begin(), out.end(), [](const Term& x, const Term& y) { return x.lag < y.lag; });
  return out;
}

std::size_t degree(const Poly& p) { return p.empty() ? 0 : p.back().lag; }

/// (1 − B)^d (1 − B^m)^D
Poly differencing(const ArimaOrder& o) {
  Poly out;
  for (std::size_t i = 0; i < o.d; ++i)
    out = multiply(out, {{1, -1.0}});
  for (std::size_t i = 0; i < o.D; ++i)
    out = multiply(out, {{o.period, -1.0}});
  return out;
}

struct Coefficients {
  std::vector<double> ar; ///< φ_1..φ_p of φ(B) = 1 − Σ φ_i B^i
  std::vector<double> ma; ///< θ_1..θ_q of θ(B) = 1 + Σ θ_j B^j
  double seasonal_ma = 0; ///< Θ of 1 + Θ B^m
  double mean = 0;        ///< μ of the differenced series
};

/// θ(B)(1 + Θ B^m)
Poly moving_average(const Coefficients& c, const ArimaOrder& o) {
  Poly theta;
  for (std::size_t j = 0; j < c.ma.size(); ++j)
    theta.push_back({j + 1, c.ma[j]});
  return o.Q ? multiply(theta, {{o.period, c.seasonal_ma}}) : theta;
}

/// Partial autocorrelations in (−1, 1) to the coefficients of a stationary AR polynomial
/// (Durbin–Levinson): any real vector maps to an admissible model, so the optimiser needs
/// no constraints (Jones 1980).
std::vector<double> from_partial(std::span<const double> r) {
  std::vector<double> a, prev;
  for (std::size_t k = 0; k < r.size(); ++k) {
    prev = a;
    a.assign(k + 1, 0);
    a[k] = r[k];
    for (std::size_t j = 0; j < k; ++j)
      a[j] = prev[j] - r[k] * prev[k - 1 - j];
  }
  return a;
}

/// The inverse (step-down): partial autocorrelations of AR coefficients, each clamped
/// inside ±0.9 so a start at the edge of the region can still move.
std::vector<double> to_partial(std::vector<double> a) {
  std::vector<double> r(a.size());
  for (std::size_t k = a.size(); k-- > 0;) {
    const double rk = std::clamp(a[k], -0.9, 0.9);
    r[k] = rk;
    std::vector<double> lower(k);
    for (std::size_t j = 0; j < k; ++j)
      lower[j] = (a[j] + rk * a[k - 1 - j]) / (1 - rk * rk);
    a = std::move(lower);
  }
  return r;
}

/// A window of the last values pushed; back(1) is the latest.
class History {
public:
  History(std::size_t size, double fill) : m_values(std::max<std::size_t>(size, 1), fill) {}
  void push(double v) {
    if (++m_pos == m_values.size())
      m_pos = 0;
    m_values[m_pos] = v;
  }
  double back(std::size_t k) const {
    const std::size_t n = m_values.size();
    return m_values[(m_pos + n - (k - 1)) % n];
  }

private:
  std::vector<double> m_values;
  std::size_t m_pos = 0;
};

struct FilterState {
  History y, w, e;
  std::size_t seen = 0;
};

/// The model as a one-step filter over the original series: w_t = δ(B) y_t, its forecast
/// μ + Σ φ_i (w_{t−i} − μ) + Σ θ*_k e_{t−k}, the error e_t = w_t − ŵ_t. A missing y_t takes
/// its forecast (e_t = 0); step() returns y_t as filled.
struct Filter {
  Poly diff;
  std::vector<double> ar;
  Poly ma;
  double mean = 0;

  FilterState start() const {
    return {History(degree(diff), 0), History(ar.size(), mean), History(degree(ma), 0), 0};
  }
  double step(FilterState& s, double y) const {
    const std::size_t warmup = degree(diff);
    if (s.seen < warmup) { // no differenced value yet
      if (std::isnan(y))
        y = s.seen > 0 ? s.y.back(1) : 0;
      s.y.push(y);
      ++s.seen;
      return y;
    }
    double predicted = mean;
    for (std::size_t i = 0; i < ar.size(); ++i)
      predicted += ar[i] * (s.w.back(i + 1) - mean);
    for (const auto& t : ma)
      predicted += t.coef * s.e.back(t.lag);
    double base = 0;
    for (const auto& t : diff)
      base += t.coef * s.y.back(t.lag);
    double w = 0, e = 0;
    if (std::isnan(y)) {
      w = predicted;
      y = w - base;
    } else {
      w = y + base;
      e = w - predicted;
    }
    if (warmup > 0)
      s.y.push(y);
    if (!ar.empty())
      s.w.push(w);
    if (!ma.empty())
      s.e.push(e);
    ++s.seen;
    return y;
  }
};

/// Missing steps filled by a straight line between their neighbours (the last value
/// carried on at the end): what the regressions and least squares see.
std::vector<double> interpolated(std::span<const double> y) {
  std::vector<double> out(y.begin(), y.end());
  std::size_t last = out.size();
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (std::isnan(out[i]))
      continue;
    if (last != out.size() && i > last + 1)
      for (std::size_t j = last + 1; j < i; ++j)
        out[j] = out[last] + (out[i] - out[last]) * static_cast<double>(j - last) / static_cast<double>(i - last);
    last = i;
  }
  for (std::size_t j = last + 1; last != out.size() && j < out.size(); ++j)
    out[j] = out[last];
  return out;
}

/// δ(B) applied: the first degree(δ) steps have no value and are dropped.
std::vector<double> difference(std::span<const double> y, const Poly& diff) {
  const std::size_t k = degree(diff);
  std::vector<double> w;
  if (y.size() <= k)
    return w;
  w.reserve(y.size() - k);
  for (std::size_t t = k; t < y.size(); ++t) {
    double v = y[t];
    for (const auto& term : diff)
      v += term.coef * y[t - term.lag];
    w.push_back(v);
  }
  return w;
}

double mean_of(std::span<const double> x) {
  double s = 0;
  for (double v : x)
    s += v;
  return x.empty() ? 0 : s / static_cast<double>(x.size());
}

/// Σ e² of the conditional (zero pre-sample errors) recursion over the centred differenced
/// series, from step p on; steps whose value was missing add nothing.
struct SumOfSquares {
  double css = 0;
  std::size_t n = 0;
};
SumOfSquares conditional_css(std::span<const double> w, std::span<const char> observed, std::span<const double> ar,
                             const Poly& ma, std::vector<double>& e) {
  SumOfSquares out;
  const std::size_t n = w.size(), p = ar.size();
  e.assign(n, 0);
  for (std::size_t t = 0; t < n; ++t) {
    double predicted = 0;
    for (std::size_t i = 0; i < p && i < t; ++i)
      predicted += ar[i] * w[t - 1 - i];
    for (const auto& term : ma)
      if (term.lag <= t)
        predicted += term.coef * e[t - term.lag];
    if (!observed[t])
      continue;
    const double err = w[t] - predicted;
    e[t] = err;
    if (t >= p) {
      out.css += err * err;
      ++out.n;
    }
  }
  return out;
}

/// Solves the symmetric system G β = b (Gaussian elimination with partial pivoting);
/// false when singular.
bool solve(std::vector<std::vector<double>> g, std::vector<double> b, std::vector<double>& beta) {
  const std::size_t n = b.size();
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r)
      if (std::abs(g[r][col]) > std::abs(g[pivot][col]))
        pivot = r;
    if (!(std::abs(g[pivot][col]) > 1e-12))
      return false;
    std::swap(g[col], g[pivot]);
    std::swap(b[col], b[pivot]);
    for (std::size_t r = col + 1; r < n; ++r) {
      const double f = g[r][col] / g[col][col];
      for (std::size_t k = col; k < n; ++k)
        g[r][k] -= f * g[col][k];
      b[r] -= f * b[col];
    }
  }
  beta.assign(n, 0);
  for (std::size_t r = n; r-- > 0;) {
    double v = b[r];
    for (std::size_t k = r + 1; k < n; ++k)
      v -= g[r][k] * beta[k];
    beta[r] = v / g[r][r];
  }
  return true;
}

/// Coefficients of the long autoregression (Yule–Walker by Levinson's recursion) whose
/// residuals stand in for the unseen errors in the Hannan–Rissanen regressions.
std::vector<double> long_autoregression(std::span<const double> x, std::size_t k) {
  const std::size_t n = x.size();
  std::vector<double> gamma(k + 1, 0);
  for (std::size_t lag = 0; lag <= k; ++lag)
    for (std::size_t t = lag; t < n; ++t)
      gamma[lag] += x[t] * x[t - lag];
  if (!(gamma[0] > 0))
    return std::vector<double>(k, 0);
  std::vector<double> a(k, 0), prev;
  double v = gamma[0];
  for (std::size_t m = 0; m < k; ++m) {
    double acc = gamma[m + 1];
    for (std::size_t j = 0; j < m; ++j)
      acc -= a[j] * gamma[m - j];
    const double r = acc / v;
    prev.assign(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(m));
    a[m] = r;
    for (std::size_t j = 0; j < m; ++j)
      a[j] = prev[j] - r * prev[m - 1 - j];
    v *= 1 - r * r;
    if (!(v > 0))
      break;
  }
  return a;
}

/// A chosen (p, q, Q) with the regression's estimates as the optimiser's start.
struct Candidate {
  std::size_t p = 0, q = 0, Q = 0;
  Coefficients start;
};

/// Hannan–Rissanen: regress the (centred) differenced series on its own lags and on lags
/// of the long autoregression's residuals; the lowest AIC over p, q ≤ 2 and Q ≤ `max_Q`.
Candidate choose_orders(std::span<const double> w, std::size_t period, std::size_t max_Q) {
  Candidate best;
  const std::size_t n = w.size();
  std::size_t k = std::max<std::size_t>(10, max_Q ? period + 2 : 0);
  if (k > n / 3) {
    max_Q = 0;
    k = std::min<std::size_t>(10, n / 3);
  }
  if (k < 2)
    return best;
  std::vector<double> a = long_autoregression(w, k);
  std::vector<double> resid(n, 0);
  for (std::size_t t = k; t < n; ++t) {
    double v = w[t];
    for (std::size_t j = 0; j < k; ++j)
      v -= a[j] * w[t - 1 - j];
    resid[t] = v;
  }
  const std::size_t max_lag = std::max<std::size_t>(2, max_Q ? period : 0);
  const std::size_t t0 = k + max_lag;
  if (n < t0 + 20)
    return best;
  // Regressors: w lags 1, 2; residual lags 1, 2 and m.
  const std::size_t columns = max_Q ? 5 : 4;
  auto regressor = [&](std::size_t c, std::size_t t) {
    switch (c) {
    case 0: return w[t - 1];
    case 1: return w[t - 2];
    case 2: return resid[t - 1];
    case 3: return resid[t - 2];
    default: return resid[t - period];
    }
  };
  std::vector<std::vector<double>> gram(columns, std::vector<double>(columns, 0));
  std::vector<double> xy(columns, 0);
  double yy = 0;
  for (std::size_t t = t0; t < n; ++t) {
    std::array<double, 5> x{};
    for (std::size_t c = 0; c < columns; ++c)
      x[c] = regressor(c, t);
    for (std::size_t i = 0; i < columns; ++i) {
      xy[i] += x[i] * w[t];
      for (std::size_t j = 0; j <= i; ++j)
        gram[i][j] += x[i] * x[j];
    }
    yy += w[t] * w[t];
  }
  for (std::size_t i = 0; i < columns; ++i)
    for (std::size_t j = 0; j < i; ++j)
      gram[j][i] = gram[i][j];
  const double count = static_cast<double>(n - t0);
  double best_aic = k_inf;
  for (std::size_t Q = 0; Q <= max_Q; ++Q)
    for (std::size_t p = 0; p <= 2; ++p)
      for (std::size_t q = 0; q <= 2; ++q) {
        std::vector<std::size_t> use;
        for (std::size_t i = 0; i < p; ++i)
          use.push_back(i);
        for (std::size_t j = 0; j < q; ++j)
          use.push_back(2 + j);
        if (Q)
          use.push_back(4);
        std::vector<double> beta;
        double rss = yy;
        if (!use.empty()) {
          std::vector<std::vector<double>> g(use.size(), std::vector<double>(use.size()));
          std::vector<double> b(use.size());
          for (std::size_t i = 0; i < use.size(); ++i) {
            b[i] = xy[use[i]];
            for (std::size_t j = 0; j < use.size(); ++j)
              g[i][j] = gram[use[i]][use[j]];
          }
          if (!solve(g, b, beta))
            continue;
          for (std::size_t i = 0; i < use.size(); ++i)
            rss -= b[i] * beta[i];
        }
        if (!(rss > 0))
          rss = 1e-300;
        const double aic = count * std::log(rss / count) + 2 * static_cast<double>(use.size());
        if (aic >= best_aic)
          continue;
        best_aic = aic;
        best = {p, q, Q, {}};
        best.start.ar.assign(beta.begin(), beta.begin() + static_cast<std::ptrdiff_t>(p));
        best.start.ma.assign(beta.begin() + static_cast<std::ptrdiff_t>(p),
                             beta.begin() + static_cast<std::ptrdiff_t>(p + q));
        best.start.seasonal_ma = Q ? beta.back() : 0;
      }
  return best;
}

/// A fitted ARIMA as a Model: the filter moves on in O(1); the forecast path and the ψ
/// weights are computed when first asked and kept until the next step.
class Arima final : public Model {
public:
  Arima(ArimaOrder order, Filter filter, double sigma2, double scale)
      : m_order(order), m_filter(std::move(filter)), m_state(m_filter.start()), m_sigma2(sigma2), m_scale(scale) {}
  void update(double y) override {
    m_filter.step(m_state, y / m_scale);
    m_path.clear();
  }
  Interval forecast(std::size_t h, double confidence) const override {
    if (m_path.size() < h) {
      const std::size_t want = std::max(h, 2 * m_path.size());
      FilterState s = m_state;
      m_path.clear();
      for (std::size_t i = 0; i < want; ++i)
        m_path.push_back(m_filter.step(s, k_nan));
    }
    extend_weights(h);
    const double mean = m_path[h - 1] * m_scale;
    const double sd = std::sqrt(m_sigma2 * m_cumulative[h - 1]) * m_scale;
    const double z = z_of(confidence);
    if (!std::isfinite(sd))
      return {mean, k_nan, k_nan};
    return {mean, mean - z * sd, mean + z * sd};
  }
  ModelKind kind() const override { return ModelKind::arima; }
  std::string code() const override { return m_order.text(); }
  std::unique_ptr<Model> clone() const override { return std::make_unique<Arima>(*this); }
  void forget() const override {
    for (auto* kept : {&m_path, &m_psi, &m_cumulative})
      std::vector<double>().swap(*kept);
  }
  const ArimaOrder& order() const { return m_order; }

private:
  /// Σ ψ_j², j < h, of y's MA(∞) form ψ(B) = θ*(B) / (φ(B) δ(B)).
  void extend_weights(std::size_t h) const {
    if (m_cumulative.size() >= h)
      return;
    Poly ar;
    for (std::size_t i = 0; i < m_filter.ar.size(); ++i)
      ar.push_back({i + 1, -m_filter.ar[i]});
    const Poly full = multiply(ar, m_filter.diff);
    const std::size_t want = std::max(h, 2 * m_cumulative.size());
    std::vector<double> ma(want, 0);
    for (const auto& t : m_filter.ma)
      if (t.lag < want)
        ma[t.lag] = t.coef;
    m_psi.assign(want, 0);
    m_cumulative.assign(want, 0);
    double sum = 0;
    for (std::size_t j = 0; j < want; ++j) {
      double psi = j == 0 ? 1 : ma[j];
      for (const auto& t : full)
        if (t.lag <= j)
          psi -= t.coef * m_psi[j - t.lag];
      m_psi[j] = psi;
      sum += psi * psi;
      m_cumulative[j] = sum;
    }
  }

  ArimaOrder m_order;
  Filter m_filter;
  FilterState m_state;
  double m_sigma2, m_scale;
  mutable std::vector<double> m_path, m_psi, m_cumulative;
};

} // namespace

std::string ArimaOrder::text() const {
  auto n = [](std::size_t v) { return std::to_string(v); };
  std::string out = "(" + n(p) + "," + n(d) + "," + n(q) + ")";
  if (period >= 2 && (D || Q))
    out += "(0," + n(D) + "," + n(Q) + ")[" + n(period) + "]";
  if (constant)
    out += d + D == 0 ? " with mean" : " with drift";
  return out;
}

double kpss_statistic(std::span<const double> y) {
  std::vector<double> x;
  for (double v : y)
    if (!std::isnan(v))
      x.push_back(v);
  const std::size_t n = x.size();
  if (n < 3)
    return 0;
  const double mean = mean_of(x);
  for (double& v : x)
    v -= mean;
  double partial = 0, numerator = 0, s2 = 0;
  for (double v : x) {
    partial += v;
    numerator += partial * partial;
    s2 += v * v;
  }
  const auto lags = static_cast<std::size_t>(3 * std::sqrt(static_cast<double>(n)) / 13);
  for (std::size_t l = 1; l <= lags && l < n; ++l) {
    double c = 0;
    for (std::size_t t = l; t < n; ++t)
      c += x[t] * x[t - l];
    s2 += 2 * (1 - static_cast<double>(l) / static_cast<double>(lags + 1)) * c;
  }
  const double nn = static_cast<double>(n);
  s2 /= nn;
  if (!(s2 > 1e-300 * nn))
    return 0; // constant: nothing to reject
  return numerator / (nn * nn * s2);
}

namespace {

/// The part both entry points share: scaling, the chosen or given (p, q, Q) fitted by
/// least squares, the filter replayed over the series.
std::unique_ptr<Model> fit(ArimaOrder order, std::span<const double> raw, bool choose) {
  while (!raw.empty() && std::isnan(raw.front()))
    raw = raw.subspan(1);
  const std::size_t fit_steps = std::max(k_fit_steps, 4 * order.period + 100);
  if (raw.size() > fit_steps)
    raw = raw.subspan(raw.size() - fit_steps);
  std::size_t observed = 0;
  double scale = 0;
  for (double v : raw)
    if (std::isfinite(v)) {
      ++observed;
      scale = std::max(scale, std::abs(v));
    }
  if (observed < k_min_observed)
    return nullptr;
  if (!(scale > 0) || !std::isfinite(scale))
    scale = 1;
  std::vector<double> y = interpolated(raw);
  for (double& v : y)
    v /= scale;

  if (order.period < 2)
    order.D = order.Q = 0;
  if (choose) {
    order.D = order.period >= 2 && observed >= 3 * order.period + 30 ? 1 : 0;
    std::vector<double> x = order.D ? difference(y, {{order.period, -1.0}}) : y;
    order.d = 0;
    while (order.d < 2 && x.size() > 10 && kpss_statistic(x) > k_kpss_critical) {
      x = difference(x, {{1, -1.0}});
      ++order.d;
    }
    order.constant = order.d + order.D <= 1;
  }
  const Poly diff = differencing(order);
  const std::size_t lost = degree(diff);
  std::vector<double> w = difference(y, diff);
  if (w.size() < k_min_observed)
    return nullptr;
  // A difference is observed when every value it was taken from was.
  std::vector<char> seen(w.size());
  for (std::size_t t = 0; t < w.size(); ++t) {
    seen[t] = std::isnan(raw[t + lost]) ? 0 : 1;
    for (const auto& term : diff)
      if (std::isnan(raw[t + lost - term.lag]))
        seen[t] = 0;
  }
  Coefficients c;
  c.mean = order.constant ? mean_of(w) : 0;
  std::vector<double> centred = w;
  for (double& v : centred)
    v -= c.mean;
  if (choose) {
    Candidate best = choose_orders(centred, order.period, order.D && order.period >= 2 ? 1 : 0);
    order.p = best.p;
    order.q = best.q;
    order.Q = best.Q;
    c.ar = best.start.ar;
    c.ma = best.start.ma;
    c.seasonal_ma = best.start.seasonal_ma;
  } else {
    c.ar.assign(order.p, 0);
    c.ma.assign(order.q, 0);
  }
  const std::size_t p = order.p, q = order.q, Q = order.Q;
  const std::size_t dims = p + q + Q;
  // The optimiser moves unconstrained values: partial autocorrelations through tanh keep
  // the AR part stationary and the MA part invertible.
  auto coefficients = [&](const std::vector<double>& u) {
    Coefficients out;
    out.mean = c.mean;
    std::vector<double> r(p), s(q);
    for (std::size_t i = 0; i < p; ++i)
      r[i] = std::tanh(u[i]);
    for (std::size_t j = 0; j < q; ++j)
      s[j] = std::tanh(u[p + j]);
    out.ar = from_partial(r);
    out.ma = from_partial(s);
    for (double& v : out.ma)
      v = -v; // 1 − Σ b B^j stationary ⇔ 1 + Σ θ B^j invertible with θ = −b
    out.seasonal_ma = Q ? std::tanh(u[p + q]) : 0;
    return out;
  };
  std::vector<double> u;
  for (double r : to_partial(c.ar))
    u.push_back(std::atanh(r));
  std::vector<double> negated = c.ma;
  for (double& v : negated)
    v = -v;
  for (double r : to_partial(negated))
    u.push_back(std::atanh(r));
  if (Q)
    u.push_back(std::atanh(std::clamp(c.seasonal_ma, -0.9, 0.9)));
  std::vector<double> errors;
  auto objective = [&](const std::vector<double>& v) {
    const Coefficients k = coefficients(v);
    const SumOfSquares s = conditional_css(centred, seen, k.ar, moving_average(k, order), errors);
    if (s.n == 0 || !(s.css > 0) || !std::isfinite(s.css))
      return k_inf;
    const double n = static_cast<double>(s.n);
    return n * std::log(s.css / n);
  };
  Coefficients fitted = c;
  if (dims > 0) {
    stats::Minimum best = stats::minimize(objective, u, std::vector<double>(dims, 0.3), 0.05, 30 + 30 * dims);
    if (!std::isfinite(best.value))
      return nullptr;
    fitted = coefficients(best.x);
  }
  const Poly ma = moving_average(fitted, order);
  const SumOfSquares s = conditional_css(centred, seen, fitted.ar, ma, errors);
  const double parameters = static_cast<double>(dims + (order.constant ? 1 : 0));
  const double dof = std::max(static_cast<double>(s.n) - parameters, static_cast<double>(s.n) / 2);
  if (s.n == 0 || !std::isfinite(s.css))
    return nullptr;
  Filter filter{diff, fitted.ar, ma, fitted.mean};
  auto model = std::make_unique<Arima>(order, std::move(filter), s.css / dof, scale);
  for (double v : raw)
    model->update(v);
  return model;
}

} // namespace

std::unique_ptr<Model> fit_arima(const ArimaOrder& order, std::span<const double> y) { return fit(order, y, false); }

std::unique_ptr<Model> auto_arima(std::span<const double> y, std::size_t period) {
  ArimaOrder order;
  order.period = period;
  return fit(order, y, true);
}

ArimaOrder arima_order(const Model& model) {
  const auto* arima = dynamic_cast<const Arima*>(&model);
  return arima ? arima->order() : ArimaOrder{};
}

} // namespace pm::predict
