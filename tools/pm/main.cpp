// pm: the front door, git style: `pm sample ...` runs pm-sample, `pm help TOOL` its manual.
#include "libpm/cli/dispatch.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app;
  pm::cli::configure_app(app, "pm", "run a pm tool: pm NAME ARGS... runs pm-NAME ARGS...");
  app.footer(pm::cli::commands_help());
  // Everything from the first command name on belongs to the tool.
  app.prefix_command();

  return pm::cli::run_tool(app, argc, argv, pm::cli::ExitStyle::standard, [&](pm::cli::Context& context) {
    return pm::cli::dispatch(app.remaining(), app.help(), context);
  });
}
