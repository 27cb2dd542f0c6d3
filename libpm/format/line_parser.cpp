// What every LineParser shares, and feeding a whole text through one. Apart from the
// registry (format.cpp) so that a tool using one parser directly (pm-sample's perfdata and
// scrapes) does not link the others, nor through the NDJSON parser simdjson.
#include "libpm/format/format.hpp"

namespace pm::format {

namespace {

void append_count(std::string& out, std::size_t count, std::string_view one, std::string_view many) {
  out += std::to_string(count);
  out += ' ';
  out += count == 1 ? one : many;
}

} // namespace

bool LineParser::finish(const RecordCallback&, std::string&) { return true; }

std::string describe(const ParserNotes& notes) {
  std::string out;
  if (notes.non_finite_values > 0)
    append_count(out, notes.non_finite_values, "sample with a NaN/Inf value", "samples with NaN/Inf values");
  if (notes.string_fields > 0) {
    if (!out.empty())
      out += " and ";
    append_count(out, notes.string_fields, "string field", "string fields");
  }
  if (notes.undetermined_values > 0) {
    if (!out.empty())
      out += " and ";
    append_count(out, notes.undetermined_values, "perfdata value \"U\"", "perfdata values \"U\"");
  }
  if (out.empty())
    return out;
  return "skipped " + out + " (a record holds a finite number)";
}

ParseStats parse_lines(std::string_view text, LineParser& parser, std::string_view source,
                       util::Diagnostics& diagnostics, const RecordCallback& on_record) {
  ParseStats stats;
  RecordCallback counting = [&](record::Record& record) {
    ++stats.records;
    on_record(record);
  };
  std::string error;
  std::size_t number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    ++number;
    if (!parser.parse_line(line, counting, error)) {
      ++stats.rejected;
      diagnostics.bad_input(source, number, error);
    }
  }
  if (!parser.finish(counting, error)) {
    ++stats.rejected;
    diagnostics.bad_input(source, number, error);
  }
  if (parser.notes().any())
    diagnostics.warning(std::string(source) + ": " + describe(parser.notes()));
  return stats;
}

} // namespace pm::format
