// The format registry: names, the parser factory, the NDJSON parser, detection, parse_text.
#include "libpm/format/format.hpp"

#include "libpm/format/csv.hpp"
#include "libpm/format/influx.hpp"
#include "libpm/format/nagios.hpp"
#include "libpm/format/prometheus.hpp"
#include "libpm/format/sadf.hpp"
#include "libpm/format/text.hpp"
#include "libpm/util/strings.hpp"

#include <array>

namespace pm::format {

namespace {

struct FormatName {
  std::string_view name;
  Format format;
};

// One row per name a user may type; the first row of each format is its canonical name.
constexpr std::array k_format_names{
    FormatName{"ndjson", Format::ndjson},           FormatName{"prometheus", Format::prometheus},
    FormatName{"openmetrics", Format::openmetrics}, FormatName{"influx", Format::influx},
    FormatName{"nagios", Format::nagios},           FormatName{"csv", Format::csv},
    FormatName{"json", Format::ndjson},             FormatName{"prom", Format::prometheus},
    FormatName{"om", Format::openmetrics},          FormatName{"line-protocol", Format::influx},
    FormatName{"lp", Format::influx},               FormatName{"perfdata", Format::nagios},
    FormatName{"sadf", Format::sadf},
};

// NDJSON through the record parser; blank lines are skipped.
class NdjsonParser final : public LineParser {
public:
  bool parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) override {
    if (util::trim(line).empty())
      return true;
    if (!m_parser.parse(line, m_record, error))
      return false;
    on_record(m_record);
    return true;
  }

private:
  record::Parser m_parser;
  record::Record m_record;
};

} // namespace

std::string_view to_string(Format format) {
  for (const auto& row : k_format_names)
    if (row.format == format)
      return row.name;
  return "unknown";
}

Expected<Format> parse_format(std::string_view name) {
  for (const auto& row : k_format_names)
    if (row.name == name)
      return row.format;
  return unexpected("unknown format " + util::quote(name) +
                    ": expected ndjson, prometheus, openmetrics, influx, nagios, csv or sadf");
}

std::unique_ptr<LineParser> make_parser(Format format, const ParserOptions& options) {
  switch (format) {
  case Format::ndjson: return std::make_unique<NdjsonParser>();
  case Format::prometheus:
    return std::make_unique<PrometheusParser>(options.prometheus_guess_timestamps ? PrometheusFlavour::guess
                                                                                 : PrometheusFlavour::text);
  case Format::openmetrics: return std::make_unique<PrometheusParser>(PrometheusFlavour::openmetrics);
  case Format::influx: return std::make_unique<InfluxParser>(parse_influx_precision(options.influx_precision).value_or_throw<UsageError>());
  case Format::nagios: return std::make_unique<NagiosParser>(options.nagios_prefix, PluginState::record);
  case Format::csv: return std::make_unique<CsvParser>(options.csv_max_columns, options.csv_max_record_bytes);
  case Format::sadf: return std::make_unique<SadfParser>();
  }
  throw UsageError("unknown format");
}

bool AutoParser::parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) {
  if (m_parser)
    return m_parser->parse_line(line, on_record, error);
  line = detail::without_bom(line);
  auto format = detect_format(line);
  if (!format) {
    std::string_view text = util::trim(line);
    if (text.empty() || text.front() == '#')
      return true;
    error = "cannot tell the input format from this line: " + util::quote(text) + " (give --format)";
    return false;
  }
  m_format = format;
  ParserOptions options = m_options;
  options.prometheus_guess_timestamps = true;
  m_parser = make_parser(*format, options);
  return m_parser->parse_line(line, on_record, error);
}

bool AutoParser::finish(const RecordCallback& on_record, std::string& error) {
  if (!m_parser)
    return true;
  return m_parser->finish(on_record, error);
}

ParseStats parse_text(std::string_view text, std::optional<Format> format, std::string_view source,
                      util::Diagnostics& diagnostics, const RecordCallback& on_record, const ParserOptions& options) {
  std::unique_ptr<LineParser> parser;
  if (format)
    parser = make_parser(*format, options);
  else
    parser = std::make_unique<AutoParser>(options);
  return parse_lines(text, *parser, source, diagnostics, on_record);
}

} // namespace pm::format
