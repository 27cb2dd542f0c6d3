// Learned baselines: per series and hour of week, mergeable robust statistics, saved as versioned JSON.
//
// What is learned. For each series (name plus sorted tags, the text of Record::series_key)
// and each of the 168 hour-of-week cells (ISO day of week Mon..Sun × hour 00..23, in UTC,
// whatever the machine's time zone: "Tue 14h" is 14:00-14:59 UTC on a Tuesday), every value
// goes into a *binned moment summary*: the value's log bucket (the DDSketch bucket of
// stats/sketch.hpp: relative width k_baseline_alpha = 1 %, values nearer zero than 1e-9
// count as zero) keeps the count, mean and sum of squared deviations of exactly the values
// that fell in it. Nothing else is stored, so two summaries merge exactly: counts add and
// each bin's moments combine by Chan's parallel formula. A cell holds at most
// k_baseline_max_bins bins; past that the lowest bins are folded into the lowest one kept,
// which gives the same bins whether the values came in one run or in several merged ones.
//
// Outliers. The statistics of a cell are derived from its bins when asked for: the median
// m and the scale s = 1.4826·MAD (median absolute deviation, both by nearest rank over bin
// representatives; when the MAD is 0, s = 1.2533·mean absolute deviation from m) give a
// first fence m ± 5·s (k_baseline_outlier_scales); the fence is then widened to m ± 5·s₁
// when the standard deviation s₁ of the representatives inside it is larger (the MAD of a
// few dozen values is a noisy scale, and a low one would cut ordinary values), and is
// never narrower than ±3 bins (6 %·|m|). Every bin whose representative lies outside is
// dropped. The mean, standard deviation (n − 1), count and the percentiles p05/p50/p95
// (nearest rank, each bin read as its exact mean, so within 2 % of the exact percentile) are
// those of the bins kept. A cell with fewer than k_baseline_min_points_to_trim values, or
// whose scale is 0, is not trimmed.
// A rollup (the 7 cells of one hour of day, the 24 of one day of week, all 168) merges the
// bins each cell kept and trims the union once more. Because the fence is a function of
// the bin keys and counts only, learning A then B, merging the files of A and B, and
// learning A ∪ B at once give the same counts and kept bins, and the same mean and
// standard deviation but for floating-point rounding.
//
// The file (version 1), one JSON object, laid out one series and one cell per line:
//
//   {"version":1,"kind":"pm-baseline","alpha":0.01,"max_bins":512,
//    "learned":{"from":"2026-11-01T00:00:00.000Z","to":"2026-11-22T23:55:00.000Z","points":6048},
//    "series":[
//    {"name":"api.latency","tags":{"endpoint":"/a"},"unit":"seconds","points":6048,"cells":[
//     {"cell":"Mon 00h","count":36,"kept":35,"mean":0.12,"stddev":0.01,"p05":0.1,"p50":0.12,"p95":0.14,
//      "bins":[[key,count,mean,m2],...]},
//     ...]},
//    ...]}
//
// `version` must be 1 and `kind` "pm-baseline"; `alpha` and `max_bins` must be the values
// this pm uses (they fix what a bin is). `learned` spans the record times of every sample
// learned, `points` counts them (outliers included). Per series: `name`, `tags` (string to
// string, may be absent), `unit` (may be absent), `points`, and the cells that saw values,
// in hour-of-week order. Per cell, `cell` names it ("Mon".."Sun", space, two-digit UTC hour,
// "h"); `bins` is the data: each bin is [key, count, mean, m2] with key the integer bucket
// (0 for zero; 1 + ceil(log_γ(x/1e-9)) for x > 0, its negation for x < 0, γ = 1.01/0.99),
// count ≥ 1 the values in it, mean their mean and m2 the sum of their squared deviations
// from it. `count`, `kept`, `mean`, `stddev`, `p05`, `p50`, `p95` restate the cell's derived
// statistics for people and jq; they are rewritten on every save and ignored when read.
// Numbers are written in the shortest form that reads back exactly, so load ∘ save is the
// identity.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pm::predict {

inline constexpr int k_baseline_version = 1;
inline constexpr std::string_view k_baseline_kind = "pm-baseline";
/// Relative width of a bin: the resolution of the outlier fence and of the percentiles.
inline constexpr double k_baseline_alpha = 0.01;
/// Bins per cell at most: 512 bins of 1 % span a ratio of e^20 ≈ 3·10^4 between the smallest
/// and largest magnitude kept apart, and bound a series to 168 × 512 × 32 bytes (2.75 MB)
/// even on hostile input; real cells hold tens.
inline constexpr std::size_t k_baseline_max_bins = 512;
/// Values beyond median ± this many robust scales are outliers.
inline constexpr double k_baseline_outlier_scales = 5;
/// A summary of fewer values is not trimmed: its median and MAD say too little.
inline constexpr std::uint64_t k_baseline_min_points_to_trim = 5;
inline constexpr int k_cells_per_week = 168;

/// Hour-of-week cell of `ts` in UTC: (ISO day of week − 1) × 24 + hour, so 0 is Mon 00h.
int hour_of_week(time::TimePoint ts);
/// "Tue 14h" for a cell index 0..167.
std::string cell_name(int hour_of_week);
/// The cell index of "Tue 14h", or nullopt when the text is not such a name.
std::optional<int> parse_cell_name(std::string_view text);

/// Robust statistics derived from binned moments (see the file comment for how).
struct CellStats {
  std::uint64_t count = 0; ///< values seen, outliers included
  std::uint64_t kept = 0;  ///< values left once outliers are dropped
  double mean = 0;
  double stddev = 0; ///< n − 1 in the denominator; 0 for fewer than two values kept
  double p05 = 0, p50 = 0, p95 = 0;
};

/// Binned moments of the values of one cell (see the file comment). Mergeable exactly.
class BinnedMoments {
public:
  struct Bin {
    std::int32_t key = 0;
    std::uint64_t count = 0;
    double mean = 0;
    double m2 = 0;
    bool operator==(const Bin&) const = default;
  };

  /// Adds a finite value (non-finite values are the caller's to refuse).
  void add(double value);
  void merge(const BinnedMoments& other);
  /// Adds a bin read from a file; bins must come in increasing key order (else Error).
  void add_bin(const Bin& bin);
  std::uint64_t count() const { return m_count; }
  bool empty() const { return m_count == 0; }
  const std::vector<Bin>& bins() const { return m_bins; }
  /// The statistics with outliers removed.
  CellStats stats() const;
  /// The statistics of every value, nothing removed.
  CellStats describe() const;
  /// Only the bins within the outlier fence.
  BinnedMoments trimmed() const;
  /// The outlier fence [low, high] (infinite when the cell is not trimmed).
  std::pair<double, double> fence() const;
  bool operator==(const BinnedMoments&) const = default;

  static std::int32_t key_of(double value);
  /// The value a key stands for (within alpha of every value in its bin).
  static double representative(std::int32_t key);

private:
  void insert(const Bin& bin);
  void fold();

  std::vector<Bin> m_bins; ///< increasing key
  std::uint64_t m_count = 0;
};

/// Which summary a check used: the finest with enough points.
enum class CellLevel { hour_of_week, hour_of_day, day_of_week, overall };
std::string_view to_string(CellLevel level);

struct BaselineSettings {
  double warning_z = 3;  ///< |z| above this: warning (and the low/high band)
  double critical_z = 4; ///< |z| above this: critical
  /// Values kept a summary needs before a check uses it; finer cells fall back to coarser.
  std::uint64_t min_points = 10;
};

/// A value judged against its series' baseline.
struct Deviation {
  double value = 0;
  double expected = 0; ///< the cell's mean
  double stddev = 0;   ///< the cell's standard deviation, floored (see check)
  double low = 0, high = 0; ///< expected ∓ warning_z · stddev
  double p05 = 0, p50 = 0, p95 = 0;
  double z = 0;             ///< (value − expected) / stddev
  std::uint64_t points = 0; ///< values the cell kept
  CellLevel level = CellLevel::overall;
  std::string cell; ///< "Tue 14h", "14h" (hour of day), "Tue" (day of week) or "all"
  bool outside = false; ///< |z| > warning_z
  std::optional<record::Severity> severity; ///< warning or critical when outside
};

/// What a baseline knows of one series.
struct SeriesBaseline {
  std::string name;
  record::Tags tags;
  std::string unit;
  std::uint64_t points = 0;
  std::array<BinnedMoments, k_cells_per_week> cells;

  std::string key() const;
  /// Statistics of one cell, of an hour of day (0..23: its 7 cells merged), of a day of week
  /// (0 = Mon .. 6: its 24 cells merged), or of the whole week.
  CellStats cell_stats(int hour_of_week) const;
  CellStats hour_of_day_stats(int hour) const;
  CellStats day_of_week_stats(int day) const;
  CellStats overall_stats() const;
};

/// Missing file on load: an error, or an empty baseline (a first nightly run).
enum class IfMissing { error, empty };

/// Per-series baselines: learn samples, merge, check values, save and load the file.
class Baseline {
public:
  /// Learns one record. Only samples with a finite value and a time are learned; returns
  /// false (and learns nothing) for any other record.
  bool add(const record::Record& record);
  /// Adds everything `other` learned (series matched by key; a series' unit is kept from
  /// this baseline unless it had none).
  void merge(const Baseline& other);

  /// Judges `value` at `ts` against the baseline of `series_key` (Record::series_key text).
  /// The derived statistics of a series are computed on its first check and kept until it
  /// learns again, so checks are cheap; for the same reason check is not safe to call from
  /// several threads on one Baseline at once.
  /// Uses the hour-of-week cell when it kept at least settings.min_points values, else the
  /// hour of day's rollup, else the day of week's, else the whole week's; nullopt when the
  /// series is unknown or even the whole week kept fewer. The standard deviation is floored
  /// at alpha·|mean| (the bins' resolution), and at 1e-9, so a constant series still gives
  /// a finite z.
  std::optional<Deviation> check(std::string_view series_key, time::TimePoint ts, double value,
                                 const BaselineSettings& settings = {}) const;
  std::optional<Deviation> check(const record::Record& sample, const BaselineSettings& settings = {}) const;

  const SeriesBaseline* find(std::string_view series_key) const;
  const std::vector<SeriesBaseline>& series() const { return m_series; }
  bool empty() const { return m_series.empty(); }
  /// Record times spanned and samples learned, over every series.
  time::TimePoint learned_from() const { return m_from; }
  time::TimePoint learned_to() const { return m_to; }
  std::uint64_t points() const { return m_points; }

  /// The file's text (version 1, see the file comment), ending in a newline.
  std::string to_json() const;
  /// Reads a file's text; throws Error starting with `origin` (the file name), with the line
  /// and column of a JSON syntax error, or naming the series and cell that are wrong.
  static Baseline parse(std::string_view text, const std::string& origin);
  /// Reads `path`; throws Error naming it when it cannot be read or is not a baseline.
  static Baseline load(const std::string& path, IfMissing if_missing = IfMissing::error);
  /// Writes `path` atomically (temporary file beside it, then rename; an existing file's
  /// mode is kept, a new one is 0600: metrics can be sensitive).
  void save(const std::string& path) const;

private:
  struct Derived;
  SeriesBaseline& series_for(const record::Record& record);
  SeriesBaseline& series_for_key(const std::string& key, const SeriesBaseline& like);
  void invalidate(std::size_t position);

  std::vector<SeriesBaseline> m_series;
  std::unordered_map<std::string, std::size_t> m_index;  ///< series key -> m_series position
  std::vector<std::uint32_t> m_by_id; ///< Record::series_id -> m_series position + 1
  time::TimePoint m_from = time::TimePoint::max();
  time::TimePoint m_to = time::TimePoint::min();
  std::uint64_t m_points = 0;
  /// Statistics derived for check, by m_series position; null until first needed. Shared
  /// and immutable once built, so copies of a Baseline may share them.
  mutable std::vector<std::shared_ptr<const Derived>> m_derived;
};

} // namespace pm::predict
