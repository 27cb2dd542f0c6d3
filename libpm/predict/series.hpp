// One series as pm-predict sees it: points put on a regular grid of steps, a bounded window
// of them, and the model fitted to that window, moved on step by step.
#pragma once

#include "libpm/predict/models.hpp"
#include "libpm/predict/season.hpp"
#include "libpm/stats/regression.hpp"
#include "libpm/time/time.hpp"

#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pm::predict {

struct SeriesSettings {
  ModelKind model = ModelKind::automatic;
  std::optional<time::Duration> step;   ///< --step; else inferred
  std::optional<time::Duration> season; ///< --season; zero means none; else detected
  std::size_t max_steps = 40'000;       ///< steps kept for fitting (the most recent)
  bool online = false;                  ///< --follow: refit on a schedule as steps arrive
  bool robust = false;                  ///< trends by Theil–Sen
};

/// The steps a series' points are inferred to come at: the median spacing of the first
/// `k_step_sample` distinct times, or the mean of the spacings within 10 % of it when that
/// is within 5 % of the median (gaps of missing points left out) (calendar months are 28 to 31 days apart; a jittered 10 s stream 9.9 to 10.1 s).
/// A step within 2 % of 1, 2, 3, 4, 6 or 12 calendar months is the Gregorian mean month
/// (30.436875 days) times that, so that decades of monthly points never drift off the grid.
time::Duration infer_step(std::span<const time::TimePoint> times);
/// Whether infer_step gave whole calendar months.
bool is_calendar_step(time::Duration step);
inline constexpr std::size_t k_step_sample = 64;

/// A linear trend over the window, judged by significance rather than sign.
struct TrendFit {
  stats::LineFit line;  ///< x in hours from the last step, y in the series' unit
  double slope_se = 0;  ///< the slope's standard error widened for autocorrelated residuals
  std::string direction = "stable"; ///< increasing, decreasing or stable
};

class Series {
public:
  explicit Series(const SeriesSettings& settings) : m_settings(settings) {}

  /// Adds a point. Points should come in time order: one within the open step joins it (the
  /// step's value is the mean of its points), one before it is counted in late() and left
  /// out. A step with no point is missing (NaN): models move over it without learning.
  /// Returns true when steps closed and, online, a fitted model moved on.
  bool add(time::TimePoint ts, double value);
  /// The end of the input: closes the open step and fits the model on the window.
  void finish();

  bool fitted() const { return m_model != nullptr; }
  const Model& model() const { return *m_model; }
  /// Time of the last closed step, and of the last point.
  time::TimePoint last_step_time() const;
  time::TimePoint last_time() const { return m_last_ts; }
  double last_value() const { return m_last_value; }
  /// The lowest value of any point added.
  double lowest() const { return m_lowest; }
  time::Duration step() const { return m_step; }
  std::size_t points() const { return m_points; }
  std::size_t late() const { return m_late; }
  std::size_t steps_dropped() const { return m_dropped; }
  const SeasonGuess& season() const { return m_season; }
  /// What the fit had to settle for ("fewer than two seasons: holt instead of holt-winters").
  const std::string& note() const { return m_note; }
  /// The window of steps (NaN for missing ones), oldest first.
  std::span<const double> window() const;
  /// The trend over the window as of the last fit (least squares, or Theil–Sen with
  /// `robust`): kept with the model, so that an online forecast costs no refit of it.
  const TrendFit& trend() const { return m_trend; }

private:
  void start_grid();
  void place(time::TimePoint ts, double value);
  void close_open_step();
  void push_step(double value);
  void refine_grid(long long index, double t);
  time::TimePoint time_of(long long index) const;
  void fit();
  TrendFit fit_trend() const;

  const SeriesSettings& m_settings;
  std::vector<std::pair<time::TimePoint, double>> m_pending; ///< points before the step is known
  bool m_grid = false;
  time::Duration m_step{};
  time::TimePoint m_origin{};     ///< time of the first point
  /// Step k is at m_origin + m_offset_ms + k·m_step_ms. An inferred step (not one of whole
  /// months) is refined as points come: the least-squares line of their times on their steps,
  /// within 2 % of the first guess, from the co-moments below.
  double m_step_ms = 0, m_offset_ms = 0, m_inferred_ms = 0;
  bool m_refine = false;
  double m_fit_n = 0, m_fit_k = 0, m_fit_t = 0, m_fit_kk = 0, m_fit_kt = 0;
  long long m_open_index = -1;    ///< the step still gathering points
  double m_open_sum = 0;
  std::size_t m_open_count = 0;
  long long m_next_index = 0;     ///< the step the next closed value belongs to: steps closed so far
  std::vector<double> m_steps;    ///< window values, m_window_begin.. live
  std::size_t m_window_begin = 0;
  std::size_t m_dropped = 0;      ///< steps that fell out of the window
  std::unique_ptr<Model> m_model;
  std::size_t m_steps_at_fit = 0;
  SeasonGuess m_season;
  TrendFit m_trend;
  std::string m_note;
  std::size_t m_points = 0;
  std::size_t m_late = 0;
  time::TimePoint m_last_ts{};
  double m_last_value = 0;
  double m_lowest = std::numeric_limits<double>::infinity();
};

} // namespace pm::predict
