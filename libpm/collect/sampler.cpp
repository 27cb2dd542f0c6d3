// Readings of the selected families, and the records made from two of them.
#include "libpm/collect/sampler.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>

namespace pm::collect {

namespace {

std::vector<std::string> split_names(const std::vector<std::string>& lists) {
  std::vector<std::string> names;
  for (const auto& list : lists)
    for (auto part : util::split(list, ','))
      if (auto name = util::trim(part); !name.empty())
        names.emplace_back(name);
  return names;
}

const Collector& known_collector(std::string_view name) {
  if (const Collector* row = find_collector(name))
    return *row;
  std::string known;
  for (const auto& row : registry()) {
    if (!known.empty())
      known += ", ";
    known += row.name;
  }
  throw UsageError("unknown collector " + util::quote(name) + " (known: " + known + ")");
}

} // namespace

std::vector<const Collector*> select_collectors(const ProcFs& fs, const std::vector<std::string>& collect,
                                                const std::vector<std::string>& no_collect,
                                                std::vector<std::string>& unavailable) {
  unavailable.clear();
  std::vector<std::string> wanted = split_names(collect);
  std::vector<std::string> unwanted = split_names(no_collect);
  for (const auto& name : wanted)
    known_collector(name);
  for (const auto& name : unwanted)
    known_collector(name);
  std::vector<const Collector*> selected;
  for (const auto& row : registry()) {
    bool asked = std::find(wanted.begin(), wanted.end(), row.name) != wanted.end();
    if (!wanted.empty() && !asked)
      continue;
    if (std::find(unwanted.begin(), unwanted.end(), row.name) != unwanted.end())
      continue;
    if (!row.available(fs)) {
      if (asked)
        unavailable.emplace_back(row.name);
      continue;
    }
    selected.push_back(&row);
  }
  return selected;
}

Sampler::Sampler(const ProcFs& fs, std::vector<const Collector*> collectors, Settings settings)
    : m_fs(fs), m_collectors(std::move(collectors)), m_settings(std::move(settings)), m_reader(m_fs, m_settings) {}

Reading Sampler::take(time::TimePoint wall, std::int64_t monotonic_ns, BootId boot_id) {
  m_reader.begin_pass();
  Reading reading;
  reading.wall = wall;
  reading.monotonic_ns = monotonic_ns;
  if (boot_id == BootId::read)
    reading.boot_id = read_boot_id(m_fs);
  for (const Collector* row : m_collectors) {
    if (!row->read_counters)
      continue;
    reading.families.emplace_back(std::string(row->name), Counters{});
    row->read_counters(m_reader, reading.families.back().second);
  }
  return reading;
}

void Sampler::report(const Reading* previous, const Reading& current, Emitter& emitter) {
  static const Counters k_none;
  emitter.begin_sample(current.wall);
  Span span;
  if (previous && current.monotonic_ns > previous->monotonic_ns)
    span.seconds = static_cast<double>(current.monotonic_ns - previous->monotonic_ns) / 1e9;
  for (const Collector* row : m_collectors) {
    const Counters* now = current.find(row->name);
    span.previous = previous && span.seconds > 0 ? previous->find(row->name) : nullptr;
    row->report(m_reader, now ? *now : k_none, span, emitter);
  }
}

} // namespace pm::collect
