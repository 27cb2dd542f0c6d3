// Number scanning for /proc text.
#include "libpm/collect/scan.hpp"

namespace pm::collect {

std::optional<double> Scanner::decimal() {
  auto whole = number();
  if (!whole)
    return std::nullopt;
  if (m_pos >= m_text.size() || m_text[m_pos] != '.')
    return static_cast<double>(*whole);
  ++m_pos;
  // (whole * 10^d + fraction) / 10^d in one division: the nearest double to the decimal
  // ("99.21", not 99.21000000000001), exact while the digits fit in 2^53.
  std::uint64_t scaled = *whole;
  double divisor = 1;
  while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
    if (divisor < 1e15) {
      scaled = scaled * 10 + static_cast<std::uint64_t>(m_text[m_pos] - '0');
      divisor *= 10;
    }
    ++m_pos;
  }
  return static_cast<double>(scaled) / divisor;
}

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  Scanner scanner(text);
  auto value = scanner.number();
  if (!value)
    return std::nullopt;
  scanner.skip_blanks();
  std::string_view rest = scanner.rest();
  if (!rest.empty() && rest != "\n")
    return std::nullopt;
  return value;
}

std::optional<std::uint64_t> find_keyed_value(std::string_view text, std::string_view key) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t colon = pos + key.size();
    // "MemTotal" must match "MemTotal:" only, never "MemTotalX:".
    if (text.compare(pos, key.size(), key) == 0 && colon < text.size() && text[colon] == ':') {
      Scanner scanner(text.substr(colon + 1));
      auto value = scanner.number();
      if (!value)
        return std::nullopt;
      if (scanner.token() == "kB")
        return *value * 1024;
      return value;
    }
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos)
      break;
    ++pos;
  }
  return std::nullopt;
}

std::optional<double> find_assignment(std::string_view line, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = line.find(key, pos)) != std::string_view::npos) {
    bool starts_word = pos == 0 || line[pos - 1] == ' ';
    std::size_t after = pos + key.size();
    if (starts_word && after < line.size() && line[after] == '=') {
      Scanner scanner(line.substr(after + 1));
      return scanner.decimal();
    }
    pos = after;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> find_line_value(std::string_view text, std::string_view key) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text.compare(pos, key.size(), key) == 0 && pos + key.size() < text.size() &&
        (text[pos + key.size()] == ' ' || text[pos + key.size()] == '\t')) {
      Scanner scanner(text.substr(pos + key.size()));
      return scanner.number();
    }
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos)
      break;
    ++pos;
  }
  return std::nullopt;
}

} // namespace pm::collect
