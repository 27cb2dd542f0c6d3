// The `pm` command: `pm TOOL ARGS...` runs `pm-TOOL ARGS...` (git's dispatcher), `pm help TOOL`.
#pragma once

#include "libpm/cli/run.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::cli {

/// One row per pm tool: the command `pm NAME` runs `pm-NAME`.
struct ToolEntry {
  std::string_view name;
  std::string_view summary;
};

/// The tools pm ships, in the order `pm --help` lists them.
const std::vector<ToolEntry>& tools();

/// The text `pm --help` prints after the options: the commands and how to get help.
std::string commands_help();

/// Where `pm NAME` finds `pm-NAME`: beside the running `pm` binary (`self_dir`) first, then
/// on `path` (colon-separated, as PATH; an empty entry is the current directory). Only an
/// executable regular file counts. Empty when there is none. `name` must be a plain command
/// name (`[a-z0-9][a-z0-9-]*`); anything else finds nothing.
std::optional<std::string> find_tool(std::string_view name, const std::string& self_dir, const std::string& path);

/// The directory holding the running binary (from /proc/self/exe), or empty when unknown.
std::string self_directory();

/// What `pm ARGS...` does after its own options: `args` is the command and its arguments.
/// `pm NAME ARGS...` replaces this process with `pm-NAME ARGS...` (so its exit status,
/// output and signals are the tool's own); `pm help [NAME]` shows NAME's manual page (the
/// page installed beside the binary, else `man pm-NAME`), or its `--help` when there is no
/// manual; `pm help` alone prints pm's own help to `out`. Throws UsageError for no command
/// or an unknown one, Error when the tool is found but cannot be run. Returns the status
/// to exit with when it does not replace the process.
int dispatch(const std::vector<std::string>& args, const std::string& own_help, Context& context);

} // namespace pm::cli
