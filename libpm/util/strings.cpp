// Small string helpers shared by every concern.
#include "libpm/util/strings.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fnmatch.h>

namespace pm::util {

std::string human_number(double value, double base) {
  if (!std::isfinite(value))
    return "-";
  const char* const suffixes_si[] = {"", "k", "M", "G", "T"};
  const char* const suffixes_iec[] = {"", "K", "M", "G", "T"};
  const char* const* suffixes = base == 1024 ? suffixes_iec : suffixes_si;
  double magnitude = std::fabs(value);
  std::size_t power = 0;
  // 999.5 would print as "1e+03": round first, then move to the next power.
  while (power < 4 && magnitude >= 999.5) {
    magnitude /= base;
    value /= base;
    ++power;
  }
  char text[32];
  if (power == 0 && magnitude == std::floor(magnitude))
    std::snprintf(text, sizeof text, "%.0f", value);
  else if (magnitude >= 99.95)
    std::snprintf(text, sizeof text, "%.0f%s", value, suffixes[power]);
  else if (magnitude >= 9.995)
    std::snprintf(text, sizeof text, "%.1f%s", value, suffixes[power]);
  else if (magnitude >= 0.0995 || power > 0)
    std::snprintf(text, sizeof text, "%.2f%s", value, suffixes[power]);
  else if (magnitude >= 0.000995)
    std::snprintf(text, sizeof text, "%.3f", value);
  else
    std::snprintf(text, sizeof text, "%.2g", value);
  return text;
}

void append_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

std::string format_number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

std::string format_plain(double value) {
  char buffer[400]; // DBL_MAX in fixed notation has 309 digits
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  return std::string(buffer, result.ptr);
}

std::optional<double> parse_number(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  if (text.front() == '+')
    text.remove_prefix(1);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<long long> parse_integer(std::string_view text) {
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
    return std::nullopt;
  return value;
}

namespace {

// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 when it is not valid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > s.size())
    return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80)
      return 0;
  if (length == 2 && c < 0xC2)
    return 0; // overlong
  if (length == 3) {
    unsigned char c1 = byte(i + 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0))
      return 0; // overlong or surrogate
  }
  if (length == 4) {
    unsigned char c1 = byte(i + 1);
    if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90))
      return 0;
  }
  return length;
}

} // namespace

std::size_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (i + 8 <= text.size()) { // eight ASCII bytes at a time
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0)
      return i;
    i += length;
  }
  return std::string_view::npos;
}

namespace {

// Bytes that a JSON string cannot hold as they are: controls, quote, backslash, and
// non-ASCII (checked for valid UTF-8 on the slow path).
constexpr auto k_needs_care = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c)
    table[static_cast<std::size_t>(c)] = true;
  for (int c = 0x80; c < 0x100; ++c)
    table[static_cast<std::size_t>(c)] = true;
  table['"'] = table['\\'] = true;
  return table;
}();

} // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char k_hex[] = "0123456789abcdef";
  out += '"';
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    std::size_t start = i;
    while (i < size && !k_needs_care[static_cast<unsigned char>(text[i])])
      ++i;
    out.append(text.data() + start, i - start);
    if (i == size)
      break;
    auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
    case '"': out += "\\\""; ++i; continue;
    case '\\': out += "\\\\"; ++i; continue;
    case '\n': out += "\\n"; ++i; continue;
    case '\t': out += "\\t"; ++i; continue;
    case '\r': out += "\\r"; ++i; continue;
    default: break;
    }
    if (c < 0x20) {
      out += "\\u00";
      out += k_hex[c >> 4];
      out += k_hex[c & 0xF];
      ++i;
      continue;
    }
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
  out += '"';
}

std::string quote(std::string_view text) {
  constexpr std::size_t k_max = 60; // enough to recognise the value, short enough for one line
  bool cut = text.size() > k_max;
  std::string out;
  append_json_string(out, cut ? text.substr(0, k_max) : text);
  if (cut)
    out.insert(out.size() - 1, "...");
  return out;
}

std::string_view trim(std::string_view text) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && blank(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && blank(text.back()))
    text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i]))
      return false;
  }
  return true;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  if (pattern.find_first_of("*?[") == std::string_view::npos)
    return pattern == text;
  return fnmatch(std::string(pattern).c_str(), std::string(text).c_str(), 0) == 0;
}

} // namespace pm::util
