// DDSketch: log-spaced buckets in two dense stores, folding the buckets nearest zero when full.
#include "libpm/stats/sketch.hpp"
#include "libpm/stats/rank.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pm::stats {

Sketch::Sketch(double alpha) : m_alpha(std::clamp(alpha, 1e-6, 0.5)) {
  m_gamma = (1 + m_alpha) / (1 - m_alpha);
  m_log_gamma = std::log(m_gamma);
}

int Sketch::key_of(double magnitude) const {
  return static_cast<int>(std::ceil(std::log(magnitude) / m_log_gamma));
}

double Sketch::value_of(int key) const {
  return 2 * std::pow(m_gamma, key) / (m_gamma + 1);
}

void Sketch::Store::add(int key, std::uint64_t count) {
  if (counts.empty()) {
    offset = key;
    counts.assign(1, 0);
  }
  if (key < offset) {
    // Grow downwards; beyond the limit, fold the lowest keys (nearest zero) into one.
    std::size_t grow = static_cast<std::size_t>(offset - key);
    if (counts.size() + grow > k_max_buckets) {
      std::size_t room = k_max_buckets > counts.size() ? k_max_buckets - counts.size() : 0;
      counts.insert(counts.begin(), room, 0);
      offset -= static_cast<int>(room);
      counts.front() += count;
      return;
    }
    counts.insert(counts.begin(), grow, 0);
    offset = key;
  } else if (static_cast<std::size_t>(key - offset) >= counts.size()) {
    std::size_t needed = static_cast<std::size_t>(key - offset) + 1;
    if (needed > k_max_buckets) {
      // Fold the lowest keys (nearest zero) into the new lowest bucket so that `key` fits.
      std::size_t shift = needed - k_max_buckets;
      std::size_t folded_end = std::min(shift + 1, counts.size());
      std::uint64_t folded = 0;
      for (std::size_t i = 0; i < folded_end; ++i)
        folded += counts[i];
      std::vector<std::uint64_t> next(k_max_buckets, 0);
      for (std::size_t i = folded_end; i < counts.size(); ++i)
        next[i - shift] = counts[i];
      next[0] += folded;
      counts.swap(next);
      offset += static_cast<int>(shift);
    } else {
      counts.resize(needed, 0);
    }
  }
  counts[static_cast<std::size_t>(key - offset)] += count;
}

void Sketch::add(double value, std::uint64_t count) {
  if (count == 0 || !std::isfinite(value))
    return;
  if (m_count == 0) {
    m_min = m_max = value;
  } else {
    m_min = std::min(m_min, value);
    m_max = std::max(m_max, value);
  }
  m_count += count;
  double magnitude = std::fabs(value);
  if (magnitude < k_min_magnitude)
    m_zero += count;
  else if (value > 0)
    m_positive.add(key_of(magnitude), count);
  else
    m_negative.add(key_of(magnitude), count);
}

void Sketch::merge(const Sketch& other) {
  if (other.m_alpha != m_alpha)
    throw std::invalid_argument("sketches with different relative accuracy cannot be merged");
  if (other.m_count == 0)
    return;
  for (std::size_t i = 0; i < other.m_positive.counts.size(); ++i)
    if (other.m_positive.counts[i] != 0)
      m_positive.add(other.m_positive.offset + static_cast<int>(i), other.m_positive.counts[i]);
  for (std::size_t i = 0; i < other.m_negative.counts.size(); ++i)
    if (other.m_negative.counts[i] != 0)
      m_negative.add(other.m_negative.offset + static_cast<int>(i), other.m_negative.counts[i]);
  m_zero += other.m_zero;
  if (m_count == 0) {
    m_min = other.m_min;
    m_max = other.m_max;
  } else {
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
  }
  m_count += other.m_count;
}

double Sketch::quantile(double q) const {
  if (m_count == 0)
    return 0;
  const std::uint64_t rank = nearest_rank(q, m_count);
  if (rank == 1)
    return m_min; // the extremes are known exactly
  if (rank == m_count)
    return m_max;
  std::uint64_t seen = 0;
  auto clamp = [&](double v) { return std::clamp(v, m_min, m_max); };
  // Most negative first: the negative store's highest keys.
  for (std::size_t i = m_negative.counts.size(); i-- > 0;) {
    seen += m_negative.counts[i];
    if (seen >= rank)
      return clamp(-value_of(m_negative.offset + static_cast<int>(i)));
  }
  seen += m_zero;
  if (seen >= rank)
    return clamp(0);
  for (std::size_t i = 0; i < m_positive.counts.size(); ++i) {
    seen += m_positive.counts[i];
    if (seen >= rank)
      return clamp(value_of(m_positive.offset + static_cast<int>(i)));
  }
  return m_max;
}

} // namespace pm::stats
