// ChartLine: slot averaging (with the slots' extremes) with a doubling slot width.
#include "libpm/stats/chart.hpp"

#include <algorithm>

namespace pm::stats {

void ChartLine::add(time::TimePoint ts, double value) {
  if (m_points.empty())
    m_origin = ts;
  if (m_width.count() == 0) {
    // Every distinct time is its own point until they no longer fit.
    if (!m_points.empty() && m_points.back().ts == ts) {
      m_points.back().add(value);
      return;
    }
    if (m_points.empty() || ts > m_points.back().ts) {
      m_points.push_back({ts, value, 1, value, value});
    } else {
      auto it = std::lower_bound(m_points.begin(), m_points.end(), ts,
                                 [](const Point& p, time::TimePoint t) { return p.ts < t; });
      if (it != m_points.end() && it->ts == ts) {
        it->add(value);
        return;
      }
      m_points.insert(it, {ts, value, 1, value, value});
    }
    if (m_points.size() > m_max) {
      // Switch to fixed slots: a width that fits the span seen into half the points.
      auto span = m_points.back().ts - m_points.front().ts;
      m_origin = m_points.front().ts;
      m_width = std::max(time::Duration{1}, span / static_cast<long>(m_max / 2) + time::Duration{1});
      std::vector<Point> slotted;
      for (const auto& p : m_points) {
        auto slot = m_origin + ((p.ts - m_origin) / m_width) * m_width;
        if (slotted.empty() || slotted.back().ts != slot)
          slotted.push_back({slot, 0, 0, 0, 0});
        slotted.back().merge(p);
      }
      m_points.swap(slotted);
    }
    return;
  }
  if (ts < m_origin)
    ts = m_origin; // earlier than everything held: counted in the first slot
  auto slot = m_origin + ((ts - m_origin) / m_width) * m_width;
  if (!m_points.empty() && m_points.back().ts == slot) {
    m_points.back().add(value);
    return;
  }
  auto it = std::lower_bound(m_points.begin(), m_points.end(), slot,
                             [](const Point& p, time::TimePoint t) { return p.ts < t; });
  if (it != m_points.end() && it->ts == slot) {
    it->add(value);
    return;
  }
  m_points.insert(it, {slot, value, 1, value, value});
  while (m_points.size() > m_max)
    halve();
}

void ChartLine::halve() {
  m_width *= 2;
  std::vector<Point> merged;
  for (const auto& p : m_points) {
    auto slot = m_origin + ((p.ts - m_origin) / m_width) * m_width;
    if (merged.empty() || merged.back().ts != slot)
      merged.push_back({slot, 0, 0, 0, 0});
    merged.back().merge(p);
  }
  m_points.swap(merged);
}

} // namespace pm::stats
