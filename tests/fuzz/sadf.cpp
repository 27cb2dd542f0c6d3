// Fuzz target: sysstat's sadf -j JSON, streamed line by line (strict JSON checked per
// character, one statistics entry mapped at a time). Besides the LineParser contract, a
// document nlohmann rejects must never be read without an error.
#include "tests/fuzz/fuzz.hpp"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  std::string_view text = fuzz::text_of(data, size);
  auto parser = format::make_parser(format::Format::sadf);
  fuzz::feed_lines(*parser, text);

  // The same input again, counting errors: invalid JSON (one document) must give one.
  auto again = format::make_parser(format::Format::sadf);
  std::size_t errors = 0;
  std::string error;
  format::RecordCallback ignore = [](record::Record&) {};
  for (std::string_view line : fuzz::lines_of(text))
    if (!again->parse_line(line, ignore, error))
      ++errors;
  if (!again->finish(ignore, error))
    ++errors;
  // Documents may follow one another, which nlohmann (one document) refuses: leave those out.
  bool concatenated = false;
  for (std::size_t close = text.find('}'); close != std::string_view::npos && !concatenated;
       close = text.find('}', close + 1)) {
    std::size_t next = text.find_first_not_of(" \t\r\n", close + 1);
    concatenated = next != std::string_view::npos && text[next] == '{';
  }
  bool valid_utf8 = util::find_invalid_utf8(text) == std::string_view::npos;
  if (valid_utf8 && !concatenated && text.find_first_not_of(" \t\r\n") != std::string_view::npos &&
      !nlohmann::json::accept(text))
    PM_FUZZ_CHECK(errors > 0, "invalid JSON read without an error: " + std::string(text.substr(0, 200)));
  return 0;
}
