// Performance data of a Monitoring Plugin's output (an exec --check) as records.
#include "libpm/collect/perfdata.hpp"

#include "libpm/util/strings.hpp"

#include <cctype>
#include <string>

namespace pm::collect {

namespace {

struct UnitScale {
  std::string_view uom;
  std::string_view unit;
  double factor;
};

// The UOMs of the Monitoring Plugins development guidelines; sizes are binary multiples
// as check_disk and check_swap mean them.
constexpr UnitScale k_units[] = {
    {"s", "seconds", 1},         {"ms", "seconds", 1e-3},           {"us", "seconds", 1e-6},
    {"%", "percent", 1},         {"B", "bytes", 1},                 {"KB", "bytes", 1024.0},
    {"MB", "bytes", 1048576.0},  {"GB", "bytes", 1073741824.0},     {"TB", "bytes", 1099511627776.0},
    {"c", "count", 1},
};

/// Splits the performance data into items: blank-separated, a label may be 'quoted' with
/// '' standing for a quote inside it.
std::vector<std::string> split_items(std::string_view text) {
  std::vector<std::string> items;
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'') {
      if (quoted && i + 1 < text.size() && text[i + 1] == '\'') {
        current += '\'';
        ++i;
      } else {
        quoted = !quoted;
        current += '\x01'; // marks where quotes were, so a quoted label keeps its blanks
      }
    } else if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
      if (!current.empty())
        items.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty())
    items.push_back(std::move(current));
  return items;
}

std::string sanitise_label(std::string_view label) {
  std::string out;
  for (char c : label) {
    if (c == '\x01')
      continue;
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '-';
    out += ok ? c : '_';
  }
  return out;
}

/// The number at the start of `text` and the rest (the UOM).
bool split_value(std::string_view text, double& value, std::string_view& uom) {
  std::size_t end = 0;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.' ||
                               text[end] == '-' || text[end] == '+' || text[end] == 'e' || text[end] == 'E'))
    ++end;
  // "e" could begin a UOM only in theory; none of the guidelines' UOMs does.
  auto number = util::parse_number(text.substr(0, end));
  if (!number)
    return false;
  value = *number;
  uom = text.substr(end);
  return true;
}

} // namespace

std::vector<record::Record> perfdata_records(std::string_view output, std::string_view check_name,
                                             time::TimePoint now, util::Diagnostics& diagnostics) {
  std::vector<record::Record> records;
  const std::string source = "check " + std::string(check_name);
  const std::string prefix = "health." + std::string(check_name) + ".";
  bool in_perfdata = false; // after a '|' on a line past the first, every later line is perfdata
  std::size_t line_number = 0;
  for (std::string_view rest = output; !rest.empty();) {
    std::size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    ++line_number;
    std::string_view perf;
    if (in_perfdata) {
      perf = line;
    } else if (std::size_t bar = line.find('|'); bar != std::string_view::npos) {
      perf = line.substr(bar + 1);
      if (line_number > 1)
        in_perfdata = true;
    } else {
      continue;
    }
    for (const std::string& item : split_items(perf)) {
      std::size_t equals = item.rfind('=');
      if (equals == std::string::npos || equals == 0) {
        diagnostics.bad_input(source, line_number, "performance data " + util::quote(item) + " is not label=value");
        continue;
      }
      std::vector<std::string_view> fields = util::split(std::string_view(item).substr(equals + 1), ';');
      if (fields[0] == "U")
        continue; // the plugin could not measure it: no value, not an error
      double value = 0;
      std::string_view uom;
      if (!split_value(fields[0], value, uom)) {
        diagnostics.bad_input(source, line_number,
                              "performance data " + util::quote(item) + " has no number as its value");
        continue;
      }
      record::Record record;
      record.name = prefix + sanitise_label(std::string_view(item).substr(0, equals));
      if (auto valid = record::validate_name(record.name); !valid) {
        diagnostics.bad_input(source, line_number, valid.error());
        continue;
      }
      double factor = 1;
      record.unit = std::string(uom);
      for (const UnitScale& scale : k_units)
        if (uom == scale.uom) {
          record.unit = std::string(scale.unit);
          factor = scale.factor;
        }
      record.ts = now;
      record.has_ts = true;
      record.value = value * factor;
      record.has_value = true;
      // Thresholds and bounds that are plain numbers ride along in the record's unit.
      static constexpr std::string_view k_fields[] = {"", "warn", "crit", "min", "max"};
      for (std::size_t i = 1; i < fields.size() && i < 5; ++i)
        if (auto number = util::parse_number(fields[i]))
          record.add_field(k_fields[i], *number * factor);
      records.push_back(std::move(record));
    }
  }
  return records;
}

} // namespace pm::collect
