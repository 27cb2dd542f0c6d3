// The one percentile definition of pm: nearest rank.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace pm::stats {

/// The 1-based rank of the q-quantile of n values (n >= 1) by the nearest-rank definition:
/// ceil(q·n), at least 1, so a percentile is always one of the values seen (p50 of {1,2,3,4}
/// is 2). q·n is taken a hair lower first, so that a product like 0.07·100, which binary
/// floating point makes 7.000000000000001, gives rank 7 and not 8.
inline std::uint64_t nearest_rank(double q, std::uint64_t n) {
  const double exact = std::clamp(q, 0.0, 1.0) * static_cast<double>(n);
  const auto rank = static_cast<std::uint64_t>(std::ceil(exact * (1 - 1e-12)));
  return std::clamp<std::uint64_t>(rank, 1, n);
}

} // namespace pm::stats
