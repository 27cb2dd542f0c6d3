// pm-ingest: validate and normalise records and append them to the history store.
#include "libpm/ingest/ingest.hpp"

#include "libpm/cli/setting.hpp"
#include "libpm/format/influx.hpp"
#include "libpm/ingest/ingester.hpp"
#include "libpm/input/lines.hpp"
#include "libpm/store/layout.hpp"
#include "libpm/store/writer.hpp"
#include "libpm/util/error.hpp"

#include <optional>

namespace pm::ingest {

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> names{"auto", "ndjson", "prometheus", "openmetrics", "influx", "nagios", "csv", "sadf"};
  return names;
}

namespace {

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

} // namespace

int run(const Options& options, cli::Context& context) {
  IngestSettings settings;
  if (options.format != "auto" && !options.format.empty())
    settings.format = format::parse_format(options.format).value_or_throw<UsageError>();
  if (!options.precision.empty()) {
    auto precision = format::parse_influx_precision(options.precision);
    if (!precision)
      throw UsageError("--precision: " + precision.error());
    if (settings.format && *settings.format != format::Format::influx)
      throw UsageError("--precision applies to --format influx (or auto), not " +
                       std::string(format::to_string(*settings.format)));
    settings.parser.influx_precision = options.precision;
  }
  settings.tee = options.tee;
  settings.strict = options.input.strict;
  settings.retention = cli::resolve_retention(options.input.retention);
  const auto sources = input::sources_from_arguments(options.input.files, context.tool, input::StoreInput::none);
  settings.oldest = options.clock.now() - settings.retention;
  settings.parser.csv_max_columns = cli::resolve_limit(format::k_csv_columns_limit);
  settings.parser.csv_max_record_bytes = cli::resolve_limit(format::k_csv_record_limit);

  std::optional<store::Writer> writer;
  if (!options.check) {
    writer.emplace(options.input.store_directory(), options.clock);
    writer->prune(settings.oldest);
  }
  Ingester ingester(settings, context, writer ? &*writer : nullptr, options.clock);
  auto summary = [&] {
    std::string text = plural(ingester.accepted(), "record") + " accepted, " + std::to_string(ingester.rejected()) +
                       " rejected, " + plural(writer ? writer->segments_touched() : 0, "segment") + " touched";
    if (options.check)
      text += " (--check: nothing stored)";
    if (writer && writer->torn_lines_repaired() > 0)
      text += ", " + plural(writer->torn_lines_repaired(), "torn line") + " moved to rejected/";
    context.diagnostics.info(text);
  };
  const std::size_t max_line = cli::resolve_limit(input::k_line_limit);
  try {
    for (const auto& source : sources) {
      ingester.begin_source(source.display_name());
      bool go_on = input::read_lines(
          source,
          [&](const input::Line& line) {
            try {
              ingester.line(line);
            } catch (const BrokenPipe&) {
              // The reader of --tee went away. Store what was read while the lines the
              // writer borrowed from the read buffer are still there, then end quietly.
              if (writer)
                writer->flush();
              throw;
            }
            return true;
          },
          max_line, [&] { ingester.flush(); });
      ingester.end_source();
      if (!go_on)
        break; // SIGINT/SIGTERM: what was read is stored
    }
  } catch (const BrokenPipe&) {
    summary();
    throw;
  } catch (const Error&) {
    summary();
    throw;
  }
  summary();
  return ingester.rejected() > 0 ? 1 : 0;
}

} // namespace pm::ingest
