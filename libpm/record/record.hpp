// The metric record of pm(7) THE RECORD: parse, validate, serialise; unknown fields kept verbatim.
#pragma once

#include "libpm/time/time.hpp"
#include "libpm/util/error.hpp"

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pm::record {

/// Tags sorted by key, keys unique. A series is the name plus these.
using Tags = std::vector<std::pair<std::string, std::string>>;

struct Record {
  time::TimePoint ts{};
  bool has_ts = false; ///< false when the input had no `ts`; the tool decides what to stamp
  std::string name;
  double value = 0;
  bool has_value = false; ///< always true for samples; derived records (trend) may lack it
  std::string unit;
  Tags tags;
  std::string kind;  ///< empty for a sample; "alert", "anomaly", "forecast", "trend", "recommendation"
  std::string extra; ///< other members as raw JSON, `"k":v,"k2":v2` without braces, in input order
  /// Set by cli::read_records: one number per distinct series (name and tags) in the whole
  /// process, so consumers can find a series' state by index instead of by hashing and
  /// comparing. 0 when unknown (records built or changed elsewhere, the history store).
  std::uint32_t series_id = 0;

  bool is_sample() const { return kind.empty(); }
  /// The tag's value, or "" when the record has no such tag.
  std::string_view tag(std::string_view key) const;
  bool has_tag(std::string_view key) const;
  /// Sets (or replaces) a tag, keeping the tags sorted.
  void set_tag(std::string key, std::string value);
  /// The series' key and text: series_key(name, tags) below.
  std::string series_key() const;

  /// Adds a member to `extra` (no check for duplicates; derived-record writers use this).
  void add_field(std::string_view key, double number);
  void add_field(std::string_view key, std::string_view text);
  void add_raw_field(std::string_view key, std::string_view raw_json);
  /// The members of `extra` as a JSON object (parses on each call: not for hot paths).
  nlohmann::json extra_fields() const;
};

/// The value of tag `key` in `tags`, or "" when there is no such tag.
std::string_view tag_value(const Tags& tags, std::string_view key);

/// `name{k="v",k2="v2"}` (values JSON-quoted, tags in the order given: sorted in a record):
/// identifies a series, stable and human readable. The one text of a series that every tool
/// writes, in reports, alert messages, `PM_ALERT_SERIES` and diagnostics alike.
std::string series_key(std::string_view name, const Tags& tags);

/// Stamps a record that has no `ts` with `now` (pm(7) THE RECORD: the time it arrives, or is read);
/// a record with one keeps it. Returns true when it stamped.
bool stamp_if_missing(Record& record, time::TimePoint now);

/// A sample stamped `ts`, as the collectors and exporters build them.
Record sample(time::TimePoint ts, std::string name, double value, std::string unit = {});

/// A hash of the series `record` belongs to (name and tags), for in-memory indexes that
/// still compare name and tags: nothing is built or copied to compute it.
std::uint64_t series_hash(const Record& record);

/// The metric-name rule of pm(7) THE RECORD, `[A-Za-z_][A-Za-z0-9_.:-]*` of at most 255 bytes, written
/// once: `c` may start a name (`start`) or stand in one. ASCII only, whatever the locale.
bool is_name_char(char c, bool start = false);
inline constexpr std::size_t k_max_name_bytes = 255;
/// True when `name` is a valid metric name (the fast form of validate_name).
bool is_valid_name(std::string_view name);
/// Checks a metric name by that rule; on failure returns what is wrong, naming it:
/// `"name" "9x" must start with a letter or '_'`.
Expected<bool> validate_name(std::string_view name);

/// Parses `line` when it is byte for byte what append_json writes for a sample: `ts`, `name`,
/// `value`, then optional `unit` and `tags` (sorted), no other member, strings of plain ASCII
/// without escapes. This is the fast path of Parser::parse (and lets pm-ingest store such a
/// line unchanged). Returns false for any other line, which may still be a valid record:
/// then `out` is left half-filled and the caller uses Parser.
bool parse_canonical(std::string_view line, Record& out);

/// Like parse_canonical, but the value may be any JSON number, written as the producer liked
/// (`0.50`, `1E3`, `120000`): the fast path of Parser::parse, for lines that are canonical
/// but for how their value is written.
bool parse_plain(std::string_view line, Record& out);

/// True when parse_canonical would accept `line`, setting only `ts`: checks a line without
/// copying its fields (pm-ingest's fast path, which then stores the line as it is).
bool is_canonical(std::string_view line, time::TimePoint& ts);

/// Parses NDJSON lines into records. Reuse one Parser for a stream: it keeps its buffers.
class Parser {
public:
  Parser();
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// Parses one line (without its newline) into `out`, replacing its contents. On failure
  /// returns false and sets `error` to what is wrong, naming the field:
  /// `"value" must be a number, got "abc"`.
  bool parse(std::string_view line, Record& out, std::string& error);
  Expected<Record> parse(std::string_view line);
  /// parse without the fast paths (parse_plain, hence parse_canonical): every line through
  /// the general parser, so that tests and fuzzers can check that the paths agree.
  bool parse_general(std::string_view line, Record& out, std::string& error);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Appends the record as one JSON object (no newline): ts (canonical, only when has_ts),
/// kind, name, value, unit, tags, then `extra` as it was read.
void append_json(std::string& out, const Record& record);
std::string to_json(const Record& record);

/// Severities, lowest first (pm(7) THE RECORD).
enum class Severity { info, warning, error, critical };
std::string_view to_string(Severity severity);
Expected<Severity> parse_severity(std::string_view text);

} // namespace pm::record
