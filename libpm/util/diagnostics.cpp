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
    emit(std::move(text));
  }
}

void Diagnostics::warning(std::string_view message) {
  ++m_warnings;
  if (m_sink)
    emit(std::string("warning: ") + std::string(message));
}

void Diagnostics::info(std::string_view message) {
  if (m_sink)
    emit(std::string(message));
}

void Diagnostics::emit(std::string text) {
  if (text.size() > k_max_message) {
    std::size_t cut = k_max_message;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) // not inside a character
      --cut;
    std::size_t more = text.size() - cut;
    text.resize(cut);
    text += "... (" + std::to_string(more) + " more bytes)";
  }
  m_sink(text);
}

} // namespace pm::util
