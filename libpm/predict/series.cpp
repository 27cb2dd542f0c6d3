// One series on a regular grid, its window and its model.
#include "libpm/predict/series.hpp"

#include "libpm/stats/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pm::predict {

namespace {
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
// Online, the first fit waits for this many steps, and a refit comes when the steps grew
// by a quarter since the last one (or by a quarter of the window once it is full): the
// fitting cost per step stays constant, and parameters follow the data.
constexpr std::size_t k_first_fit_steps = 8;
constexpr double k_month_ms = 365.2425 * 86'400'000.0 / 12; // the Gregorian mean month
} // namespace

time::Duration infer_step(std::span<const time::TimePoint> times) {
  std::vector<long long> gaps;
  for (std::size_t i = 1; i < times.size() && gaps.size() < k_step_sample; ++i)
    if (times[i] > times[i - 1])
      gaps.push_back((times[i] - times[i - 1]).count());
  if (gaps.empty())
    return time::Duration{0};
  std::vector<long long> sorted = gaps;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
  const double median = static_cast<double>(sorted[sorted.size() / 2]);
  // The mean of the spacings near the median (a gap of a missing point is not a step).
  double mean = 0, near = 0;
  for (long long g : gaps)
    if (std::abs(static_cast<double>(g) - median) <= 0.1 * median) {
      mean += static_cast<double>(g);
      near += 1;
    }
  mean /= near;
  const double step = std::abs(mean - median) <= 0.05 * median ? mean : median;
  // Calendar months (and quarters, years) are 28 to 31 days: the mean of a sample of them
  // misses the mean month by hours, and over decades the grid drifts from the calendar
  // until a month lands a step late and the season slips by one (El Niño's 708 months
  // slipped 22 days). Spacings that are whole months take the Gregorian mean month.
  for (double months : {1.0, 2.0, 3.0, 4.0, 6.0, 12.0})
    if (std::abs(step - months * k_month_ms) <= 0.02 * months * k_month_ms)
      return time::Duration{std::llround(months * k_month_ms)};
  return time::Duration{std::max<long long>(1, std::llround(step))};
}

bool is_calendar_step(time::Duration step) {
  for (double months : {1.0, 2.0, 3.0, 4.0, 6.0, 12.0})
    if (step.count() == std::llround(months * k_month_ms))
      return true;
  return false;
}

time::TimePoint Series::last_step_time() const { return time_of(m_next_index - 1); }

time::TimePoint Series::time_of(long long index) const {
  return m_origin + time::Duration{std::llround(m_offset_ms + m_step_ms * static_cast<double>(index))};
}

bool Series::add(time::TimePoint ts, double value) {
  ++m_points;
  m_lowest = std::min(m_lowest, value);
  if (m_points == 1 || ts >= m_last_ts) {
    m_last_ts = ts;
    m_last_value = value;
  }
  if (!m_grid) {
    m_pending.emplace_back(ts, value);
    if (m_settings.step || m_pending.size() > k_step_sample)
      start_grid();
    return false;
  }
  const long long before = m_next_index;
  place(ts, value);
  return m_next_index != before && m_model != nullptr;
}

void Series::start_grid() {
  std::vector<time::TimePoint> times;
  for (const auto& p : m_pending)
    times.push_back(p.first);
  m_step = m_settings.step ? *m_settings.step : infer_step(times);
  if (m_step.count() <= 0)
    m_step = time::Duration{1000}; // one time only: any step holds it
  m_origin = m_pending.front().first;
  m_step_ms = m_inferred_ms = static_cast<double>(m_step.count());
  m_refine = !m_settings.step && !is_calendar_step(m_step);
  m_grid = true;
  auto pending = std::move(m_pending);
  m_pending.clear();
  for (const auto& [ts, value] : pending)
    place(ts, value);
}

void Series::place(time::TimePoint ts, double value) {
  // The nearest step: a point a little early or late still lands where it belongs.
  const double t = static_cast<double>((ts - m_origin).count());
  const long long index = std::llround((t - m_offset_ms) / m_step_ms);
  if (index < m_open_index || index < m_next_index) {
    ++m_late;
    return;
  }
  if (m_refine)
    refine_grid(index, t);
  if (index != m_open_index) {
    close_open_step();
    m_open_index = index;
  }
  m_open_sum += value;
  ++m_open_count;
}

void Series::refine_grid(long long index, double t) {
  // The first spacings give the step to within their jitter over their count (±50 ms of
  // a 10 s scrape: 10s1ms), which over 40,000 steps adds up to minutes: points would
  // share steps and the season would be lost. The grid is the least-squares line of the
  // points' times on their steps instead, its co-moments kept as they come (O(1)).
  const double k = static_cast<double>(index);
  m_fit_n += 1;
  const double dk = k - m_fit_k;
  m_fit_k += dk / m_fit_n;
  m_fit_t += (t - m_fit_t) / m_fit_n;
  m_fit_kk += dk * (k - m_fit_k);
  m_fit_kt += dk * (t - m_fit_t);
  if (m_fit_kk <= 0)
    return;
  // Within 2 % of the first guess: a series that changes its rate keeps its step.
  m_step_ms = std::clamp(m_fit_kt / m_fit_kk, 0.98 * m_inferred_ms, 1.02 * m_inferred_ms);
  m_offset_ms = m_fit_t - m_step_ms * m_fit_k;
  m_step = time::Duration{std::max<long long>(1, std::llround(m_step_ms))};
}

void Series::close_open_step() {
  if (m_open_count == 0)
    return;
  while (m_next_index < m_open_index) // the steps without a point
    push_step(k_nan);
  push_step(m_open_sum / static_cast<double>(m_open_count));
  m_open_sum = 0;
  m_open_count = 0;
}

void Series::push_step(double value) {
  ++m_next_index;
  m_steps.push_back(value);
  const std::size_t live = m_steps.size() - m_window_begin;
  if (live > m_settings.max_steps) {
    ++m_window_begin;
    ++m_dropped;
    if (m_window_begin * 2 > m_steps.size()) { // compact: amortised O(1) per step
      m_steps.erase(m_steps.begin(), m_steps.begin() + static_cast<std::ptrdiff_t>(m_window_begin));
      m_window_begin = 0;
    }
  }
  if (m_model)
    m_model->update(value);
  if (!m_settings.online)
    return;
  const std::size_t due = m_model ? std::max(k_first_fit_steps, std::min(m_steps_at_fit, m_settings.max_steps) / 4)
                                  : k_first_fit_steps;
  const auto steps = static_cast<std::size_t>(m_next_index);
  if (steps - m_steps_at_fit >= due || (!m_model && steps >= k_first_fit_steps))
    fit();
}

std::span<const double> Series::window() const {
  return std::span<const double>(m_steps).subspan(m_window_begin);
}

void Series::fit() {
  auto y = window();
  if (m_settings.season) {
    m_season = {};
    if (m_settings.season->count() > 0) {
      m_season.length = *m_settings.season;
      m_season.period = steps_per(*m_settings.season, m_step);
    }
  } else {
    m_season = detect_season(y, m_step);
  }
  m_model = fit_model(m_settings.model, y, m_season.period, m_note);
  if (m_settings.season && m_settings.season->count() > 0 && m_season.period == 0)
    m_note = "--season " + time::format_duration(*m_settings.season) + " is not a whole number of steps of " +
             time::format_duration(m_step) + (m_note.empty() ? "" : "; " + m_note);
  m_trend = fit_trend();
  m_steps_at_fit = static_cast<std::size_t>(m_next_index);
}

void Series::finish() {
  if (!m_grid && !m_pending.empty())
    start_grid();
  close_open_step();
  m_open_index = m_next_index; // a point after the end would be late
  if (!m_steps.empty())
    fit();
}

TrendFit Series::fit_trend() const {
  TrendFit out;
  auto y = window();
  std::vector<double> x(y.size());
  const double hours = static_cast<double>(m_step.count()) / 3.6e6;
  for (std::size_t i = 0; i < y.size(); ++i)
    x[i] = -static_cast<double>(y.size() - 1 - i) * hours; // 0 at the last step
  out.line = m_settings.robust ? stats::theil_sen(x, y) : stats::least_squares(x, y);
  if (out.line.n < 3 || out.line.slope_se <= 0) {
    // No spread to judge by: only an exact line of three points or more has a direction.
    const bool exact = out.line.n >= 3 && out.line.residual_sd == 0 && out.line.slope != 0;
    out.direction = exact ? (out.line.slope > 0 ? "increasing" : "decreasing") : "stable";
    return out;
  }
  // Neighbouring residuals that agree carry less information than independent ones: the
  // standard error grows by sqrt((1+ρ)/(1−ρ)) for a lag-1 autocorrelation ρ (an AR(1)
  // correction), and the degrees of freedom shrink alike.
  const double rho = std::clamp(out.line.lag1_autocorrelation, 0.0, 0.99);
  const double inflation = std::sqrt((1 + rho) / (1 - rho));
  out.slope_se = out.line.slope_se * inflation;
  const double n_eff = std::max(3.0, static_cast<double>(out.line.n) / (inflation * inflation));
  const double critical = stats::t_quantile(0.975, n_eff - 2);
  const double t = out.line.slope / out.slope_se;
  out.direction = t > critical ? "increasing" : (t < -critical ? "decreasing" : "stable");
  return out;
}

} // namespace pm::predict
