// The bound on the distinct series one run analyses.
#include "libpm/cli/series_limit.hpp"

#include <atomic>

namespace pm::cli {

std::uint32_t new_series_id() {
  static std::atomic<std::uint32_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

bool SeriesLimit::admit(record::Record& record) {
  std::size_t number = m_index.find(record);
  if (number == SIZE_MAX) {
    if (m_index.size() >= m_max) {
      ++m_left_out_records;
      count_left_out(record::series_hash(record));
      return false;
    }
    number = m_index.find_or_add(record).first;
    m_ids.push_back(record.series_id != 0 ? record.series_id : new_series_id());
  }
  if (record.series_id == 0)
    record.series_id = m_ids[number];
  return true;
}

void SeriesLimit::count_left_out(std::uint64_t hash) {
  if (m_saturated)
    return;
  if (hash == 0)
    hash = 1; // 0 marks an empty slot
  if (m_left_out.empty())
    m_left_out.assign(1024, 0);
  const std::size_t mask = m_left_out.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    if (m_left_out[i] == hash)
      return;
    if (m_left_out[i] == 0) {
      m_left_out[i] = hash;
      break;
    }
  }
  ++m_left_out_series;
  if (m_left_out_series >= k_counted_left_out) {
    // Counting further would cost memory without bound: from here the count is "at least".
    m_saturated = true;
    m_left_out = {};
    return;
  }
  if (m_left_out_series * 2 > m_left_out.size()) { // keep the table at most half full
    std::vector<std::uint64_t> bigger(m_left_out.size() * 2, 0);
    const std::size_t bigger_mask = bigger.size() - 1;
    for (std::uint64_t h : m_left_out)
      if (h != 0) {
        std::size_t i = h & bigger_mask;
        while (bigger[i] != 0)
          i = (i + 1) & bigger_mask;
        bigger[i] = h;
      }
    m_left_out = std::move(bigger);
  }
}

} // namespace pm::cli
