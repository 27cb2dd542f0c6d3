// A mergeable quantile sketch with a relative-error guarantee (DDSketch, Masson et al. 2019).
#pragma once

#include <cstdint>
#include <vector>

namespace pm::stats {

/// Log-bucketed quantile sketch. Each value x ≠ 0 falls in bucket ceil(log_γ |x|) with
/// γ = (1 + α) / (1 − α); a bucket is reported by the value 2γ^i / (γ + 1), which is within
/// a relative error α of every value in it. So a quantile read from the sketch is within
/// α·|x| of the exact value x of the same rank (nearest rank, see Quantiles). Values closer
/// to zero than k_min_magnitude count as zero. Each of the two stores (positive and negative
/// values) keeps at most k_max_buckets contiguous buckets; past that the buckets nearest zero
/// are folded together, which only affects quantiles among the smallest magnitudes — with
/// α = 1 % that is a dynamic range of 1e35 before anything is folded. Memory is therefore
/// at most 2 × k_max_buckets counters whatever the input. Two sketches with the same α merge
/// exactly (bucket counts add).
class Sketch {
public:
  static constexpr double k_default_alpha = 0.01;
  static constexpr double k_min_magnitude = 1e-9;
  static constexpr std::size_t k_max_buckets = 4096;

  /// `alpha` is the relative accuracy, 0 < alpha < 1 (values outside are clamped).
  explicit Sketch(double alpha = k_default_alpha);

  void add(double value, std::uint64_t count = 1);
  /// Adds `other`'s counts; both must have the same alpha (else std::invalid_argument).
  void merge(const Sketch& other);

  std::uint64_t count() const { return m_count; }
  double alpha() const { return m_alpha; }
  /// The value of nearest rank ceil(q·n) (q in [0, 1]), within alpha relative error, clamped
  /// to the exact min and max seen. 0 when empty.
  double quantile(double q) const;
  /// Number of counters held (for memory accounting).
  std::size_t bucket_count() const { return m_positive.counts.size() + m_negative.counts.size(); }

private:
  struct Store {
    int offset = 0; ///< key of counts[0]
    std::vector<std::uint64_t> counts;
    void add(int key, std::uint64_t count);
  };
  int key_of(double magnitude) const;
  double value_of(int key) const;

  double m_alpha;
  double m_gamma;
  double m_log_gamma;
  Store m_positive;
  Store m_negative;
  std::uint64_t m_zero = 0;
  std::uint64_t m_count = 0;
  double m_min = 0;
  double m_max = 0;
};

} // namespace pm::stats
