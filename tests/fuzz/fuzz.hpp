// What the fuzz targets share: the entry point, a check that stops on a broken invariant,
// and the properties every record a parser yields must have.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/util/json_check.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

/// libFuzzer's entry point; replay_main.cpp calls it too, for a build without libFuzzer.
/// Each target returns 0 and aborts (through PM_FUZZ_CHECK, a sanitizer or an uncaught
/// exception) when it finds something wrong.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace pm::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* condition, std::string_view detail) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n  %.*s\n", file, line, condition, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

/// The input as text.
inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// The input split as pm::input::read_lines splits a stream: at `\n`, the last line kept
/// without one. (A `\r` before the newline is the parsers' business, as it is in pm-ingest.)
inline std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

/// Two records hold the same thing (series_id aside): -0 and 0 differ.
inline bool same_record(const record::Record& a, const record::Record& b) {
  bool same_value = a.has_value == b.has_value &&
                    (!a.has_value || (a.value == b.value && std::signbit(a.value) == std::signbit(b.value)));
  return a.has_ts == b.has_ts && (!a.has_ts || a.ts == b.ts) && a.name == b.name && same_value && a.unit == b.unit &&
         a.tags == b.tags && a.kind == b.kind && a.extra == b.extra;
}

inline std::string describe(const record::Record& r) { return record::to_json(r); }

} // namespace pm::fuzz

#define PM_FUZZ_CHECK(condition, detail)                                                                               \
  do {                                                                                                                 \
    if (!(condition))                                                                                                  \
      ::pm::fuzz::fail(__FILE__, __LINE__, #condition, detail);                                                       \
  } while (false)

namespace pm::fuzz {

/// What pm-ingest relies on for a record a format parser yields: a valid name, a finite
/// value, sorted unique tags, and a line that is strict JSON and reads back as the same
/// record through the general NDJSON parser.
inline void check_parsed_record(const record::Record& r, record::Parser& parser) {
  std::string line = record::to_json(r);
  PM_FUZZ_CHECK(record::validate_name(r.name).has_value(), line);
  PM_FUZZ_CHECK(!r.has_value || std::isfinite(r.value), line);
  for (std::size_t i = 1; i < r.tags.size(); ++i)
    PM_FUZZ_CHECK(r.tags[i - 1].first < r.tags[i].first, line);
  std::string why;
  PM_FUZZ_CHECK(util::is_strict_json(line, why), line + "\n  " + why);
  record::Record back;
  std::string error;
  PM_FUZZ_CHECK(parser.parse_general(line, back, error), line + "\n  " + error);
  PM_FUZZ_CHECK(same_record(r, back), line + "\n  read back as " + record::to_json(back));
}

} // namespace pm::fuzz

#include "libpm/format/format.hpp"

namespace pm::fuzz {

/// Feeds `text` line by line to `parser` and finishes it, as pm-ingest does, checking the
/// LineParser contract: a rejected line yields no record and says why; every record passes
/// check_parsed_record.
inline void feed_lines(format::LineParser& parser, std::string_view text) {
  static record::Parser reader;
  std::size_t yielded = 0;
  format::RecordCallback on_record = [&](record::Record& r) {
    check_parsed_record(r, reader);
    ++yielded;
  };
  std::string error;
  for (std::string_view line : lines_of(text)) {
    yielded = 0;
    error.clear();
    if (!parser.parse_line(line, on_record, error)) {
      PM_FUZZ_CHECK(yielded == 0, "a rejected line yielded records: " + std::string(line));
      PM_FUZZ_CHECK(!error.empty(), "a line rejected without a reason: " + std::string(line));
    }
  }
  yielded = 0;
  error.clear();
  if (!parser.finish(on_record, error))
    PM_FUZZ_CHECK(!error.empty(), "finish failed without a reason");
}

} // namespace pm::fuzz
