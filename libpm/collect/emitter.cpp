// NDJSON writing for collectors.
#include "libpm/collect/emitter.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cmath>

namespace pm::collect {

Emitter::Emitter(std::string& out, std::vector<std::pair<std::string, std::string>> common, Note note)
    : m_out(out), m_common(std::move(common)), m_note(std::move(note)) {
  std::sort(m_common.begin(), m_common.end());
}

void Emitter::begin_sample(time::TimePoint ts) {
  m_ts.clear();
  time::append_timestamp(m_ts, ts);
}

void Emitter::emit(std::string_view name, double value, std::string_view unit, std::initializer_list<Tag> tags) {
  if (!std::isfinite(value))
    return;
  if (m_observer) {
    m_observer(name, value, tags);
    ++m_records;
    return;
  }
  // Merge the (sorted) common tags with the record's own few tags, sorting the latter
  // by insertion; a record's own tag replaces a common one of the same key.
  Tag own[8];
  std::size_t own_count = 0;
  for (const Tag& tag : tags) {
    if (own_count == std::size(own))
      break;
    std::size_t at = own_count;
    while (at > 0 && own[at - 1].key > tag.key) {
      own[at] = own[at - 1];
      --at;
    }
    own[at] = tag;
    ++own_count;
  }
  std::string& out = m_out;
  out += "{\"ts\":\"";
  out += m_ts;
  out += "\",\"name\":";
  util::append_json_string(out, name);
  out += ",\"value\":";
  util::append_number(out, value == 0 ? 0.0 : value); // never "-0"
  if (!unit.empty()) {
    out += ",\"unit\":";
    util::append_json_string(out, unit);
  }
  bool first = true;
  auto put = [&](std::string_view key, std::string_view text) {
    out += first ? ",\"tags\":{" : ",";
    first = false;
    util::append_json_string(out, key);
    out += ':';
    util::append_json_string(out, text);
  };
  std::size_t c = 0;
  std::size_t o = 0;
  while (c < m_common.size() || o < own_count) {
    if (o < own_count && (c == m_common.size() || own[o].key <= m_common[c].first)) {
      if (c < m_common.size() && own[o].key == m_common[c].first)
        ++c;
      put(own[o].key, own[o].value);
      ++o;
    } else {
      put(m_common[c].first, m_common[c].second);
      ++c;
    }
  }
  if (!first)
    out += '}';
  out += "}\n";
  ++m_records;
}

void Emitter::note(std::string_view message) {
  if (m_noted.find(message) != m_noted.end())
    return;
  m_noted.emplace(message);
  if (m_note)
    m_note(message);
}

} // namespace pm::collect
