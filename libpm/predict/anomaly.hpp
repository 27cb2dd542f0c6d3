// Streaming anomaly detection: every method scores a point from earlier points only, in O(1)
// amortised time and bounded memory per series, so a stream scored live gives the scores a
// batch run over the same points gives.
#pragma once

#include "libpm/time/time.hpp"
#include "libpm/util/error.hpp"

#include <cstddef>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace pm::predict {

/// zscore: rolling mean and deviation (the original module's method); robust: rolling median
/// and MAD; ewma: exponentially weighted mean and deviation; seasonal: residuals of a
/// seasonal model; context: how novel the recent values' context is; automatic ("auto"):
/// all of them combined into a tail probability of the recent score distribution.
enum class AnomalyMethod { zscore, robust, ewma, seasonal, context, automatic };

/// "zscore", "robust", "ewma", "seasonal", "context", "auto".
Expected<AnomalyMethod> parse_anomaly_method(std::string_view text);
std::string_view to_string(AnomalyMethod method);
std::string anomaly_method_names();

struct AnomalySettings {
  AnomalyMethod method = AnomalyMethod::automatic;
  double warning_z = 3;   ///< |z| above this: warning (--threshold-z, PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD)
  double critical_z = 4;  ///< |z| above this: critical (moves with warning_z: warning_z + 1)
  std::size_t window = 100;              ///< points of the rolling windows
  time::Duration season{};               ///< seasonal method's period; zero: one day
  bool use_season = true;                ///< auto: with the seasonal method (--season 0: without)
};

/// One point's verdict.
struct AnomalyScore {
  double value = 0;
  double expected_low = 0, expected_high = 0; ///< the range the method expected (at warning_z)
  double z = 0;          ///< signed deviation in standard deviations (auto: the equivalent normal z of its tail)
  double score = 0;      ///< 0..1, graded: a higher score is more anomalous, never saturated
  bool warming_up = true; ///< too few earlier points to judge: score 0, never anomalous
  bool anomalous = false;
  std::string_view severity; ///< "warning" or "critical" when anomalous, else empty
  std::string_view method;   ///< which method judged (auto: the one that contributed most)
};

class AnomalyDetector {
public:
  explicit AnomalyDetector(const AnomalySettings& settings);
  ~AnomalyDetector();
  AnomalyDetector(AnomalyDetector&&) noexcept;
  AnomalyDetector& operator=(AnomalyDetector&&) noexcept;

  /// Scores `value` at `ts` against the points before it, then learns it. Points should come
  /// in time order; a non-finite value is skipped (scored 0, not learned).
  AnomalyScore update(time::TimePoint ts, double value);

  /// The whole state as JSON, and a detector restored from it (pm-alert's --state): a
  /// restored detector goes on exactly as the saved one would have.
  nlohmann::json save() const;
  static Expected<AnomalyDetector> load(const AnomalySettings& settings, const nlohmann::json& state);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// The score for a two-sided normal tail probability: 1 − tail, kept distinct beyond double
/// precision (below 1e-6 the tail is mapped logarithmically into the last millionth).
double score_of_tail(double tail);
/// The score of a deviation of |z| standard deviations under a normal model.
double score_of_z(double z);

} // namespace pm::predict
