// pm-predict: trends, forecasts with intervals and time to a threshold, per series.
#include "libpm/cli/options.hpp"
#include "libpm/predict/run.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  pm::predict::Options options;
  CLI::App app;
  pm::cli::configure_app(app, "pm-predict", "trends, forecasts with prediction intervals and time to a threshold");
  pm::predict::add_options(app, options);
  return pm::cli::run_tool(app, argc, argv, pm::cli::ExitStyle::standard,
                           [&](pm::cli::Context& context) { return pm::predict::run(options, context); });
}
