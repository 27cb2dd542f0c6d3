// Test helpers for the format parsers: parse a text, collect records as NDJSON and errors.
#pragma once

#include "libpm/format/format.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace pm::format::testing {

struct Parsed {
  std::vector<std::string> records; ///< each as NDJSON (record::to_json)
  std::vector<std::string> errors;  ///< `SOURCE:LINE: reason`
  std::vector<std::string> warnings;
};

inline Parsed parse(std::string_view text, std::optional<Format> format, const ParserOptions& options = {}) {
  Parsed parsed;
  util::Diagnostics diagnostics([&](std::string_view line) {
    std::string text_line(line);
    if (text_line.starts_with("in:"))
      parsed.errors.push_back(text_line);
    else
      parsed.warnings.push_back(text_line);
  });
  parse_text(
      text, format, "in", diagnostics, [&](record::Record& r) { parsed.records.push_back(record::to_json(r)); },
      options);
  return parsed;
}

inline std::string read_fixture(const std::string& relative) {
  std::ifstream in(std::string(PM_FIXTURES) + "/" + relative, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

} // namespace pm::format::testing
