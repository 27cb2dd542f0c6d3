// Where library code reports bad input lines and warnings.
#include "libpm/util/diagnostics.hpp"

namespace pm::util {

void Diagnostics::bad_input(std::string_view source, std::size_t line, std::string_view message) {
  ++m_bad_input;
  if (m_sink) {
    std::string text(source);
    if (line > 0) { // 0: the source as a whole (a store segment that cannot be read)
      text += ':';
      text += std::to_string(line);
    }
    text += ": ";
    text += message;
    m_sink(text);
  }
}

void Diagnostics::warning(std::string_view message) {
  ++m_warnings;
  if (m_sink)
    m_sink(std::string("warning: ") + std::string(message));
}

void Diagnostics::info(std::string_view message) {
  if (m_sink)
    m_sink(message);
}

} // namespace pm::util
