// Hand-written scanning of /proc text: no iostreams, no regex, no allocation.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace pm::collect {

/// A cursor over text read from /proc. Every reader returns "nothing" rather than
/// failing loudly, so a kernel with a different layout yields a skipped metric.
class Scanner {
public:
  explicit Scanner(std::string_view text) : m_text(text) {}

  bool at_end() const { return m_pos >= m_text.size(); }
  std::string_view rest() const { return m_text.substr(m_pos < m_text.size() ? m_pos : m_text.size()); }

  /// Skips blanks (spaces and tabs, not newlines).
  void skip_blanks() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t'))
      ++m_pos;
  }
  /// The next run of non-blank, non-newline characters (after blanks); empty at line end.
  std::string_view token() {
    skip_blanks();
    std::size_t start = m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] != ' ' && m_text[m_pos] != '\t' && m_text[m_pos] != '\n')
      ++m_pos;
    return m_text.substr(start, m_pos - start);
  }
  /// An unsigned decimal (after blanks); nothing when there is none on this line.
  std::optional<std::uint64_t> number() {
    skip_blanks();
    std::size_t start = m_pos;
    std::uint64_t value = 0;
    while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
      value = value * 10 + static_cast<std::uint64_t>(m_text[m_pos] - '0');
      ++m_pos;
    }
    if (m_pos == start)
      return std::nullopt;
    return value;
  }
  /// A decimal with optional fraction ("0.52", "12"); nothing when there is none.
  std::optional<double> decimal();
  /// Moves past the next newline.
  void next_line() {
    while (m_pos < m_text.size() && m_text[m_pos] != '\n')
      ++m_pos;
    if (m_pos < m_text.size())
      ++m_pos;
  }
  /// The rest of the current line (without newline), moving past it.
  std::string_view line() {
    std::size_t start = m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] != '\n')
      ++m_pos;
    std::string_view result = m_text.substr(start, m_pos - start);
    if (m_pos < m_text.size())
      ++m_pos;
    return result;
  }
  /// Skips `n` tokens.
  void skip_tokens(int n) {
    for (int i = 0; i < n; ++i)
      token();
  }

private:
  std::string_view m_text;
  std::size_t m_pos = 0;
};

/// The whole of `text` as an unsigned decimal (surrounding blanks and a final newline
/// allowed); nothing otherwise.
std::optional<std::uint64_t> parse_u64(std::string_view text);

/// The value of `key` in "Key:   value kB" lines (meminfo, status): the first number after
/// the colon, times 1024 when followed by "kB". Nothing when the key is absent.
std::optional<std::uint64_t> find_keyed_value(std::string_view text, std::string_view key);

/// The number after `key=` in "some avg10=0.00 avg60=..." lines; nothing when absent.
std::optional<double> find_assignment(std::string_view line, std::string_view key);

/// The number after "key " at the start of a line ("ctxt 123"); nothing when absent.
std::optional<std::uint64_t> find_line_value(std::string_view text, std::string_view key);

} // namespace pm::collect
