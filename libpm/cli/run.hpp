// The one wrapper every tool runs in: options, errors to exit codes, pipes and signals.
#pragma once

#include "libpm/util/diagnostics.hpp"
#include "libpm/util/output.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace CLI {
class App; // <CLI/CLI.hpp> is heavy: only the files that declare options include it
}

namespace pm::cli {

/// How failures map to exit codes. `standard` (pm(7) EXIT STATUS): usage error 2, runtime failure 1.
/// `plugin` (pm-alert, the Monitoring Plugins): both are 3, UNKNOWN.
enum class ExitStyle { standard, plugin };

/// What a tool's body gets from the wrapper.
struct Context {
  std::string_view tool;
  util::Output& out;                ///< stdout, buffered; the wrapper flushes it
  util::Diagnostics& diagnostics;   ///< stderr, prefixed with the tool name
};

/// Parses `argv` into the options declared on `app`, then calls `body` and returns the exit
/// status to hand to `main`. `--help` and `--version` print to stdout and return 0. Errors
/// are printed once as `TOOL: error: message`: a CLI11 parse error or UsageError gives 2
/// (3 in plugin style), Error gives 1 (3), a closed stdout (EPIPE) ends quietly with 0.
/// SIGINT/SIGTERM set util::stop_requested(); the body is expected to return soon after, and
/// what it buffered is flushed.
///
/// `on_failure`, when given, is asked after an error (usage or runtime) what to print on
/// stdout besides the error on stderr; it gets the message and returns the text, or nothing.
/// pm-alert's `--format nagios` answers with its status line: a monitoring system reads
/// stdout and the exit status, never stderr.
using FailureOutput = std::function<std::string(std::string_view message)>;
int run_tool(CLI::App& app, int argc, char** argv, ExitStyle style, const std::function<int(Context&)>& body,
             const FailureOutput& on_failure = {});

/// The value option `name` was given on the command line (the last one), read from what
/// CLI11 saw even when parsing failed after it; else `parsed`.
std::string given_value(const CLI::App& app, const std::string& name, const std::string& parsed);

/// Sets the app's name, description, version flag and help formatting shared by all tools.
void configure_app(CLI::App& app, std::string_view tool, std::string_view description);

} // namespace pm::cli
