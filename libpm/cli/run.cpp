// The one wrapper every tool runs in.
#include "libpm/cli/run.hpp"

#include <CLI/CLI.hpp>

#include "libpm/util/error.hpp"
#include "libpm/util/signals.hpp"

#include <iostream>
#include <unistd.h>

namespace pm::cli {

void configure_app(CLI::App& app, std::string_view tool, std::string_view description) {
  app.name(std::string(tool));
  app.description(std::string(description));
  app.set_version_flag("-V,--version", std::string(tool) + " " PM_VERSION);
  app.get_formatter()->column_width(32);
  app.option_defaults()->always_capture_default(false);
}

namespace {

void print_error(std::string_view tool, std::string_view message) {
  std::string line(tool);
  line += ": error: ";
  line += message;
  line += '\n';
  (void)!::write(STDERR_FILENO, line.data(), line.size());
}

} // namespace

int run_tool(CLI::App& app, int argc, char** argv, ExitStyle style, const std::function<int(Context&)>& body) {
  const std::string tool = app.get_name();
  const int usage_status = style == ExitStyle::plugin ? 3 : 2;
  const int failure_status = style == ExitStyle::plugin ? 3 : 1;
  util::install_stop_handlers();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << '\n';
    return 0;
  } catch (const CLI::ParseError& e) {
    print_error(tool, std::string(e.what()) + " (see " + tool + " --help)");
    return usage_status;
  } catch (const UsageError& e) {
    print_error(tool, e.what());
    return usage_status;
  } catch (const Error& e) {
    print_error(tool, e.what());
    return failure_status;
  }

  util::Output out(STDOUT_FILENO, "stdout");
  util::Diagnostics diagnostics([&tool](std::string_view line) {
    std::string text(tool);
    text += ": ";
    text += line;
    text += '\n';
    (void)!::write(STDERR_FILENO, text.data(), text.size());
  });
  Context context{tool, out, diagnostics};
  try {
    int status = body(context);
    out.flush();
    return status;
  } catch (const BrokenPipe&) {
    return 0;
  } catch (const UsageError& e) {
    print_error(tool, e.what());
    try {
      out.flush();
    } catch (...) {
    }
    return usage_status;
  } catch (const Error& e) {
    print_error(tool, e.what());
    try {
      out.flush();
    } catch (...) {
    }
    return failure_status;
  } catch (const std::exception& e) {
    print_error(tool, std::string("internal error: ") + e.what());
    return failure_status;
  }
}

} // namespace pm::cli
