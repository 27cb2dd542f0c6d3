// Writes records as NDJSON straight into the output buffer, with the tags every record carries.
#pragma once

#include "libpm/time/time.hpp"

#include <functional>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pm::collect {

/// A tag given by a collector for one record.
struct Tag {
  std::string_view key;
  std::string_view value;
};

/// Formats sample records (pm(7) THE RECORD) for one reading: ts, name, value, unit, tags sorted
/// by key. The common tags (`host`, `--tag`) go on every record; a collector's own tag of
/// the same key wins. Non-finite values are dropped, never written.
class Emitter {
public:
  using Note = std::function<void(std::string_view message)>;
  /// Receives each record instead of its NDJSON (the terminal view of pm-sample).
  using Observer = std::function<void(std::string_view name, double value, std::initializer_list<Tag> tags)>;

  /// `common` need not be sorted; its keys are unique (common_tags makes them so). `note`
  /// receives each distinct message once per Emitter lifetime.
  Emitter(std::string& out, std::vector<std::pair<std::string, std::string>> common, Note note = {});

  /// Starts a new sample: records from now on carry `ts`.
  void begin_sample(time::TimePoint ts);
  void emit(std::string_view name, double value, std::string_view unit, std::initializer_list<Tag> tags = {});
  /// Says something once (a skipped rate, a missing file): repeated messages are dropped.
  void note(std::string_view message);
  /// From now on, records go to `observer` and no NDJSON is written.
  void set_observer(Observer observer) { m_observer = std::move(observer); }
  std::size_t records() const { return m_records; }
  std::string& out() { return m_out; }

private:
  std::string& m_out;
  std::vector<std::pair<std::string, std::string>> m_common; // sorted, unique keys
  std::string m_ts;
  Note m_note;
  Observer m_observer;
  std::set<std::string, std::less<>> m_noted;
  std::size_t m_records = 0;
};

} // namespace pm::collect
