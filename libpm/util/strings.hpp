// Small string helpers shared by every concern: numbers, JSON escaping, splitting, quoting.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::util {

/// Appends the shortest text that reads back as exactly `value` ("0.1", "3", "1e+21").
/// Non-finite values are written as JSON cannot hold them: "NaN", "+Inf", "-Inf".
void append_number(std::string& out, double value);
std::string format_number(double value);

/// Parses a whole string as a finite double (leading/trailing blanks not allowed).
std::optional<double> parse_number(std::string_view text);

/// Parses a whole string as a signed 64-bit integer.
std::optional<long long> parse_integer(std::string_view text);

/// Appends `text` as a JSON string literal, quotes included. Invalid UTF-8 bytes are
/// replaced with U+FFFD so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view text);

/// `text` in double quotes with control characters escaped, cut after 60 bytes: for
/// error messages that quote what the user sent.
std::string quote(std::string_view text);

std::string_view trim(std::string_view text);
std::vector<std::string_view> split(std::string_view text, char separator);
bool iequals(std::string_view a, std::string_view b);

/// True when `text` matches the shell glob `pattern` (`*`, `?`, `[...]`).
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace pm::util
