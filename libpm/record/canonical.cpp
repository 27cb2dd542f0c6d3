// The fast path of record parsing: a line already in the canonical form append_json writes.
#include "libpm/record/record.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace pm::record {

namespace {

// A cursor over a line that must match the canonical form byte for byte.
struct Scanner {
  const char* p;
  const char* end;

  bool literal(std::string_view text) {
    if (static_cast<std::size_t>(end - p) < text.size() || std::memcmp(p, text.data(), text.size()) != 0)
      return false;
    p += text.size();
    return true;
  }
  // A string of plain printable ASCII without quote or backslash (what append_json writes
  // unchanged); anything else takes the general path.
  bool plain_string(std::string_view& text) {
    if (p == end || *p != '"')
      return false;
    const char* start = ++p;
    while (p != end) {
      auto c = static_cast<unsigned char>(*p);
      if (c == '"') {
        text = std::string_view(start, static_cast<std::size_t>(p - start));
        ++p;
        return true;
      }
      if (c < 0x20 || c >= 0x80 || c == '\\')
        return false;
      ++p;
    }
    return false;
  }
};

bool digits(const char* p, int count, int& value) {
  value = 0;
  for (int i = 0; i < count; ++i) {
    if (p[i] < '0' || p[i] > '9')
      return false;
    value = value * 10 + (p[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<long long>(era) * 146097 + doe - 719468;
}

// `YYYY-MM-DDTHH:MM:SS.mmmZ` exactly, with every field in range (so that writing the time
// back gives the same 24 bytes).
bool canonical_time(std::string_view text, time::TimePoint& out) {
  if (text.size() != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != '.' || text[23] != 'Z')
    return false;
  const char* s = text.data();
  int y, mo, d, h, mi, sec, ms;
  if (!digits(s, 4, y) || !digits(s + 5, 2, mo) || !digits(s + 8, 2, d) || !digits(s + 11, 2, h) ||
      !digits(s + 14, 2, mi) || !digits(s + 17, 2, sec) || !digits(s + 20, 3, ms))
    return false;
  static constexpr int k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > k_days[mo - 1] || h > 23 || mi > 59 || sec > 59)
    return false;
  if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
    return false;
  long long total = days_from_civil(y, mo, d) * 86400000LL + h * 3600000LL + mi * 60000LL + sec * 1000LL + ms;
  out = time::TimePoint{time::Duration{total}};
  return true;
}

// A JSON number as append_json writes it: the shortest text that reads back as the value.
bool canonical_number(Scanner& scan, double& value) {
  const char* start = scan.p;
  while (scan.p != scan.end && (std::isdigit(static_cast<unsigned char>(*scan.p)) || *scan.p == '-' ||
                                *scan.p == '+' || *scan.p == '.' || *scan.p == 'e' || *scan.p == 'E'))
    ++scan.p;
  std::string_view text(start, static_cast<std::size_t>(scan.p - start));
  if (text.empty() || text.size() > 24)
    return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value))
    return false;
  char buffer[32];
  auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string_view(buffer, static_cast<std::size_t>(written.ptr - buffer)) == text;
}

} // namespace

bool parse_canonical(std::string_view line, Record& out) {
  Scanner scan{line.data(), line.data() + line.size()};
  std::string_view text;
  if (!scan.literal("{\"ts\":\"") || static_cast<std::size_t>(scan.end - scan.p) < 25 ||
      !canonical_time(std::string_view(scan.p, 24), out.ts))
    return false;
  scan.p += 24;
  if (!scan.literal("\",\"name\":") || !scan.plain_string(text) || !validate_name(text))
    return false;
  out.name.assign(text);
  if (!scan.literal(",\"value\":") || !canonical_number(scan, out.value))
    return false;
  out.has_ts = true;
  out.has_value = true;
  out.kind.clear();
  out.extra.clear();
  out.unit.clear();
  if (scan.literal(",\"unit\":")) {
    if (!scan.plain_string(text) || text.empty())
      return false;
    out.unit.assign(text);
  }
  std::size_t tag_count = 0; // out.tags' strings are reused to spare allocations
  if (scan.literal(",\"tags\":{")) {
    do {
      std::string_view key, value;
      if (!scan.plain_string(key) || key.empty() || !scan.literal(":") || !scan.plain_string(value))
        return false;
      if (tag_count > 0 && !(out.tags[tag_count - 1].first < key))
        return false; // unsorted or duplicate keys: the general path sorts or reports them
      if (tag_count == out.tags.size())
        out.tags.emplace_back();
      out.tags[tag_count].first.assign(key);
      out.tags[tag_count].second.assign(value);
      ++tag_count;
    } while (scan.literal(","));
    if (!scan.literal("}"))
      return false;
  }
  if (!scan.literal("}") || scan.p != scan.end)
    return false;
  out.tags.resize(tag_count);
  return true;
}

} // namespace pm::record
