// Small text helpers the format parsers and writers share.
#include "libpm/format/text.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace pm::format::detail {

std::string_view without_bom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF"))
    text.remove_prefix(3);
  return text;
}

std::string_view strip(std::string_view text) {
  while (!text.empty() && (is_blank(text.front()) || text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() && (is_blank(text.back()) || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

bool parse_float(std::string_view text, double& value) {
  if (text.empty())
    return false;
  std::string_view body = text;
  bool negative = false;
  if (body.front() == '+' || body.front() == '-') {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  if (body.empty())
    return false;
  if (util::iequals(body, "inf") || util::iequals(body, "infinity")) {
    value = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return true;
  }
  if (util::iequals(body, "nan")) {
    value = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  // from_chars does not take a leading '+'; the sign was removed above and is put back here.
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec != std::errc() || ptr != body.data() + body.size())
    return false;
  if (negative)
    value = -value;
  return true;
}

Expected<time::TimePoint> from_epoch_milliseconds(long long ms) {
  // 253402300800000 ms is 10000-01-01T00:00:00Z: the canonical form has four year digits.
  if (ms < 0 || ms >= 253402300800000LL)
    return unexpected("timestamp " + std::to_string(ms) + " ms is out of range (years 1970..9999)");
  return time::TimePoint{time::Duration{ms}};
}

std::pair<std::string, std::string>& TagBuilder::add() {
  if (m_size == m_tags.size())
    m_tags.emplace_back();
  auto& tag = m_tags[m_size++];
  tag.first.clear();
  tag.second.clear();
  return tag;
}

bool TagBuilder::store(record::Tags& out, std::string& error) {
  auto begin = m_tags.begin();
  auto end = begin + static_cast<std::ptrdiff_t>(m_size);
  // Few tags, usually sorted already: insertion sort beats std::sort here; many (a CSV row
  // of thousands of columns) would make it quadratic.
  if (m_size > 32) {
    std::sort(begin, end, [](const auto& a, const auto& b) { return a.first < b.first; });
  } else {
    for (auto it = begin + (m_size > 0 ? 1 : 0); it < end; ++it)
      for (auto j = it; j != begin && (j - 1)->first > j->first; --j)
        std::swap(*(j - 1), *j);
  }
  for (std::size_t i = 1; i < m_size; ++i) // by index: with no tag, begin + 1 is past a null pointer
    if (m_tags[i - 1].first == m_tags[i].first) {
      error = "duplicate tag " + util::quote(m_tags[i].first);
      return false;
    }
  out.resize(m_size);
  for (std::size_t i = 0; i < m_size; ++i) {
    out[i].first.assign(m_tags[i].first);
    out[i].second.assign(m_tags[i].second);
  }
  return true;
}

void assign_tags(record::Tags& out, const record::Tags& tags) {
  out.resize(tags.size());
  for (std::size_t i = 0; i < tags.size(); ++i) {
    out[i].first.assign(tags[i].first);
    out[i].second.assign(tags[i].second);
  }
}

void reset(record::Record& record) {
  record.ts = {};
  record.has_ts = false;
  record.name.clear();
  record.value = 0;
  record.has_value = true;
  record.unit.clear();
  record.kind.clear();
  record.extra.clear();
}

} // namespace pm::format::detail
