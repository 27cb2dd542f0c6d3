// Sliding windows: samples of a time window with their sum, extremes and order statistics.
#include "libpm/stats/window.hpp"

#include "libpm/stats/rank.hpp"

#include <algorithm>

namespace pm::stats {

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
  if (k >= m_size)
    return 0;
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
  return 0; // not reached: the block sizes add up to m_size
}

void OrderedValues::clear() {
  m_blocks.clear();
  m_size = 0;
}

void SlidingWindow::index(const WindowSample& sample) {
  switch (m_order_kind) {
  case WindowOrder::min:
    while (!m_extremes.empty() && m_extremes.back().value >= sample.value)
      m_extremes.pop_back();
    m_extremes.push_back(sample);
    break;
  case WindowOrder::max:
    while (!m_extremes.empty() && m_extremes.back().value <= sample.value)
      m_extremes.pop_back();
    m_extremes.push_back(sample);
    break;
  case WindowOrder::quantiles: m_order.insert(sample.value); break;
  case WindowOrder::none: break;
  }
}

void SlidingWindow::unindex(const WindowSample& sample) {
  switch (m_order_kind) {
  case WindowOrder::min:
  case WindowOrder::max:
    if (!m_extremes.empty() && m_extremes.front().seq == sample.seq)
      m_extremes.pop_front();
    break;
  case WindowOrder::quantiles: m_order.erase(sample.value); break;
  case WindowOrder::none: break;
  }
}

void SlidingWindow::push(std::int64_t ts, double value, bool flagged) {
  WindowSample sample{ts, value, m_seq++, flagged};
  m_samples.push_back(sample);
  m_sum += value;
  m_flagged += flagged ? 1 : 0;
  index(sample);
}

void SlidingWindow::evict(std::int64_t cutoff) {
  while (!m_samples.empty() && m_samples.front().ts <= cutoff) {
    const WindowSample& sample = m_samples.front();
    m_sum -= sample.value;
    m_flagged -= sample.flagged ? 1 : 0;
    unindex(sample);
    m_samples.pop_front();
  }
  if (m_samples.empty())
    m_sum = 0; // no drift carried into the next burst
}

std::optional<double> SlidingWindow::mean() const {
  if (m_samples.empty())
    return std::nullopt;
  return m_sum / static_cast<double>(m_samples.size());
}

std::optional<double> SlidingWindow::extreme() const {
  if (m_extremes.empty())
    return std::nullopt;
  return m_extremes.front().value;
}

std::optional<double> SlidingWindow::quantile(double q) const {
  if (m_order_kind != WindowOrder::quantiles || m_order.size() == 0)
    return std::nullopt;
  return m_order.nth(nearest_rank(q, m_order.size()) - 1);
}

void SlidingWindow::restore(std::deque<WindowSample> samples, double sum, std::uint64_t next_seq) {
  m_samples.clear();
  m_extremes.clear();
  m_order.clear();
  m_flagged = 0;
  for (const auto& sample : samples) {
    m_samples.push_back(sample);
    m_flagged += sample.flagged ? 1 : 0;
    index(sample);
  }
  m_sum = sum;
  m_seq = next_seq;
}

} // namespace pm::stats
