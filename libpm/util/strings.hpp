// Small string helpers shared by every concern: numbers, JSON escaping, splitting, quoting.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::util {

/// Appends the shortest text that reads back as exactly `value` ("0.1", "3", "1e+21").
/// Non-finite values are written as JSON cannot hold them: "NaN", "+Inf", "-Inf".
void append_number(std::string& out, double value);
std::string format_number(double value);
/// The shortest text that reads back as `value`, without an exponent ("1230000000",
/// "0.000001"): what the Monitoring Plugins' perfdata allow ([-0-9.]). Finite values only.
std::string format_plain(double value);

/// Parses a whole string as a finite double (leading/trailing blanks not allowed).
std::optional<double> parse_number(std::string_view text);

/// Parses a whole string as a signed 64-bit integer.
std::optional<long long> parse_integer(std::string_view text);

/// Appends `text` as a JSON string literal, quotes included. Invalid UTF-8 bytes are
/// replaced with U+FFFD so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view text);

/// The offset of the first byte of `text` that does not start a valid UTF-8 sequence
/// (overlong forms, surrogates and code points past U+10FFFF are invalid), or npos when
/// all of it is valid.
std::size_t find_invalid_utf8(std::string_view text);

/// `text` in double quotes with control characters escaped, cut after 60 bytes: for
/// error messages that quote what the user sent.
std::string quote(std::string_view text);

std::string_view trim(std::string_view text);
std::vector<std::string_view> split(std::string_view text, char separator);
bool iequals(std::string_view a, std::string_view b);

/// A fast 64-bit hash of `bytes`, eight bytes at a time, for in-memory hash tables keyed by
/// series (they still compare keys). Not stable across versions: never store it. `seed`
/// chains several pieces (name, then each tag) into one hash.
inline std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed = 0) {
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = seed ^ (bytes.size() * k);
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  auto mix = [&](std::uint64_t word) {
    h = (h ^ word) * k;
    h ^= h >> 29;
  };
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    mix(word);
  }
  if (n > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, n);
    mix(word);
  }
  h ^= h >> 32;
  h *= k;
  return h ^ (h >> 29);
}

/// `value` as people read it, at most 5 characters for |value| < 10^15: three significant
/// digits and a suffix by powers of `base` (1000: "14.1k", "2.35M", "1.20G"; 1024:
/// "14.1K", "2.35M", as `free -h` and `ls -h`), small values as they are ("512", "0.52",
/// "0.005"). Not for machine output.
std::string human_number(double value, double base = 1000);

/// True when `text` matches the shell glob `pattern` (`*`, `?`, `[...]`).
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace pm::util
