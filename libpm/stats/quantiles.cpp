// Exact percentiles within a memory budget, falling back to a relative-error sketch.
#include "libpm/stats/quantiles.hpp"
#include "libpm/stats/rank.hpp"

#include <algorithm>
#include <cmath>

namespace pm::stats {

namespace {
constexpr std::size_t k_first_capacity = 16;
}

Quantiles::Quantiles(Quantiles&& other) noexcept
    : m_budget(other.m_budget), m_alpha(other.m_alpha), m_values(std::move(other.m_values)),
      m_reserved(other.m_reserved), m_sorted(other.m_sorted), m_placed(std::move(other.m_placed)), m_sketch(std::move(other.m_sketch)) {
  other.m_values = {};
  other.m_reserved = 0;
}

Quantiles& Quantiles::operator=(Quantiles&& other) noexcept {
  if (this != &other) {
    release();
    m_budget = other.m_budget;
    m_alpha = other.m_alpha;
    m_values = std::move(other.m_values);
    other.m_values = {};
    m_reserved = other.m_reserved;
    other.m_reserved = 0;
    m_sorted = other.m_sorted;
    m_placed = std::move(other.m_placed);
    m_sketch = std::move(other.m_sketch);
  }
  return *this;
}

Quantiles::~Quantiles() { release(); }

void Quantiles::release() {
  if (m_budget)
    m_budget->give(m_reserved);
  m_reserved = 0;
  m_values = {};
}

void Quantiles::add_slow(double value) {
  if (!m_sketch) {
    std::size_t capacity = m_values.capacity();
    std::size_t wanted = std::max(k_first_capacity, capacity * 2);
    if (!m_budget || m_budget->take(wanted - capacity)) {
      if (m_budget)
        m_reserved += wanted - capacity;
      m_values.reserve(wanted);
      m_values.push_back(value);
      m_sorted = false;
      m_placed.clear();
      return;
    }
    to_sketch();
  }
  m_sketch->add(value);
}

void Quantiles::to_sketch() {
  m_sketch = std::make_unique<Sketch>(m_alpha);
  for (double v : m_values)
    m_sketch->add(v);
  release();
}

void Quantiles::merge(const Quantiles& other) {
  if (other.m_sketch) {
    if (!m_sketch)
      to_sketch();
    m_sketch->merge(*other.m_sketch);
    return;
  }
  for (double v : other.m_values)
    add(v);
}

double Quantiles::quantile(double q) const {
  if (m_sketch)
    return m_sketch->quantile(q);
  if (m_values.empty())
    return 0;
  auto n = m_values.size();
  auto index = static_cast<std::size_t>(nearest_rank(q, n) - 1);
  if (m_sorted)
    return m_values[index];
  // Partition only between the nearest indices already in place: everything before a placed
  // index is <= it and everything after is >= it, so nth_element there is enough.
  auto above = std::lower_bound(m_placed.begin(), m_placed.end(), index);
  if (above != m_placed.end() && *above == index)
    return m_values[index];
  std::size_t begin = above == m_placed.begin() ? 0 : *(above - 1) + 1;
  std::size_t end = above == m_placed.end() ? n : *above;
  auto first = m_values.begin();
  std::nth_element(first + static_cast<std::ptrdiff_t>(begin), first + static_cast<std::ptrdiff_t>(index),
                   first + static_cast<std::ptrdiff_t>(end));
  m_placed.insert(above, index);
  return m_values[index];
}

} // namespace pm::stats
