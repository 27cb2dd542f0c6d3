// Parser of CSV with a header row (RFC 4180): ts, name, value, unit and tag columns.
#pragma once

#include "libpm/format/format.hpp"
#include "libpm/format/text.hpp"

#include <string>
#include <vector>

namespace pm::format {

/// Splits one CSV record (RFC 4180: fields in double quotes may hold commas, newlines and
/// `""` for a quote) into `fields`. Returns false with `error` set for text after a closing
/// quote or an unclosed quote; `open_quote` (when given) is set instead of failing on an
/// unclosed quote, so a caller can join the next line and retry.
bool split_csv(std::string_view text, std::vector<std::string>& fields, std::string& error,
               bool* open_quote = nullptr);

/// Reads CSV whose first non-blank line is a header. Required columns: `name` and `value`;
/// optional `ts` (also `time` or `timestamp`: RFC 3339 or epoch seconds; an empty cell
/// means no time) and `unit`; every other column is a tag named by its header, omitted
/// from a row where its cell is empty. A quoted field may span lines (the record is
/// complete once its quotes close). A header without `name` and `value` is rejected and so
/// then is every data line (each naming the header's problem): nothing is guessed. Linear
/// in the input: a record that runs over lines is split once, when its quotes close; at
/// most max_columns columns and max_record_bytes bytes per record (PM_MAX_CSV_COLUMNS,
/// PM_MAX_CSV_RECORD_BYTES).
class CsvParser final : public LineParser {
public:
  explicit CsvParser(std::size_t max_columns = k_csv_columns_limit.fallback,
                     std::size_t max_record_bytes = k_csv_record_limit.fallback)
      : m_max_columns(max_columns), m_max_record_bytes(max_record_bytes) {}

  bool parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) override;
  bool finish(const RecordCallback& on_record, std::string& error) override;

private:
  bool parse_header(std::string& error);
  bool parse_row(const RecordCallback& on_record, std::string& error);

  std::size_t m_max_columns;
  std::size_t m_max_record_bytes;
  bool m_have_header = false;
  std::string m_header_error; ///< why the header is unusable ("" when it is fine)
  std::string m_joined;       ///< a record whose quoted field continues on the next line
  bool m_continuing = false;
  std::size_t m_joined_lines = 0; ///< lines in m_joined
  bool m_quote_open = false;      ///< the parity of the quotes in m_joined: odd while a field is open
  std::vector<std::string> m_fields;
  std::vector<std::string> m_columns;
  int m_ts = -1, m_name = -1, m_value = -1, m_unit = -1;
  detail::TagBuilder m_tags;
  record::Record m_record;
};

} // namespace pm::format
