// pm-report: summaries, the module dashboard, CI gates and exports from NDJSON records.
#include "libpm/cli/options.hpp"
#include "libpm/report/report.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  pm::report::Options options;
  CLI::App app;
  pm::cli::configure_app(app, "pm-report", "summaries, dashboards, CI gates and exports from NDJSON records");
  pm::report::add_options(app, options);
  return pm::cli::run_tool(app, argc, argv, pm::cli::ExitStyle::standard,
                           [&](pm::cli::Context& context) { return pm::report::run(options, context); });
}
