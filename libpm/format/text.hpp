// Small text helpers the format parsers and writers share (internal to libpm/format).
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace pm::format::detail {

constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// `text` without a UTF-8 byte order mark at its start (spreadsheets write one).
std::string_view without_bom(std::string_view text);

/// The text without leading and trailing blanks (space, tab, CR).
std::string_view strip(std::string_view text);

/// Parses a number as Prometheus writes it: a float, or NaN/Inf/+Inf/-Inf in any case.
/// false when `text` is not a number at all.
bool parse_float(std::string_view text, double& value);

/// Milliseconds since the epoch as a record time; fails outside years 1970..9999.
Expected<time::TimePoint> from_epoch_milliseconds(long long ms);

/// Holds the tags of one record while a line is parsed, reusing the strings' storage from
/// line to line (no allocation per line once warm).
class TagBuilder {
public:
  void clear() { m_size = 0; }
  /// A new tag; returns its key and value strings to fill.
  std::pair<std::string, std::string>& add();
  std::size_t size() const { return m_size; }
  /// Sorts by key into `out` (reusing its storage). Fails naming the duplicate key.
  bool store(record::Tags& out, std::string& error);

private:
  record::Tags m_tags;
  std::size_t m_size = 0;
};

/// Copies `tags` into `out` reusing `out`'s storage.
void assign_tags(record::Tags& out, const record::Tags& tags);

/// Resets a record for reuse, keeping the capacity of its strings. Tags are left as they
/// are: every parser sets them (TagBuilder::store, assign_tags) for each record.
void reset(record::Record& record);

} // namespace pm::format::detail
