// The anomaly detectors: each a few running statistics, asked about a point before it is
// learned, so that a score depends on earlier points only.
#include "libpm/predict/anomaly.hpp"

#include "libpm/predict/series.hpp"
#include "libpm/stats/distribution.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

namespace pm::predict {

using nlohmann::json;

Expected<AnomalyMethod> parse_anomaly_method(std::string_view text) {
  static constexpr std::pair<std::string_view, AnomalyMethod> names[] = {
      {"zscore", AnomalyMethod::zscore},     {"robust", AnomalyMethod::robust},   {"ewma", AnomalyMethod::ewma},
      {"seasonal", AnomalyMethod::seasonal}, {"context", AnomalyMethod::context}, {"auto", AnomalyMethod::automatic}};
  for (const auto& [name, method] : names)
    if (text == name)
      return method;
  return unexpected("unknown anomaly method " + util::quote(text) + " (one of " + anomaly_method_names() + ")");
}

std::string_view to_string(AnomalyMethod method) {
  switch (method) {
  case AnomalyMethod::zscore: return "zscore";
  case AnomalyMethod::robust: return "robust";
  case AnomalyMethod::ewma: return "ewma";
  case AnomalyMethod::seasonal: return "seasonal";
  case AnomalyMethod::context: return "context";
  case AnomalyMethod::automatic: return "auto";
  }
  return "auto";
}

std::string anomaly_method_names() { return "zscore robust ewma seasonal context auto"; }

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double k_ln_floor_tail = -13.815510557964274; // ln(1e-6)
/// Points every method waits for before it judges.
constexpr std::size_t k_warmup = 30;

/// ln Q(z), the upper normal tail, accurate far beyond where Q(z) itself underflows.
double log_upper_tail(double z) {
  z = std::min(z, 1e150); // beyond, z² would overflow
  if (z < 8)
    return std::log(std::max(1e-300, 1 - stats::normal_cdf(z)));
  const double z2 = z * z;
  return -z2 / 2 - std::log(z) - 0.5 * std::log(2 * M_PI) + std::log1p(-1 / z2 + 3 / (z2 * z2));
}

double score_of_log_tail(double log_tail) {
  if (!(log_tail < 0))
    return 0;
  if (log_tail >= k_ln_floor_tail)
    return -std::expm1(log_tail);
  return 1 - 1e-6 / (1 + std::log1p(k_ln_floor_tail - log_tail));
}

/// ln of a z's two-sided tail probability.
double log_two_sided_tail(double z) { return std::min(0.0, log_upper_tail(std::abs(z)) + std::log(2.0)); }

/// A spread never below what rounding leaves of the level: a constant series that moves is
/// anomalous, one that stays put is not.
double floor_sd(double sd, double level) {
  const double floor = std::max(1e-9 * std::abs(level), 1e-300);
  return std::isfinite(sd) && sd > floor ? sd : floor;
}

/// What one method makes of a point before learning it.
struct Verdict {
  bool ready = false;
  double z = 0;    ///< signed, in spreads
  double mean = 0; ///< the value expected
  double sd = 0;   ///< its spread
};

Verdict verdict(bool ready, double x, double mean, double sd) {
  Verdict v;
  v.ready = ready;
  v.mean = mean;
  v.sd = floor_sd(sd, mean);
  v.z = std::clamp((x - mean) / v.sd, -1e300, 1e300);
  return v;
}

/// The last `capacity` values in arrival order.
class Ring {
public:
  explicit Ring(std::size_t capacity) : m_capacity(std::max<std::size_t>(1, capacity)) {}
  std::size_t size() const { return m_values.size(); }
  std::size_t capacity() const { return m_capacity; }
  /// Adds `v`; returns the value it pushed out (NaN while filling).
  double push(double v) {
    if (m_values.size() < m_capacity) {
      m_values.push_back(v);
      return k_nan;
    }
    const double old = m_values[m_head];
    m_values[m_head] = v;
    m_head = (m_head + 1) % m_capacity;
    return old;
  }
  const std::vector<double>& values() const { return m_values; }
  void save(json& j) const {
    j["values"] = m_values;
    j["head"] = m_head;
  }
  void load(const json& j) {
    m_values = j.at("values").get<std::vector<double>>();
    m_head = j.at("head").get<std::size_t>();
    if (m_values.size() > m_capacity || (m_head != 0 && m_head >= m_values.size()))
      throw std::out_of_range("window larger than the settings allow");
  }

private:
  std::size_t m_capacity;
  std::vector<double> m_values;
  std::size_t m_head = 0;
};

/// zscore: the mean and standard deviation of the last `window` points.
class RollingZ {
public:
  explicit RollingZ(std::size_t window) : m_ring(window) {}
  Verdict judge(double x) const {
    const std::size_t n = m_ring.size();
    if (n < 2)
      return {};
    const double d = m_sum / static_cast<double>(n);
    const double var = std::max(0.0, (m_sumsq - m_sum * d) / static_cast<double>(n - 1));
    return verdict(n >= k_warmup, x, m_shift + d, std::sqrt(var));
  }
  void learn(double x) {
    // Sums of differences from the first value keep a large level's digits; they are
    // summed afresh from the window once per window, so rounding cannot pile up.
    if (m_count == 0)
      m_shift = x;
    const double old = m_ring.push(x);
    ++m_count;
    if (m_count % m_ring.capacity() == 0) {
      recompute();
      return;
    }
    add(x - m_shift, 1);
    if (!std::isnan(old))
      add(old - m_shift, -1);
  }
  void save(json& j) const {
    m_ring.save(j["window"]);
    j["count"] = m_count;
    j["shift"] = m_shift;
  }
  void load(const json& j) {
    m_ring.load(j.at("window"));
    m_count = j.at("count").get<std::size_t>();
    m_shift = j.at("shift").get<double>();
    recompute();
  }

private:
  void add(double d, double sign) {
    m_sum += sign * d;
    m_sumsq += sign * d * d;
  }
  void recompute() {
    m_sum = m_sumsq = 0;
    for (double v : m_ring.values())
      add(v - m_shift, 1);
  }
  Ring m_ring;
  std::size_t m_count = 0;
  double m_shift = 0, m_sum = 0, m_sumsq = 0;
};

/// The k-th smallest (0-based) of the union of two ascending sequences given by accessors.
template <class A, class B>
double kth_of_two(A a, std::size_t na, B b, std::size_t nb, std::size_t k) {
  std::size_t ia = 0, ib = 0;
  while (true) {
    if (ia == na)
      return b(ib + k);
    if (ib == nb)
      return a(ia + k);
    if (k == 0)
      return std::min(a(ia), b(ib));
    const std::size_t half = (k + 1) / 2;
    const std::size_t sa = std::min(half, na - ia), sb = std::min(half, nb - ib);
    if (a(ia + sa - 1) <= b(ib + sb - 1)) {
      ia += sa;
      k -= sa;
    } else {
      ib += sb;
      k -= sb;
    }
  }
}

/// robust: the median and MAD of the last `window` points, kept sorted: O(log n) to judge
/// (the MAD is the median of two sorted runs of deviations), O(n) memmove to learn.
class RollingMedian {
public:
  explicit RollingMedian(std::size_t window) : m_ring(window) {}
  Verdict judge(double x) const {
    const std::size_t n = m_sorted.size();
    if (n < 2)
      return {};
    const double med = median();
    // Deviations below the median, nearest first, and above it: both ascending.
    const std::size_t lower = static_cast<std::size_t>(std::lower_bound(m_sorted.begin(), m_sorted.end(), med) - m_sorted.begin());
    auto below = [&](std::size_t i) { return med - m_sorted[lower - 1 - i]; };
    auto above = [&](std::size_t i) { return m_sorted[lower + i] - med; };
    auto dev = [&](std::size_t k) { return kth_of_two(below, lower, above, n - lower, k); };
    const double mad = n % 2 ? dev(n / 2) : (dev(n / 2 - 1) + dev(n / 2)) / 2;
    double sd = 1.4826 * mad;
    if (!(sd > 0)) { // more than half the window at one value (a counter at rest): the mean deviation
      double sum = 0;
      for (double v : m_sorted)
        sum += std::abs(v - med);
      sd = 1.2533 * sum / static_cast<double>(n);
    }
    return verdict(n >= k_warmup, x, med, sd);
  }
  void learn(double x) {
    const double old = m_ring.push(x);
    if (!std::isnan(old))
      m_sorted.erase(std::lower_bound(m_sorted.begin(), m_sorted.end(), old));
    m_sorted.insert(std::upper_bound(m_sorted.begin(), m_sorted.end(), x), x);
  }
  /// The rank of `x` among the window's values, 0..1 (ties count half), and whether it lies
  /// outside them (−1 below the least, +1 above the greatest, else 0).
  std::pair<double, int> rank(double x) const {
    if (m_sorted.empty())
      return {0.5, 0};
    if (x < m_sorted.front())
      return {0, -1};
    if (x > m_sorted.back())
      return {1, 1};
    const auto lo = std::lower_bound(m_sorted.begin(), m_sorted.end(), x);
    const auto hi = std::upper_bound(lo, m_sorted.end(), x);
    const double r = (static_cast<double>(lo - m_sorted.begin()) + 0.5 * static_cast<double>(hi - lo)) /
                     static_cast<double>(m_sorted.size());
    return {r, 0};
  }
  double least() const { return m_sorted.front(); }
  double greatest() const { return m_sorted.back(); }
  double range() const { return m_sorted.empty() ? 0 : m_sorted.back() - m_sorted.front(); }
  void save(json& j) const { m_ring.save(j["window"]); }
  void load(const json& j) {
    m_ring.load(j.at("window"));
    m_sorted = m_ring.values();
    std::sort(m_sorted.begin(), m_sorted.end());
  }

private:
  double median() const {
    const std::size_t n = m_sorted.size();
    return n % 2 ? m_sorted[n / 2] : (m_sorted[n / 2 - 1] + m_sorted[n / 2]) / 2;
  }
  Ring m_ring;
  std::vector<double> m_sorted;
};

/// ewma: an exponentially weighted mean and variance with the mean age of the window
/// (α = 2/(window + 1)), and the variance of successive differences, long and short (α = 0.2),
/// whose ratio shows a spread that collapses (a frozen sensor) or bursts.
class Ewma {
public:
  explicit Ewma(std::size_t window) : m_alpha(2.0 / (static_cast<double>(window) + 1)) {}
  Verdict judge(double x) const { return verdict(m_count >= k_warmup, x, m_mean, std::sqrt(m_var)); }
  /// ln(short variance / long variance) of the deviations so far (0 before any).
  double log_spread_ratio() const {
    if (m_count < k_warmup)
      return 0;
    const double floor = std::max(1e-12 * m_diff_var, 1e-300);
    return std::log(std::max(m_short_var, floor) / std::max(m_diff_var, floor));
  }
  /// Learns `x`; `level` false holds it back (a point of an incident).
  void learn(double x, bool level = true) {
    if (m_count++ == 0) {
      m_mean = m_last = x;
      return;
    }
    // A point held back teaches nothing, and neither does the step out of the hold (the jump
    // back from an incident is not the series' spread).
    if (!level || m_skip_step) {
      m_skip_step = !level;
      m_last = x;
      --m_count;
      return;
    }
    // During the warm-up the weights start as a plain mean's, so early points are not lost.
    const double a = std::max(m_alpha, 1.0 / static_cast<double>(m_count));
    const double d = x - m_mean;
    m_mean += a * d;
    m_var = (1 - a) * (m_var + a * d * d);
    // The spread of successive differences, short and long: a level that moves does not
    // change it, a sensor that freezes drops it to nothing.
    const double step = x - m_last;
    m_last = x;
    m_diff_var = m_count == 2 ? step * step : (1 - a) * m_diff_var + a * step * step;
    m_short_var = m_count == 2 ? step * step : 0.8 * m_short_var + 0.2 * step * step;
  }
  double var() const { return m_var; }
  void save(json& j) const {
    j = json{{"count", m_count}, {"mean", m_mean}, {"var", m_var}, {"last", m_last}, {"diff_var", m_diff_var},
             {"short_var", m_short_var}, {"skip_step", m_skip_step}};
  }
  void load(const json& j) {
    m_count = j.at("count").get<std::size_t>();
    m_mean = j.at("mean").get<double>();
    m_var = j.at("var").get<double>();
    m_last = j.at("last").get<double>();
    m_diff_var = j.at("diff_var").get<double>();
    m_short_var = j.at("short_var").get<double>();
    m_skip_step = j.at("skip_step").get<bool>();
  }

private:
  double m_alpha;
  std::size_t m_count = 0;
  double m_mean = 0, m_var = 0, m_last = 0, m_diff_var = 0, m_short_var = 0;
  bool m_skip_step = false;
};

/// seasonal: the additive Holt–Winters filter (ETS A,N,A of pm-predict's forecasts) on the
/// phase of the season, with fixed smoothing: a level that follows slowly, one seasonal
/// offset per phase bin (at most 288 bins: 5 minutes of a day), and the spread of the
/// one-step residuals. The bins come from the step, inferred from the first 64 points.
class SeasonalFilter {
public:
  SeasonalFilter(std::size_t window, time::Duration season)
      : m_alpha(1.0 / static_cast<double>(window)), m_var_alpha(2.0 / (static_cast<double>(window) + 1)),
        m_season(season.count() > 0 ? season : std::chrono::duration_cast<time::Duration>(std::chrono::hours(24))) {}

  Verdict judge(time::TimePoint ts, double x) const {
    if (m_bins == 0)
      return {};
    const std::size_t b = bin(ts);
    const Cell& c = m_cells[b];
    if (!c.seen)
      return {};
    const bool ready = m_residuals >= k_warmup && c.seasons >= 2;
    return verdict(ready, x, m_level + c.offset, std::sqrt(m_var));
  }

  void learn(time::TimePoint ts, double x) {
    if (m_bins == 0) {
      m_first.push_back(ts);
      if (m_first.size() < k_step_sample)
        return;
      start();
    }
    if (!m_started) {
      m_level = x;
      m_started = true;
    }
    const std::size_t b = bin(ts);
    Cell& c = m_cells[b];
    const long long season_index = (ts.time_since_epoch().count()) / m_season.count();
    if (!c.seen) {
      c.seen = true;
      c.offset = x - m_level;
      c.last_season = season_index;
      c.seasons = 1;
      return;
    }
    if (season_index != c.last_season) {
      c.last_season = season_index;
      ++c.seasons;
    }
    const double e = x - (m_level + c.offset);
    if (c.seasons >= 2) {
      m_var = m_residuals == 0 ? e * e : (1 - m_var_alpha) * (m_var + m_var_alpha * e * e);
      ++m_residuals;
    }
    m_level += m_alpha * e;
    c.offset += m_gamma * (1 - m_alpha) * e;
  }

  double var() const { return m_var; }

  void save(json& j) const {
    j["bins"] = m_bins;
    j["bin_width"] = m_bin_width.count();
    j["gamma"] = m_gamma;
    j["level"] = m_level;
    j["started"] = m_started;
    j["var"] = m_var;
    j["residuals"] = m_residuals;
    std::vector<long long> first;
    for (auto t : m_first)
      first.push_back(t.time_since_epoch().count());
    j["first"] = first;
    json cells = json::array();
    for (const Cell& c : m_cells)
      cells.push_back(json::array({c.seen, c.offset, c.last_season, c.seasons}));
    j["cells"] = cells;
  }
  void load(const json& j) {
    m_bins = j.at("bins").get<std::size_t>();
    m_bin_width = time::Duration{j.at("bin_width").get<long long>()};
    m_gamma = j.at("gamma").get<double>();
    m_level = j.at("level").get<double>();
    m_started = j.at("started").get<bool>();
    m_var = j.at("var").get<double>();
    m_residuals = j.at("residuals").get<std::size_t>();
    m_first.clear();
    for (long long t : j.at("first").get<std::vector<long long>>())
      m_first.push_back(time::TimePoint{time::Duration{t}});
    m_cells.clear();
    for (const auto& c : j.at("cells"))
      m_cells.push_back({c.at(0).get<bool>(), c.at(1).get<double>(), c.at(2).get<long long>(), c.at(3).get<std::size_t>()});
    if (m_cells.size() != m_bins || (m_bins > 0 && m_bin_width.count() <= 0))
      throw std::out_of_range("seasonal bins");
  }

private:
  struct Cell {
    bool seen = false;
    double offset = 0;
    long long last_season = 0;
    std::size_t seasons = 0;
  };
  static constexpr std::size_t k_max_bins = 288;

  void start() {
    const time::Duration step = infer_step(m_first);
    m_first.clear();
    m_first.shrink_to_fit();
    const long long per_season = step.count() > 0 ? m_season.count() / step.count() : 0;
    m_bins = static_cast<std::size_t>(std::clamp<long long>(per_season, 1, k_max_bins));
    m_bin_width = time::Duration{std::max<long long>(1, m_season.count() / static_cast<long long>(m_bins))};
    m_bins = static_cast<std::size_t>((m_season.count() + m_bin_width.count() - 1) / m_bin_width.count());
    // A bin gathers several points per season when the step is short: each moves its offset
    // less, so that a season moves it by about 0.2 of its error.
    const double per_bin = std::max(1.0, static_cast<double>(m_bin_width.count()) / static_cast<double>(std::max<long long>(1, step.count())));
    m_gamma = 0.2 / per_bin;
    m_cells.assign(m_bins, Cell{});
  }
  std::size_t bin(time::TimePoint ts) const {
    long long phase = ts.time_since_epoch().count() % m_season.count();
    if (phase < 0)
      phase += m_season.count();
    return std::min(m_bins - 1, static_cast<std::size_t>(phase / m_bin_width.count()));
  }

  double m_alpha, m_var_alpha;
  time::Duration m_season;
  std::vector<time::TimePoint> m_first;
  std::size_t m_bins = 0;
  time::Duration m_bin_width{};
  double m_gamma = 0.2;
  std::vector<Cell> m_cells;
  bool m_started = false;
  double m_level = 0;
  double m_var = 0;
  std::size_t m_residuals = 0;
};

/// context: each point becomes a symbol — its rank among the robust window's values in one
/// of four quarters, or below or above all of them, near or far (beyond half the window's
/// range) — and the detector counts which symbol followed each context seen: the last one,
/// two and three symbols, and the hour of the day. A point scores by the tail probability of
/// its symbol under what the contexts predict (blended by how often each context was seen). Counts halve every 4096 points, so the
/// detector keeps learning what is normal now.
class ContextDetector {
public:
  static constexpr int k_symbols = 8;
  ContextDetector() : m_counts(k_cells, 0.0f), m_totals(k_prefixes, 0.0f) {}

  static int symbol(const RollingMedian& window, double x) {
    const auto [r, outside] = window.rank(x);
    if (outside != 0) {
      // Beyond the window by more than half its range is "far": noise seldom goes there.
      const double reach = 0.5 * window.range();
      const bool far = outside < 0 ? x < window.least() - reach : x > window.greatest() + reach;
      return outside < 0 ? (far ? 0 : 1) : (far ? k_symbols - 1 : k_symbols - 2);
    }
    return 2 + std::min(3, static_cast<int>(r * 4));
  }

  /// ln of the tail probability of `s` at `ts`: the predicted probability of every symbol no
  /// more likely than it (a symbol the contexts make rare scores low, one of several equally
  /// likely ones does not). 0 while too few points were seen.
  double log_tail(time::TimePoint ts, int s) const {
    if (m_seen < k_warmup)
      return 0;
    std::array<double, k_symbols> p{};
    double weights = 0;
    for (const auto& [prefix, cell] : contexts(ts)) {
      const double total = m_totals[prefix];
      // A context seen often speaks with its counts (a symbol never seen after it gets a
      // hundredth of a count); one seen a few times hardly speaks at all.
      const double w = total / (total + 4 * k_symbols);
      const double scale = w / (total + 0.01 * k_symbols);
      for (std::size_t k = 0; k < k_symbols; ++k)
        p[k] += scale * (m_counts[cell + k] + 0.01);
      weights += w;
    }
    if (weights <= 0)
      return 0;
    const double mine = p[static_cast<std::size_t>(s)];
    double tail = 0;
    for (double q : p)
      tail += q <= mine ? q : 0;
    return std::min(0.0, std::log(tail / weights));
  }

  void learn(time::TimePoint ts, int s) {
    if (m_seen >= 1)
      for (const auto& [prefix, cell] : contexts(ts)) {
        m_totals[prefix] += 1;
        m_counts[cell + static_cast<std::size_t>(s)] += 1;
      }
    m_history = (m_history * k_symbols + static_cast<unsigned>(s)) % (k_symbols * k_symbols * k_symbols);
    ++m_seen;
    if (m_seen % 4096 == 0) {
      for (auto& c : m_counts)
        c /= 2;
      for (auto& t : m_totals)
        t /= 2;
    }
  }

  void save(json& j) const {
    j["seen"] = m_seen;
    j["history"] = m_history;
    j["counts"] = m_counts;
    j["totals"] = m_totals;
  }
  void load(const json& j) {
    m_seen = j.at("seen").get<std::size_t>();
    m_history = j.at("history").get<unsigned>();
    m_counts = counts(j.at("counts"), k_cells);
    m_totals = counts(j.at("totals"), k_prefixes);
  }

private:
  /// A saved table of `size` counts: each a number a float holds, not negative (a count
  /// past the float range would be saved as null and the state not read back).
  static std::vector<float> counts(const json& j, std::size_t size) {
    const auto values = j.get<std::vector<double>>();
    if (values.size() != size)
      throw std::out_of_range("context tables");
    std::vector<float> out;
    out.reserve(size);
    for (double v : values) {
      if (!(v >= 0 && v <= std::numeric_limits<float>::max()))
        throw std::out_of_range("context count");
      out.push_back(static_cast<float>(v));
    }
    return out;
  }

  // Prefixes: order 1 (8), order 2 (64), order 3 (512), hour of day (24). A cell holds the
  // counts of the symbols after one prefix.
  static constexpr std::size_t k_order_offsets[3] = {0, 8, 72};
  static constexpr std::size_t k_hour_offset = 584;
  static constexpr std::size_t k_prefixes = 608;
  static constexpr std::size_t k_cells = k_prefixes * k_symbols;

  /// (prefix index, first cell) of each context the current history and hour make.
  std::array<std::pair<std::size_t, std::size_t>, 4> contexts(time::TimePoint ts) const {
    std::array<std::pair<std::size_t, std::size_t>, 4> out{};
    unsigned mod = k_symbols;
    std::size_t n = 0;
    for (std::size_t order = 0; order < 3; ++order, mod *= k_symbols) {
      const std::size_t prefix = k_order_offsets[order] + m_history % mod;
      out[n++] = {prefix, prefix * k_symbols};
    }
    long long ms = ts.time_since_epoch().count() % 86'400'000;
    if (ms < 0)
      ms += 86'400'000;
    const std::size_t hour = k_hour_offset + static_cast<std::size_t>(ms / 3'600'000);
    out[n] = {hour, hour * k_symbols};
    return out;
  }

  std::vector<float> m_counts;
  std::vector<float> m_totals;
  unsigned m_history = 0; ///< the last three symbols, base k_symbols
  std::size_t m_seen = 0;
};

/// The anomaly likelihood: auto's raw score (nats of surprise) against its own recent
/// distribution, taken as exponential above a location (its mean less its spread): the
/// tail is exp(−(raw − location)/spread). Mean and spread are exponentially weighted and
/// learn a raw score only up to `cap`, so one burst teaches them little while many teach
/// them that bursts are normal; the spread never falls below 1.5 nats (the surprise of pure
/// noise spreads by about 1).
class Likelihood {
public:
  Likelihood(double alpha, double cap) : m_alpha(alpha), m_cap(cap) {}
  bool ready() const { return m_count >= k_warmup; }
  double log_tail(double raw) const {
    const double spread = std::max(1.5, std::sqrt(m_var));
    const double location = m_mean - spread;
    return raw > location ? -(raw - location) / spread : 0;
  }
  void learn(double raw) {
    raw = std::min(raw, m_cap);
    ++m_count;
    const double a = std::max(m_alpha, 1.0 / static_cast<double>(m_count));
    const double d = raw - m_mean;
    m_mean += a * d;
    m_var = (1 - a) * (m_var + a * d * d);
  }
  void save(json& j) const { j = json{{"count", m_count}, {"mean", m_mean}, {"var", m_var}}; }
  void load(const json& j) {
    m_count = j.at("count").get<std::size_t>();
    m_mean = j.at("mean").get<double>();
    m_var = j.at("var").get<double>();
  }

private:
  double m_alpha, m_cap;
  std::size_t m_count = 0;
  double m_mean = 0, m_var = 0;
};

/// The z whose one-sided normal tail has log `log_tail` (the inverse of log_upper_tail).
double z_of_log_tail(double log_tail) {
  if (log_tail > -30)
    return -stats::normal_quantile(std::min(std::exp(log_tail), 0.5)); // 0 for any tail of a half or more
  const double l = -log_tail; // l = z²/2 + ln z + ln √(2π), solved by three fixed-point steps
  double z = std::sqrt(2 * l);
  for (int i = 0; i < 3; ++i)
    z = std::sqrt(2 * (l - std::log(z) - 0.5 * std::log(2 * M_PI)));
  return z;
}

/// The spread test: the short variance of successive differences against the long one,
/// as a ratio of about 9 degrees of freedom (α = 0.2), made normal by Wilson–Hilferty.
double spread_z(double log_ratio) {
  constexpr double nu = 9;
  const double c = 2 / (9 * nu);
  return (std::cbrt(std::exp(log_ratio)) - (1 - c)) / std::sqrt(c);
}

} // namespace

double score_of_tail(double tail) { return score_of_log_tail(std::log(std::clamp(tail, 0.0, 1.0))); }
double score_of_z(double z) { return score_of_log_tail(log_two_sided_tail(z)); }

struct AnomalyDetector::Impl {
  explicit Impl(const AnomalySettings& s)
      : settings(s), rolling(s.window), median(s.window), ewma(s.window), seasonal(s.window, s.season),
        likelihood(0.002, 30) {}

  AnomalySettings settings;
  RollingZ rolling;
  RollingMedian median;
  Ewma ewma;
  SeasonalFilter seasonal;
  ContextDetector context;
  Likelihood likelihood;           ///< auto's raw score against its recent distribution
  std::size_t quiet = 0;           ///< points since the last one above the warning level
  std::size_t held = 0;            ///< points of the episode not learned
  bool in_episode = false;         ///< a detection was made and the anomaly goes on

  /// The rest after a detection: points that must stay below the warning level before a
  /// new detection counts as a new episode.
  std::size_t rest() const { return std::max<std::size_t>(k_warmup, settings.window * 3 / 10); }

  AnomalyScore update(time::TimePoint ts, double x) {
    AnomalyScore out;
    out.value = x;
    out.method = to_string(settings.method);
    if (!std::isfinite(x))
      return out;
    const bool need_all = settings.method == AnomalyMethod::automatic;
    const bool need_median = need_all || settings.method == AnomalyMethod::robust || settings.method == AnomalyMethod::context;
    Verdict v;
    double z = 0;   // the signed deviation reported
    double log_tail = 0;
    switch (settings.method) {
    case AnomalyMethod::zscore: v = rolling.judge(x); break;
    case AnomalyMethod::robust: v = median.judge(x); break;
    case AnomalyMethod::ewma: v = ewma.judge(x); break;
    case AnomalyMethod::seasonal: v = seasonal.judge(ts, x); break;
    case AnomalyMethod::context:
    case AnomalyMethod::automatic: break;
    }
    int symbol = 0;
    if (need_median)
      symbol = ContextDetector::symbol(median, x);
    if (settings.method == AnomalyMethod::context) {
      v = median.judge(x);
      log_tail = context.log_tail(ts, symbol);
      const double cz = z_of_log_tail(log_tail + std::log(0.5)); // two-sided, as the others'
      z = v.z >= 0 ? cz : -cz;
    } else if (need_all) {
      judge_combined(ts, x, symbol, v, z, log_tail, out.method);
    } else {
      z = v.z;
      log_tail = log_two_sided_tail(v.z);
    }
    out.warming_up = !v.ready;
    if (v.ready) {
      out.z = z;
      out.score = score_of_log_tail(log_tail);
      out.expected_low = v.mean - settings.warning_z * v.sd;
      out.expected_high = v.mean + settings.warning_z * v.sd;
      judge_episode(out);
    } else {
      out.expected_low = out.expected_high = v.mean;
    }
    // Inside an episode, a point still above the warning level is held back from the
    // windows, for at most rest() points: an incident does not teach them that it is normal
    // (its score stays high while it lasts), and a lasting shift is learned after that.
    const bool hold = in_episode && std::abs(out.z) > settings.warning_z && held < rest();
    held = hold ? held + 1 : in_episode ? held : 0;
    learn(ts, x, symbol, need_all, need_median, hold);
    return out;
  }

  /// auto: the location methods vote (the middle of their surprises, −ln of their two-sided
  /// tails, or the seasonal filter alone once it explains the series twice as well as a level
  /// does); the raw score is the larger of that vote (with the context, see below) and the
  /// spread test's surprise, and the raw score against its recent distribution is the
  /// likelihood.
  void judge_combined(time::TimePoint ts, double x, int symbol, Verdict& v, double& z, double& log_tail,
                      std::string_view& method) {
    const Verdict vz = rolling.judge(x), vr = median.judge(x), ve = ewma.judge(x), vs = seasonal.judge(ts, x);
    const bool seasonal_better = settings.use_season && vs.ready && seasonal.var() < 0.5 * ewma.var();
    // The middle vote: the surprise of the median |z| (surprise grows with |z|).
    std::array<const Verdict*, 3> votes = {&vz, &vr, &ve};
    std::sort(votes.begin(), votes.end(), [](const Verdict* a, const Verdict* b) { return std::abs(a->z) < std::abs(b->z); });
    const Verdict* chosen = votes[1];
    double location = -log_two_sided_tail(chosen->z);
    std::string_view chosen_method = chosen == &vz ? "zscore" : chosen == &vr ? "robust" : "ewma";
    if (seasonal_better) {
      location = -log_two_sided_tail(vs.z);
      chosen = &vs;
      chosen_method = "seasonal";
    }
    const double context_raw = -context.log_tail(ts, symbol);
    const double spread_raw = -log_two_sided_tail(spread_z(ewma.log_spread_ratio()));
    // To open an episode, location and context must agree (their geometric mean): a burst of
    // a counter whose bursts are common is far from the mean yet an old context; a value far
    // beyond anything seen is both. Once an episode is open, the location alone says whether
    // it goes on (the context soon learns an incident's values).
    double raw = in_episode ? location : std::sqrt(location * context_raw);
    if (spread_raw > raw) {
      raw = spread_raw;
      chosen_method = "spread";
    }
    v = *chosen;
    v.ready = vz.ready && likelihood.ready();
    if (chosen_method != "spread" && context_raw > location)
      chosen_method = "context";
    log_tail = likelihood.log_tail(raw);
    const double lz = z_of_log_tail(log_tail);
    z = chosen->z >= 0 ? lz : -lz;
    method = chosen_method;
    if (vz.ready && !in_episode) // an incident does not teach the likelihood that incidents are normal
      likelihood.learn(raw);
  }

  /// Severity by |z|, and one detection per episode: after one, a point above the warning
  /// level keeps the episode going, and only `rest()` quiet points end it.
  void judge_episode(AnomalyScore& out) {
    const double a = std::abs(out.z);
    const bool above = a > settings.warning_z;
    if (in_episode) {
      quiet = above ? 0 : quiet + 1;
      if (quiet >= rest())
        in_episode = false;
      return;
    }
    if (!above)
      return;
    out.anomalous = true;
    out.severity = a > settings.critical_z ? "critical" : "warning";
    in_episode = true;
    quiet = 0;
  }

  /// Learns the point. A point `hold`ed back (see update) is learned only by the context (it
  /// judges patterns, not levels).
  void learn(time::TimePoint ts, double x, int symbol, bool all, bool need_median, bool hold) {
    const AnomalyMethod m = settings.method;
    if (all || m == AnomalyMethod::context)
      context.learn(ts, symbol);
    if (all || m == AnomalyMethod::ewma)
      ewma.learn(x, !hold);
    if (hold)
      return;
    if (all || m == AnomalyMethod::zscore)
      rolling.learn(x);
    if (need_median)
      median.learn(x);
    if ((all && settings.use_season) || m == AnomalyMethod::seasonal)
      seasonal.learn(ts, x);
  }

  json save() const {
    json j;
    j["version"] = 1;
    j["method"] = to_string(settings.method);
    j["window"] = settings.window;
    j["quiet"] = quiet;
    j["held"] = held;
    j["in_episode"] = in_episode;
    rolling.save(j["zscore"]);
    median.save(j["robust"]);
    ewma.save(j["ewma"]);
    seasonal.save(j["seasonal"]);
    context.save(j["context"]);
    likelihood.save(j["likelihood"]);
    return j;
  }

  void load(const json& j) {
    if (j.at("version").get<int>() != 1)
      throw std::out_of_range("version");
    if (j.at("method").get<std::string>() != to_string(settings.method) || j.at("window").get<std::size_t>() != settings.window)
      throw std::out_of_range("saved with other settings");
    quiet = j.at("quiet").get<std::size_t>();
    held = j.at("held").get<std::size_t>();
    in_episode = j.at("in_episode").get<bool>();
    rolling.load(j.at("zscore"));
    median.load(j.at("robust"));
    ewma.load(j.at("ewma"));
    seasonal.load(j.at("seasonal"));
    context.load(j.at("context"));
    likelihood.load(j.at("likelihood"));
  }
};

AnomalyDetector::AnomalyDetector(const AnomalySettings& settings) : m_impl(std::make_unique<Impl>(settings)) {}
AnomalyDetector::~AnomalyDetector() = default;
AnomalyDetector::AnomalyDetector(AnomalyDetector&&) noexcept = default;
AnomalyDetector& AnomalyDetector::operator=(AnomalyDetector&&) noexcept = default;

AnomalyScore AnomalyDetector::update(time::TimePoint ts, double value) { return m_impl->update(ts, value); }

nlohmann::json AnomalyDetector::save() const { return m_impl->save(); }

Expected<AnomalyDetector> AnomalyDetector::load(const AnomalySettings& settings, const nlohmann::json& state) {
  AnomalyDetector detector(settings);
  try {
    detector.m_impl->load(state);
  } catch (const std::exception& e) {
    return unexpected(std::string("not a saved anomaly detector of these settings: ") + e.what());
  }
  return detector;
}

} // namespace pm::predict
