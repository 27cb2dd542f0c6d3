// A rule's window: which order statistic its aggregate needs, and the aggregate's value.
#include "libpm/alert/window.hpp"

namespace pm::alert {

namespace {

stats::WindowOrder order_for(Aggregate aggregate) {
  switch (aggregate) {
  case Aggregate::min: return stats::WindowOrder::min;
  case Aggregate::max: return stats::WindowOrder::max;
  case Aggregate::p50:
  case Aggregate::p90:
  case Aggregate::p95:
  case Aggregate::p99: return stats::WindowOrder::quantiles;
  default: return stats::WindowOrder::none;
  }
}

} // namespace

Window::Window(Aggregate aggregate) : m_aggregate(aggregate), m_window(order_for(aggregate)) {}

std::optional<double> Window::value(std::int64_t window_ms) const {
  const auto n = static_cast<double>(m_window.size());
  switch (m_aggregate) {
  case Aggregate::count: return n;
  case Aggregate::sum: return m_window.sum();
  case Aggregate::rate: return n / (static_cast<double>(window_ms) / 1000.0);
  case Aggregate::avg: return m_window.mean();
  case Aggregate::min:
  case Aggregate::max: return m_window.extreme();
  case Aggregate::error_rate:
    if (m_window.empty())
      return std::nullopt;
    return static_cast<double>(m_window.flagged()) / n;
  case Aggregate::p50:
  case Aggregate::p90:
  case Aggregate::p95:
  case Aggregate::p99: return m_window.quantile(quantile_of(m_aggregate));
  default: return std::nullopt;
  }
}

} // namespace pm::alert
