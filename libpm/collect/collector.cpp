// Shared pieces of the collector families: counter lookup, rates, the per-pass file cache.
#include "libpm/collect/collector.hpp"

namespace pm::collect {

const CounterRow* find_row(const Counters* counters, std::string_view id, std::size_t hint) {
  if (!counters)
    return nullptr;
  if (hint < counters->size() && (*counters)[hint].id == id)
    return &(*counters)[hint];
  for (const auto& row : *counters)
    if (row.id == id)
      return &row;
  return nullptr;
}

std::optional<std::uint64_t> Span::delta(std::uint64_t previous_value, std::uint64_t current_value, Emitter& emitter,
                                         std::string_view what) const {
  if (!previous || seconds <= 0 || previous_value == k_unknown || current_value == k_unknown)
    return std::nullopt;
  if (current_value < previous_value) {
    std::string message = "counter ";
    message += what;
    message += " went backwards (wrapped or reset); its rate is skipped for this sample";
    emitter.note(message);
    return std::nullopt;
  }
  return current_value - previous_value;
}

std::optional<double> Span::rate(std::uint64_t previous_value, std::uint64_t current_value, Emitter& emitter,
                                 std::string_view what) const {
  auto d = delta(previous_value, current_value, emitter, what);
  if (!d)
    return std::nullopt;
  return static_cast<double>(*d) / seconds;
}

void Reader::begin_pass() {
  for (auto& entry : m_cache)
    entry.valid = false;
}

std::optional<std::string_view> Reader::proc(std::string_view relative) {
  Cached* slot = nullptr;
  for (auto& entry : m_cache)
    if (entry.path == relative) {
      slot = &entry;
      break;
    }
  if (!slot) {
    m_cache.push_back(Cached{std::string(relative), {}, false, false});
    slot = &m_cache.back();
  }
  if (!slot->valid) {
    slot->present = m_fs.read_proc(relative, slot->text);
    slot->valid = true;
  }
  if (!slot->present)
    return std::nullopt;
  return std::string_view(slot->text);
}

} // namespace pm::collect
