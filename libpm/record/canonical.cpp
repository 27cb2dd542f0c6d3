// The fast path of record parsing: a line already in the canonical form append_json writes.
#include "libpm/record/record.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
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
  // A string up to the next quote. The whole line was checked by plain_ascii first, so
  // there is no escape inside and the next quote ends the string.
  bool plain_string(std::string_view& text) {
    if (p == end || *p != '"')
      return false;
    const char* start = ++p;
    const void* quote = std::memchr(p, '"', static_cast<std::size_t>(end - p));
    if (quote == nullptr)
      return false;
    p = static_cast<const char*>(quote);
    text = std::string_view(start, static_cast<std::size_t>(p - start));
    ++p;
    return true;
  }
};

// True when `line` holds only printable ASCII without a backslash: strings that
// append_json writes unchanged. Eight bytes at a time (SWAR): a byte is flagged when it is
// below 0x20, at or above 0x80, or a backslash.
bool plain_ascii(std::string_view line) {
  constexpr std::uint64_t k_ones = 0x0101010101010101ULL, k_high = 0x8080808080808080ULL;
  const char* p = line.data();
  std::size_t n = line.size();
  std::uint64_t flags = 0;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    std::uint64_t backslash = w ^ (k_ones * 0x5C);
    flags |= w | (w - k_ones * 0x20) | (backslash - k_ones);
  }
  // A lane's high bit is set when the byte is >= 0x80 (w), < 0x20 (w - 0x20 borrows), or a
  // backslash (backslash - 1 borrows). Borrows only ever come from a lane already flagged.
  if (flags & k_high)
    return false;
  for (; n > 0; ++p, --n) {
    auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c >= 0x80 || c == '\\')
      return false;
  }
  return true;
}

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
  // Records come in time order, so consecutive lines mostly share their date and hour: that
  // part is checked and converted once per hour of input, then compared.
  thread_local char hour_text[13] = {};
  thread_local long long hour_ms = -1;
  if (hour_ms < 0 || std::memcmp(s, hour_text, sizeof hour_text) != 0) {
    int y, mo, d, h;
    if (!digits(s, 4, y) || !digits(s + 5, 2, mo) || !digits(s + 8, 2, d) || !digits(s + 11, 2, h))
      return false;
    static constexpr int k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > k_days[mo - 1] || h > 23)
      return false;
    if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
      return false;
    std::memcpy(hour_text, s, sizeof hour_text);
    hour_ms = days_from_civil(y, mo, d) * 86400000LL + h * 3600000LL;
  }
  int mi, sec, ms;
  if (!digits(s + 14, 2, mi) || !digits(s + 17, 2, sec) || !digits(s + 20, 3, ms) || mi > 59 || sec > 59)
    return false;
  out = time::TimePoint{time::Duration{hour_ms + mi * 60000LL + sec * 1000LL + ms}};
  return true;
}

// A JSON number as append_json writes it: the shortest text that reads back as the value.
// True when `text` is surely what std::to_chars writes for the double it reads as, without
// converting: at most 15 significant digits (DBL_DIG, so no shorter text reads as the same
// double), no leading zero, no trailing zero after the point, and a magnitude for which the
// fixed notation is not longer than the scientific one (to_chars takes the shorter).
bool plainly_shortest(std::string_view text) {
  std::size_t i = text[0] == '-' ? 1 : 0;
  std::size_t point = text.find('.');
  std::string_view whole = text.substr(i, point == std::string_view::npos ? std::string_view::npos : point - i);
  if (whole.empty() || whole.size() > 15 || (whole[0] == '0' && whole.size() > 1))
    return false;
  for (char c : whole)
    if (c < '0' || c > '9')
      return false;
  if (point == std::string_view::npos) {
    std::size_t zeros = whole.size() - 1 - std::min(whole.find_last_not_of('0'), whole.size() - 1);
    return zeros <= 4; // 100000 is written 1e+05
  }
  std::string_view fraction = text.substr(point + 1);
  if (fraction.empty() || fraction.back() == '0')
    return false;
  for (char c : fraction)
    if (c < '0' || c > '9')
      return false;
  if (whole == "0") {
    std::size_t leading = fraction.find_first_not_of('0');
    return leading <= 2 && fraction.size() - leading <= 15; // 0.001 is written 0.001, 0.0001 as 1e-04
  }
  return whole.size() + fraction.size() <= 15;
}

// True when `text` follows JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool json_number(std::string_view text) {
  std::size_t i = 0, n = text.size();
  auto digit = [&](std::size_t at) { return at < n && text[at] >= '0' && text[at] <= '9'; };
  if (i < n && text[i] == '-')
    ++i;
  if (!digit(i))
    return false;
  if (text[i] == '0')
    ++i;
  else
    while (digit(i))
      ++i;
  if (i < n && text[i] == '.') {
    if (!digit(++i))
      return false;
    while (digit(i))
      ++i;
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-'))
      ++i;
    if (!digit(i))
      return false;
    while (digit(i))
      ++i;
  }
  return i == n;
}

// A JSON number for `value`. In the `canonical` form it must be what append_json writes:
// the shortest text that reads back as the value; with `need_value` false it is then only
// checked, not converted when that can be avoided. Otherwise any finite JSON number will do.
bool value_number(Scanner& scan, double& value, bool need_value, bool canonical) {
  const char* start = scan.p;
  while (scan.p != scan.end && ((*scan.p >= '0' && *scan.p <= '9') || *scan.p == '-' || *scan.p == '+' ||
                                *scan.p == '.' || *scan.p == 'e' || *scan.p == 'E'))
    ++scan.p;
  std::string_view text(start, static_cast<std::size_t>(scan.p - start));
  if (text.empty() || text.size() > 24)
    return false;
  const bool plain = plainly_shortest(text);
  if (plain && !need_value)
    return true;
  if (!plain && !canonical && !json_number(text))
    return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value))
    return false;
  if (plain || !canonical)
    return true;
  char buffer[32];
  auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string_view(buffer, static_cast<std::size_t>(written.ptr - buffer)) == text;
}

// The canonical scan; with `fill` it also copies the fields into `*out`. With
// `canonical_value` false the value may be any JSON number (`0.50`, `1E3`): parse_plain.
template <bool fill, bool canonical_value = true>
bool scan_canonical(std::string_view line, time::TimePoint& ts, Record* out) {
  Scanner scan{line.data(), line.data() + line.size()};
  std::string_view text;
  // The opening first: most non-canonical lines fail here before the whole-line scan.
  if (!scan.literal("{\"ts\":\"") || !plain_ascii(line) || static_cast<std::size_t>(scan.end - scan.p) < 25 ||
      !canonical_time(std::string_view(scan.p, 24), ts))
    return false;
  scan.p += 24;
  if (!scan.literal("\",\"name\":") || !scan.plain_string(text) || !is_valid_name(text))
    return false;
  if constexpr (fill)
    out->name.assign(text);
  double value = 0;
  if (!scan.literal(",\"value\":") || !value_number(scan, value, fill, canonical_value))
    return false;
  if constexpr (fill) {
    out->ts = ts;
    out->value = value;
    out->has_ts = true;
    out->has_value = true;
    out->kind.clear();
    out->extra.clear();
    out->series_id = 0;
    out->unit.clear();
  }
  if (scan.literal(",\"unit\":")) {
    if (!scan.plain_string(text) || text.empty())
      return false;
    if constexpr (fill)
      out->unit.assign(text);
  }
  std::size_t tag_count = 0; // out->tags' strings are reused to spare allocations
  if (scan.literal(",\"tags\":{")) {
    std::string_view previous;
    do {
      std::string_view key, tag_value;
      if (!scan.plain_string(key) || key.empty() || !scan.literal(":") || !scan.plain_string(tag_value))
        return false;
      if (tag_count > 0 && !(previous < key))
        return false; // unsorted or duplicate keys: the general path sorts or reports them
      previous = key;
      if constexpr (fill) {
        if (tag_count == out->tags.size())
          out->tags.emplace_back();
        out->tags[tag_count].first.assign(key);
        out->tags[tag_count].second.assign(tag_value);
      }
      ++tag_count;
    } while (scan.literal(","));
    if (!scan.literal("}"))
      return false;
  }
  if (!scan.literal("}") || scan.p != scan.end)
    return false;
  if constexpr (fill)
    out->tags.resize(tag_count);
  return true;
}

} // namespace

bool parse_canonical(std::string_view line, Record& out) {
  time::TimePoint ts;
  return scan_canonical<true>(line, ts, &out);
}

bool parse_plain(std::string_view line, Record& out) {
  time::TimePoint ts;
  return scan_canonical<true, false>(line, ts, &out);
}

bool is_canonical(std::string_view line, time::TimePoint& ts) { return scan_canonical<false>(line, ts, nullptr); }

} // namespace pm::record
