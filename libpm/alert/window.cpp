// Sliding windows: the aggregates of rules evaluated `over D`.
#include "libpm/alert/window.hpp"

#include "libpm/util/rank.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cmath>

namespace pm::alert {

std::vector<std::vector<double>>::iterator OrderedValues::block_for(double value) {
  return std::partition_point(m_blocks.begin(), m_blocks.end(),
                              [value](const std::vector<double>& block) { return block.back() < value; });
}

void OrderedValues::insert(double value) {
  auto block = block_for(value);
  if (block == m_blocks.end()) {
    if (m_blocks.empty())
      m_blocks.emplace_back();
    block = m_blocks.end() - 1; // above every value: appended to the last block
  }
  block->insert(std::upper_bound(block->begin(), block->end(), value), value);
  ++m_size;
  if (block->size() > k_block_max) {
    std::vector<double> upper(block->begin() + static_cast<std::ptrdiff_t>(k_block_max / 2), block->end());
    block->resize(k_block_max / 2);
    m_blocks.insert(block + 1, std::move(upper));
  }
}

void OrderedValues::erase(double value) {
  auto block = block_for(value);
  if (block == m_blocks.end())
    return;
  auto it = std::lower_bound(block->begin(), block->end(), value);
  if (it == block->end() || *it != value)
    return;
  block->erase(it);
  --m_size;
  if (block->empty())
    m_blocks.erase(block);
}

double OrderedValues::nth(std::size_t k) const {
  if (k < m_size / 2) {
    for (const auto& block : m_blocks) {
      if (k < block.size())
        return block[k];
      k -= block.size();
    }
  } else {
    std::size_t from_end = m_size - 1 - k;
    for (auto block = m_blocks.rbegin(); block != m_blocks.rend(); ++block) {
      if (from_end < block->size())
        return (*block)[block->size() - 1 - from_end];
      from_end -= block->size();
    }
  }
  return 0; // k out of range: not reached by Window
}

void OrderedValues::clear() {
  m_blocks.clear();
  m_size = 0;
}

void Window::index(const WindowSample& sample) {
  switch (m_aggregate) {
  case Aggregate::min:
    while (!m_extremes.empty() && m_extremes.back().value >= sample.value)
      m_extremes.pop_back();
    m_extremes.push_back(sample);
    break;
  case Aggregate::max:
    while (!m_extremes.empty() && m_extremes.back().value <= sample.value)
      m_extremes.pop_back();
    m_extremes.push_back(sample);
    break;
  case Aggregate::p50:
  case Aggregate::p90:
  case Aggregate::p95:
  case Aggregate::p99: m_order.insert(sample.value); break;
  default: break;
  }
}

void Window::unindex(const WindowSample& sample) {
  switch (m_aggregate) {
  case Aggregate::min:
  case Aggregate::max:
    if (!m_extremes.empty() && m_extremes.front().seq == sample.seq)
      m_extremes.pop_front();
    break;
  case Aggregate::p50:
  case Aggregate::p90:
  case Aggregate::p95:
  case Aggregate::p99: m_order.erase(sample.value); break;
  default: break;
  }
}

void Window::push(std::int64_t ts, double value, bool error) {
  WindowSample sample{ts, value, m_seq++, error};
  m_samples.push_back(sample);
  m_sum += value;
  m_errors += error ? 1 : 0;
  index(sample);
}

void Window::evict(std::int64_t cutoff) {
  while (!m_samples.empty() && m_samples.front().ts <= cutoff) {
    const WindowSample& sample = m_samples.front();
    m_sum -= sample.value;
    m_errors -= sample.error ? 1 : 0;
    unindex(sample);
    m_samples.pop_front();
  }
  if (m_samples.empty())
    m_sum = 0; // no drift carried into the next burst
}

std::optional<double> Window::value(std::int64_t window_ms) const {
  std::size_t n = m_samples.size();
  switch (m_aggregate) {
  case Aggregate::count: return static_cast<double>(n);
  case Aggregate::sum: return m_sum;
  case Aggregate::rate: return static_cast<double>(n) / (static_cast<double>(window_ms) / 1000.0);
  default: break;
  }
  if (n == 0)
    return std::nullopt;
  switch (m_aggregate) {
  case Aggregate::avg: return m_sum / static_cast<double>(n);
  case Aggregate::min:
  case Aggregate::max: return m_extremes.front().value;
  case Aggregate::error_rate: return static_cast<double>(m_errors) / static_cast<double>(n);
  case Aggregate::p50:
  case Aggregate::p90:
  case Aggregate::p95:
  case Aggregate::p99: {
    // Nearest rank, as pm-report computes them: always one of the values in the window.
    return m_order.nth(util::nearest_rank(quantile_of(m_aggregate), n) - 1);
  }
  default: return std::nullopt;
  }
}

void Window::restore(std::deque<WindowSample> samples, double sum, std::uint64_t next_seq) {
  m_samples.clear();
  m_extremes.clear();
  m_order.clear();
  m_errors = 0;
  for (const auto& sample : samples) {
    m_samples.push_back(sample);
    m_errors += sample.error ? 1 : 0;
    index(sample);
  }
  m_sum = sum;
  m_seq = next_seq;
}

bool is_error_record(const record::Record& record) {
  for (const auto& [key, value] : record.tags) {
    if (key == "status") {
      auto code = util::parse_integer(value);
      if (code && *code >= 500)
        return true;
    } else if (key == "error") {
      if (value == "true" || value == "1")
        return true;
    } else if (key == "success") {
      if (value == "false" || value == "0")
        return true;
    }
  }
  return false;
}

} // namespace pm::alert
