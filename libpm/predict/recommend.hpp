// Recommendations in plain words, each with the evidence it rests on: a filesystem that
// fills, memory that grows like a leak, an error rate that rises, latency heading for its
// threshold, CPU predicted to stay high, a burst of anomalies.
#pragma once

#include "libpm/predict/series.hpp"
#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"

#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace pm::predict {

/// What pm-predict knows of one series when the input ends.
struct SeriesEvidence {
  const std::string* name = nullptr;
  const record::Tags* tags = nullptr;
  const std::string* unit = nullptr;
  const Series* series = nullptr;
  /// Times of the anomaly episodes detected (the most recent ones, at most 64).
  const std::deque<time::TimePoint>* anomalies = nullptr;
};

/// Requests per component in one-minute buckets (the last day of them), for the trend of
/// the error rate: a request fails as record::is_failed_request says.
class ErrorRates {
public:
  void add(const record::Record& request);
  struct Bucket {
    double requests = 0;
    double failed = 0;
  };
  /// component → minute (since the epoch) → counts.
  const std::map<std::string, std::map<long long, Bucket>>& components() const { return m_components; }

private:
  std::map<std::string, std::map<long long, Bucket>> m_components;
};

struct RecommendSettings {
  time::Duration horizon{std::chrono::hours(24)}; ///< how far forecasts may look for latency and CPU
  double confidence = 0.95;
};

/// The recommendations the evidence supports, most severe first. Each record carries the
/// series it concerns (name and tags), `severity`, `message`, `reason` (a short key such as
/// `filesystem_fills`) and the figures and times it rests on.
std::vector<record::Record> recommend(const std::vector<SeriesEvidence>& series, const ErrorRates& errors,
                                      const RecommendSettings& settings);

} // namespace pm::predict
