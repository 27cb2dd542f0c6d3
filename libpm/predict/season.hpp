// Finding the season of a regular series: which calendar period (hour, day, week, year)
// repeats in the data, and how many steps it spans.
#pragma once

#include "libpm/time/time.hpp"

#include <cstddef>
#include <span>
#include <string>

namespace pm::predict {

struct SeasonGuess {
  std::size_t period = 0; ///< steps per season; 0 when none was found
  time::Duration length{}; ///< the calendar period it stands for
  double strength = 0;     ///< chance-corrected seasonal strength of the best candidate, 0..1
};

/// Tries each calendar period (1h, 1d, 7d, 365.25d) that is a whole number of `step`s
/// (within 2 %) of at least 2 steps and of which `y` holds at least three seasons. For each,
/// a classical decomposition (a centred moving average of one season as the trend) splits
/// the detrended series into a per-phase profile and a remainder; its strength is
/// 1 − Var(remainder)/Var(detrended), corrected for what a profile averaged over k seasons
/// shows in pure noise (1/k). The strongest candidate above 0.3 that the autocorrelation of
/// the detrended series at one season (above 0.25) confirms is the season; a longer one
/// replaces a shorter one only when it leaves at most 0.9 of the variance the shorter left
/// (a day holds every hourly pattern). NaN values are skipped.
SeasonGuess detect_season(std::span<const double> y, time::Duration step);

/// Steps per `length` when it is a whole number of steps (within 2 %) of at least 2; else 0.
std::size_t steps_per(time::Duration length, time::Duration step);

} // namespace pm::predict
