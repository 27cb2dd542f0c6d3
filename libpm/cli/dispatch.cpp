// The `pm` command: finding and running `pm-TOOL`, and `pm help`.
#include "libpm/cli/dispatch.hpp"

#include "libpm/util/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pm::cli {

const std::vector<ToolEntry>& tools() {
  static const std::vector<ToolEntry> k_tools = {
      {"sample", "collect system and application metrics as records"},
      {"ingest", "validate, normalise and store records in the history store"},
      {"alert", "evaluate alert rules; exit status as the Monitoring Plugins"},
      {"predict", "trends, forecasts, anomalies, baselines and advice"},
      {"report", "summaries, dashboards, CI gates and exports"},
  };
  return k_tools;
}

std::string commands_help() {
  std::string text = "Commands (pm NAME ARGS... runs pm-NAME ARGS...):\n";
  for (const auto& tool : tools()) {
    text += "  ";
    text += tool.name;
    text.append(10 - tool.name.size(), ' ');
    text += tool.summary;
    text += '\n';
  }
  text += "  help      pm help NAME shows the manual of pm-NAME\n";
  text += "Any other pm-NAME beside pm or on PATH runs as pm NAME too.";
  return text;
}

namespace {

bool is_command_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '-')
    return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  return true;
}

bool is_executable_file(const std::string& path) {
  struct stat status{};
  return ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// "sample" and "pm-sample" both name pm-sample.
std::string tool_name(std::string_view name) {
  if (name.substr(0, 3) == "pm-")
    name.remove_prefix(3);
  return std::string(name);
}

[[noreturn]] void exec_tool(const std::string& path, const std::string& name, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string argv0 = "pm-" + name;
  argv.push_back(argv0.data());
  for (const auto& arg : args)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  ::execv(path.c_str(), argv.data());
  throw Error("cannot run " + path + ": " + std::strerror(errno));
}

// Runs argv (a path or a name looked up on PATH) and waits; its exit status, or -1 when it
// could not be started. `quiet` sends its output to /dev/null.
enum class Quiet { no, yes };
int run_and_wait(const std::vector<std::string>& args, Quiet quiet = Quiet::no) {
  std::vector<char*> argv;
  for (const auto& arg : args)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t child = ::fork();
  if (child < 0)
    throw Error(std::string("fork: ") + std::strerror(errno));
  if (child == 0) {
    if (quiet == Quiet::yes) {
      int null = ::open("/dev/null", O_WRONLY);
      if (null >= 0) {
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
      }
    }
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0)
    if (errno != EINTR)
      throw Error(std::string("waitpid: ") + std::strerror(errno));
  if (WIFEXITED(status))
    return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

const char* env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// `pm help NAME`: the man page installed beside the binary (PREFIX/share/man/man1), else
// man's own search, else the tool's --help.
int show_help(const std::string& name, Context& context) {
  const std::string self_dir = self_directory();
  auto tool = find_tool(name, self_dir, env_or_empty("PATH"));
  if (!tool)
    throw UsageError("'" + name + "' is not a pm command (see pm --help)");
  const std::string page = "pm-" + name;
  context.out.flush();
  const std::string beside = self_dir + "/../share/man/man1/" + page + ".1";
  if (!self_dir.empty() && ::access(beside.c_str(), R_OK) == 0) {
    int status = run_and_wait({"man", "-l", beside});
    if (status == 0)
      return 0;
  }
  if (run_and_wait({"man", "-w", page}, Quiet::yes) == 0) {
    int status = run_and_wait({"man", page});
    if (status == 0)
      return 0;
  }
  exec_tool(*tool, name, {"--help"});
}

} // namespace

std::optional<std::string> find_tool(std::string_view name, const std::string& self_dir, const std::string& path) {
  if (!is_command_name(name))
    return std::nullopt;
  const std::string file = "pm-" + std::string(name);
  if (!self_dir.empty() && is_executable_file(self_dir + "/" + file))
    return self_dir + "/" + file;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find(':', start);
    if (end == std::string::npos)
      end = path.size();
    std::string dir = path.substr(start, end - start);
    if (dir.empty())
      dir = ".";
    if (is_executable_file(dir + "/" + file))
      return dir + "/" + file;
    start = end + 1;
  }
  return std::nullopt;
}

std::string self_directory() {
  std::string buffer(4096, '\0');
  ssize_t size = ::readlink("/proc/self/exe", buffer.data(), buffer.size());
  if (size <= 0 || static_cast<std::size_t>(size) >= buffer.size())
    return {};
  buffer.resize(static_cast<std::size_t>(size));
  auto slash = buffer.rfind('/');
  return slash == std::string::npos ? std::string() : buffer.substr(0, slash);
}

int dispatch(const std::vector<std::string>& args, const std::string& own_help, Context& context) {
  if (args.empty())
    throw UsageError("no command given; pm NAME ARGS... runs pm-NAME (see pm --help)");
  const std::string& command = args.front();
  if (command.size() > 1 && command.front() == '-')
    throw UsageError("unknown option '" + command + "' (see pm --help)");
  if (command == "help") {
    if (args.size() == 1) {
      context.out.write(own_help);
      return 0;
    }
    if (args.size() > 2)
      throw UsageError("pm help takes one command name, got " + std::to_string(args.size() - 1));
    return show_help(tool_name(args[1]), context);
  }
  auto tool = find_tool(command, self_directory(), env_or_empty("PATH"));
  if (!tool)
    throw UsageError("'" + command + "' is not a pm command (see pm --help)");
  context.out.flush();
  exec_tool(*tool, command, {args.begin() + 1, args.end()});
}

} // namespace pm::cli
