// Shared helpers for the collect_* unit tests: run collectors over fixture trees, find records.
#pragma once

#include "libpm/collect/sampler.hpp"
#include "libpm/record/record.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pm::collect::testing {

inline std::string fixture(const std::string& tree, const std::string& part) {
  return std::string(PM_FIXTURES) + "/proc/" + tree + "/" + part;
}

inline ProcFs fixture_fs(const std::string& tree) { return ProcFs(fixture(tree, "proc"), fixture(tree, "sys")); }

/// The records one report wrote, and the notes it made.
struct Output {
  std::vector<record::Record> records;
  std::vector<std::string> notes;

  /// The value of the record `name` whose tags include all of `tags`; nothing if absent.
  std::optional<double> value(const std::string& name, const std::map<std::string, std::string>& tags = {}) const {
    for (const auto& r : records) {
      if (r.name != name)
        continue;
      bool all = true;
      for (const auto& [k, v] : tags)
        all = all && r.tag(k) == v;
      if (all)
        return r.value;
    }
    return std::nullopt;
  }
  std::string unit(const std::string& name) const {
    for (const auto& r : records)
      if (r.name == name)
        return r.unit;
    return "?";
  }
  std::size_t count(const std::string& name) const {
    std::size_t n = 0;
    for (const auto& r : records)
      n += r.name == name;
    return n;
  }
};

inline Output parse_output(const std::string& text, std::vector<std::string> notes) {
  Output output;
  output.notes = std::move(notes);
  record::Parser parser;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    auto parsed = parser.parse(std::string_view(text).substr(start, end - start));
    if (!parsed)
      throw std::runtime_error("bad record: " + parsed.error());
    output.records.push_back(std::move(*parsed));
    start = end + 1;
  }
  return output;
}

/// Reads `families` from tree `before`, then from `after`, `seconds` later, and reports.
/// With `before` empty only `after` is read (no previous reading: gauges only).
inline Output sample_between(const std::string& before, const std::string& after, double seconds,
                             const std::vector<std::string>& families, const Settings& settings = {}) {
  std::vector<std::string> unavailable;
  std::optional<Reading> first;
  if (!before.empty()) {
    ProcFs fs0 = fixture_fs(before);
    Sampler sampler0(fs0, select_collectors(fs0, families, {}, unavailable), settings);
    first = sampler0.take(time::TimePoint(time::Duration(1'000'000)), 1'000'000'000);
  }
  ProcFs fs1 = fixture_fs(after);
  Sampler sampler1(fs1, select_collectors(fs1, families, {}, unavailable), settings);
  auto second = sampler1.take(time::TimePoint(time::Duration(1'000'000 + static_cast<long long>(seconds * 1000))),
                              1'000'000'000 + static_cast<std::int64_t>(seconds * 1e9));
  std::string text;
  std::vector<std::string> notes;
  Emitter emitter(text, {{"host", "fixture"}}, [&](std::string_view note) { notes.emplace_back(note); });
  sampler1.report(first ? &*first : nullptr, second, emitter);
  return parse_output(text, std::move(notes));
}

} // namespace pm::collect::testing
