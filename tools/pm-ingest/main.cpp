// pm-ingest: validate and normalise records and append them to the history store.
#include "libpm/cli/options.hpp"
#include "libpm/ingest/ingest.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  pm::ingest::Options options;
  CLI::App app;
  pm::cli::configure_app(app, "pm-ingest", "validate and normalise records and append them to the history store");
  pm::cli::add_input_options(app, options.input); // FILE..., --strict, -H/--history [DIR]: the store written
  app.get_option("FILE")->description("inputs in any --format ('-' is stdin; default stdin)");
  app.get_option("--history")->description("the store to append to (DIR, else PM_HISTORY, else ~/.local/state/pm)");
  pm::cli::add_retention_option(app, options.input);
  pm::cli::add_clock_option(app, options.clock);
  app.add_option("-f,--format", options.format, "input format (default auto: detected per input)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember(pm::ingest::format_names()));
  app.add_option("--precision", options.precision,
                 "unit of Influx line protocol timestamps: ns (default, as InfluxDB), us, ms or s")
      ->type_name("UNIT");
  app.add_flag("--tee", options.tee, "also write the accepted records to stdout");
  app.add_flag("--check", options.check, "validate only: store nothing");
  return pm::cli::run_tool(app, argc, argv, pm::cli::ExitStyle::standard,
                           [&](pm::cli::Context& context) { return pm::ingest::run(options, context); });
}
