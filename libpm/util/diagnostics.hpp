// Where library code reports bad input lines and warnings, without printing itself.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace pm::util {

/// The longest message line passed to the sink: a longer one (a message quoting a 1 MB tag
/// value or a series of 100,000 tags) is cut at a character boundary and ends
/// `... (N more bytes)`, so that hostile input cannot flood stderr or the log it goes to.
inline constexpr std::size_t k_max_message = 4096;

/// Collects problems found while a tool runs. Library code reports here; the tool wrapper
/// decides where the text goes (stderr as `TOOL: SOURCE:LINE: message`) and turns a
/// non-zero bad-input count into a non-zero exit status.
class Diagnostics {
public:
  using Sink = std::function<void(std::string_view line)>;

  /// `sink` receives each message line without the tool prefix or newline; the default
  /// keeps nothing (for tests that only count).
  explicit Diagnostics(Sink sink = {}) : m_sink(std::move(sink)) {}

  /// A line of input that is not valid: counted, and reported as `SOURCE:LINE: message`
  /// (`SOURCE: message` when `line` is 0: the whole source is unusable).
  void bad_input(std::string_view source, std::size_t line, std::string_view message);
  /// Something worth saying that does not by itself make the run fail.
  void warning(std::string_view message);
  /// Plain information for stderr (summaries).
  void info(std::string_view message);

  std::size_t bad_input_count() const { return m_bad_input; }
  std::size_t warning_count() const { return m_warnings; }

private:
  void emit(std::string text);

  Sink m_sink;
  std::size_t m_bad_input = 0;
  std::size_t m_warnings = 0;
};

} // namespace pm::util
