// Parser of CSV with a header row (RFC 4180): ts, name, value, unit and tag columns.
#include "libpm/format/csv.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>

namespace pm::format {

bool split_csv(std::string_view text, std::vector<std::string>& fields, std::string& error, bool* open_quote) {
  if (open_quote)
    *open_quote = false;
  std::size_t count = 0;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (true) {
    if (count == fields.size())
      fields.emplace_back();
    std::string& field = fields[count++];
    field.clear();
    if (i < n && text[i] == '"') {
      ++i;
      while (true) {
        auto quote = text.find('"', i);
        if (quote == std::string_view::npos) {
          if (open_quote) {
            *open_quote = true;
            fields.resize(count);
            return true;
          }
          error = "field " + std::to_string(count) + " has no closing quote";
          return false;
        }
        field.append(text.substr(i, quote - i));
        i = quote + 1;
        if (i < n && text[i] == '"') {
          field += '"';
          ++i;
          continue;
        }
        break;
      }
      if (i < n && text[i] != ',') {
        error = "text after the closing quote of field " + std::to_string(count);
        return false;
      }
    } else {
      auto comma = text.find(',', i);
      auto end = comma == std::string_view::npos ? n : comma;
      field.append(text.substr(i, end - i));
      if (field.find('"') != std::string::npos) {
        error = "field " + std::to_string(count) + " has a quote but does not start with one";
        return false;
      }
      i = end;
    }
    if (i >= n)
      break;
    ++i; // the comma
  }
  fields.resize(count);
  return true;
}

bool CsvParser::parse_header(std::string& error) {
  m_have_header = true;
  m_columns = m_fields;
  for (std::size_t i = 0; i < m_columns.size(); ++i) {
    std::string column{util::trim(m_columns[i])};
    m_columns[i] = column;
    int index = static_cast<int>(i);
    int* slot = nullptr;
    if (column == "ts" || column == "time" || column == "timestamp")
      slot = &m_ts;
    else if (column == "name")
      slot = &m_name;
    else if (column == "value")
      slot = &m_value;
    else if (column == "unit")
      slot = &m_unit;
    else if (column.empty())
      m_header_error = "the CSV header has an empty column name (column " + std::to_string(i + 1) + ")";
    if (slot) {
      if (*slot >= 0)
        m_header_error = "the CSV header names column " + util::quote(column) + " twice";
      *slot = index;
    }
  }
  if (m_header_error.empty()) {
    std::vector<std::string_view> sorted(m_columns.begin(), m_columns.end());
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 1; i < sorted.size(); ++i)
      if (!sorted[i].empty() && sorted[i] == sorted[i - 1]) {
        m_header_error = "the CSV header names column " + util::quote(sorted[i]) + " twice";
        break;
      }
  }
  if (m_header_error.empty() && (m_name < 0 || m_value < 0))
    m_header_error = "the CSV header must name the columns \"name\" and \"value\" (and may name ts, unit and tags)";
  if (!m_header_error.empty()) {
    error = m_header_error;
    return false;
  }
  return true;
}

bool CsvParser::parse_row(const RecordCallback& on_record, std::string& error) {
  if (!m_header_error.empty()) {
    error = "no usable CSV header: " + m_header_error;
    return false;
  }
  if (m_fields.size() != m_columns.size()) {
    error = "the row has " + std::to_string(m_fields.size()) + " fields, the header " +
            std::to_string(m_columns.size());
    return false;
  }
  detail::reset(m_record);
  m_tags.clear();
  const std::string& name = m_fields[static_cast<std::size_t>(m_name)];
  if (auto valid = record::validate_name(name); !valid) {
    error = valid.error();
    return false;
  }
  m_record.name.assign(name);
  const std::string& value_text = m_fields[static_cast<std::size_t>(m_value)];
  auto value = util::parse_number(util::trim(value_text));
  if (!value) {
    error = "\"value\" must be a finite number, got " + util::quote(value_text);
    return false;
  }
  m_record.value = *value;
  if (m_ts >= 0) {
    std::string_view ts_text = util::trim(m_fields[static_cast<std::size_t>(m_ts)]);
    if (!ts_text.empty()) {
      auto time = [&]() -> Expected<time::TimePoint> {
        if (auto seconds = util::parse_number(ts_text))
          return time::from_epoch_seconds(*seconds);
        return time::parse_timestamp(ts_text);
      }();
      if (!time) {
        error = "\"ts\" " + util::quote(ts_text) + ": " + time.error();
        return false;
      }
      m_record.ts = *time;
      m_record.has_ts = true;
    }
  }
  if (m_unit >= 0)
    m_record.unit.assign(util::trim(m_fields[static_cast<std::size_t>(m_unit)]));
  for (std::size_t i = 0; i < m_columns.size(); ++i) {
    int index = static_cast<int>(i);
    if (index == m_ts || index == m_name || index == m_value || index == m_unit || m_fields[i].empty())
      continue;
    auto& tag = m_tags.add();
    tag.first.assign(m_columns[i]);
    tag.second.assign(m_fields[i]);
  }
  if (!m_tags.store(m_record.tags, error))
    return false;
  on_record(m_record);
  return true;
}

bool CsvParser::parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) {
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  if (!m_have_header && !m_continuing)
    line = detail::without_bom(line);
  std::string_view text = line;
  if (m_continuing) {
    if (m_joined.size() + 1 + line.size() > m_max_record_bytes) {
      m_continuing = false;
      error = "a quoted CSV field runs over " + std::to_string(m_joined_lines + 1) + " lines and more than " +
              std::to_string(m_max_record_bytes) + " bytes (" + k_csv_record_limit.variable + "): is a quote left open?";
      return false;
    }
    m_joined += '\n';
    m_joined.append(line);
    ++m_joined_lines;
    // The field is open while the record holds an odd number of quotes (`""` counts two):
    // split the record only once they close, so a quote left open costs linear time.
    if (std::count(line.begin(), line.end(), '"') % 2 != 0)
      m_quote_open = !m_quote_open;
    if (m_quote_open)
      return true;
    text = m_joined;
  } else if (util::trim(line).empty()) {
    return true;
  }
  bool open = false;
  bool ok = split_csv(text, m_fields, error, &open);
  if (ok && open) {
    if (!m_continuing) {
      m_joined.assign(line);
      m_joined_lines = 1;
      m_quote_open = true;
    }
    m_continuing = true;
    return true;
  }
  m_continuing = false;
  if (!ok)
    return false;
  if (m_fields.size() > m_max_columns) {
    error = (m_have_header ? "the row has " : "the CSV header has ") + std::to_string(m_fields.size()) +
            " columns, more than the limit of " + std::to_string(m_max_columns) + " (" + k_csv_columns_limit.variable + ")";
    return false;
  }
  if (!m_have_header)
    return parse_header(error);
  return parse_row(on_record, error);
}

bool CsvParser::finish(const RecordCallback&, std::string& error) {
  if (m_continuing) {
    m_continuing = false;
    error = "a quoted CSV field is still open at the end of the input";
    return false;
  }
  return true;
}

} // namespace pm::format
