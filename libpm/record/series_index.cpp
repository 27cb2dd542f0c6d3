// Dense numbers for the series of a stream of records.
#include "libpm/record/series_index.hpp"

namespace pm::record {

std::pair<std::size_t, bool> SeriesIndex::find_or_add(const Record& record) {
  const std::uint32_t id = record.series_id;
  if (id < m_by_id.size() && m_by_id[id] != SIZE_MAX)
    return {m_by_id[id], false};
  bool added = false;
  std::size_t number = find_or_add_by_hash(record, added);
  remember_id(id, number);
  return {number, added};
}

std::size_t SeriesIndex::find(const Record& record) {
  const std::uint32_t id = record.series_id;
  if (id < m_by_id.size() && m_by_id[id] != SIZE_MAX)
    return m_by_id[id];
  std::size_t number = find_by_hash(record);
  if (number != SIZE_MAX)
    remember_id(id, number);
  return number;
}

void SeriesIndex::remember_id(std::uint32_t id, std::size_t number) {
  if (id == 0)
    return;
  if (id >= m_by_id.size())
    m_by_id.resize(id + 1, SIZE_MAX);
  m_by_id[id] = number;
}

std::size_t SeriesIndex::find_by_hash(const Record& record) const {
  auto slot = m_first.find(series_hash(record));
  if (slot == m_first.end())
    return SIZE_MAX;
  for (std::size_t i = slot->second; i != SIZE_MAX; i = m_series[i].next)
    if (m_series[i].name == record.name && m_series[i].tags == record.tags)
      return i;
  return SIZE_MAX;
}

std::size_t SeriesIndex::find_or_add_by_hash(const Record& record, bool& added) {
  auto [slot, fresh] = m_first.try_emplace(series_hash(record), m_series.size());
  std::size_t last = SIZE_MAX;
  for (std::size_t i = fresh ? SIZE_MAX : slot->second; i != SIZE_MAX; i = m_series[i].next) {
    if (m_series[i].name == record.name && m_series[i].tags == record.tags)
      return i;
    last = i;
  }
  if (last != SIZE_MAX) // a new series sharing a hash
    m_series[last].next = m_series.size();
  m_series.push_back(Series{record.name, record.tags});
  added = true;
  return m_series.size() - 1;
}

void SeriesIndex::clear() {
  m_series.clear();
  m_first.clear();
  m_by_id.clear();
}

} // namespace pm::record
