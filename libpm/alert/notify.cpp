// Hooks (posix_spawnp, no shell) and the alert history file (locked appends, bounded length).
#include "libpm/alert/notify.hpp"

#include "libpm/alert/message.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/file.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/strings.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace pm::alert {

std::vector<std::string> split_command(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word)
        words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      auto close = command.find('\'', i + 1);
      if (close == std::string_view::npos)
        throw UsageError("--exec " + util::quote(command) + ": unterminated ' quote");
      word.append(command.substr(i + 1, close - i - 1));
      i = close;
      in_word = true;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < command.size() && command[j] != '"'; ++j) {
        if (command[j] == '\\' && j + 1 < command.size() && (command[j + 1] == '"' || command[j + 1] == '\\'))
          ++j;
        word += command[j];
      }
      if (j >= command.size())
        throw UsageError("--exec " + util::quote(command) + ": unterminated \" quote");
      i = j;
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word)
    words.push_back(std::move(word));
  if (words.empty())
    throw UsageError("--exec: the command is empty");
  return words;
}

std::vector<std::pair<std::string, std::string>> hook_environment(const Event& e) {
  std::string tags = "{";
  for (std::size_t i = 0; i < e.tags.size(); ++i) {
    if (i)
      tags += ',';
    util::append_json_string(tags, e.tags[i].first);
    tags += ':';
    util::append_json_string(tags, e.tags[i].second);
  }
  tags += '}';
  return {{"PM_ALERT_RULE", e.rule},
          {"PM_ALERT_STATE", std::string(to_string(e.state))},
          {"PM_ALERT_SEVERITY", std::string(record::to_string(e.severity))},
          {"PM_ALERT_VALUE", e.has_value ? util::format_number(e.value) : ""},
          {"PM_ALERT_THRESHOLD", util::format_number(e.threshold)},
          {"PM_ALERT_NAME", e.name},
          {"PM_ALERT_SERIES", record::series_key(e.name, e.tags)},
          {"PM_ALERT_TAGS", tags},
          {"PM_ALERT_MESSAGE", e.message},
          {"PM_ALERT_CONDITION", e.condition},
          {"PM_ALERT_SINCE", time::format_timestamp(e.since)},
          {"PM_ALERT_TS", time::format_timestamp(e.ts)},
          {"PM_ALERT_NOTIFICATION", std::string(to_string(e.notification))},
          {"PM_ALERT_FLAPPING", e.flapping ? "true" : "false"}};
}

namespace {

// The longest PM_ALERT_* value put in the environment. Linux refuses to start a program
// with one string longer than 128 KiB (MAX_ARG_STRLEN) or all of them past about a quarter
// of the stack limit (E2BIG); the whole record is on stdin in any case.
constexpr std::size_t k_max_env_value = 32 * 1024;

std::string describe_status(int status) {
  if (WIFEXITED(status)) {
    int code = WEXITSTATUS(status);
    if (code == 0)
      return "";
    if (code == 127)
      return "exited with status 127 (command not found?)";
    return "exited with status " + std::to_string(code);
  }
  if (WIFSIGNALED(status))
    return "killed by signal " + std::to_string(WTERMSIG(status));
  return "ended abnormally";
}

} // namespace

std::string run_hook(const std::vector<std::string>& argv, std::string_view input,
                     const std::vector<std::pair<std::string, std::string>>& env, time::Duration timeout) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    bool replaced = false;
    for (const auto& [k, v] : env)
      replaced = replaced || (entry.size() > k.size() && entry.starts_with(k) && entry[k.size()] == '=');
    if (!replaced && !entry.starts_with("PM_ALERT_OMITTED="))
      env_strings.emplace_back(entry);
  }
  std::string omitted;
  for (const auto& [k, v] : env) {
    if (v.size() > k_max_env_value) {
      omitted += omitted.empty() ? "" : ",";
      omitted += k;
      continue;
    }
    env_strings.push_back(k + "=" + v);
  }
  if (!omitted.empty())
    env_strings.push_back("PM_ALERT_OMITTED=" + omitted);
  std::vector<char*> envp;
  for (auto& s : env_strings)
    envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args)
    argp.push_back(a.data());
  argp.push_back(nullptr);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    return "could not be run: " + util::errno_text(errno);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
  // The hook's stdout is ours: its chatter must not mix with the NDJSON on stdout.
  posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  // A process group of its own, so that a timeout ends whatever the hook started too.
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  pid_t pid = 0;
  int error = posix_spawnp(&pid, argp[0], &actions, &attributes, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(pipe_fds[0]);
  if (error != 0) {
    ::close(pipe_fds[1]);
    return "could not be run: " + util::errno_text(error);
  }
  // Feed stdin and wait, both against the deadline: a hook that neither reads nor ends
  // must not stop alerting.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  ::fcntl(pipe_fds[1], F_SETFL, ::fcntl(pipe_fds[1], F_GETFL) | O_NONBLOCK);
  std::size_t written = 0;
  int write_fd = pipe_fds[1];
  int status = 0;
  bool timed_out = false;
  while (true) {
    if (write_fd >= 0) {
      while (written < input.size()) {
        ssize_t n = ::write(write_fd, input.data() + written, input.size() - written);
        if (n < 0)
          break;
        written += static_cast<std::size_t>(n);
      }
      if (written == input.size() || (errno != EAGAIN && errno != EINTR)) {
        ::close(write_fd); // all written, or the hook closed its stdin: not an error in itself
        write_fd = -1;
      }
    }
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid)
      break;
    if (done < 0 && errno != EINTR) {
      if (write_fd >= 0)
        ::close(write_fd);
      return "could not be waited for: " + util::errno_text(errno);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      timed_out = true;
      ::kill(-pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    // Until the pipe takes more input or 10 ms pass, then look at the child again.
    struct pollfd wait_for {write_fd, POLLOUT, 0};
    ::poll(&wait_for, write_fd >= 0 ? 1 : 0, 10);
  }
  if (write_fd >= 0)
    ::close(write_fd);
  if (timed_out)
    return "ran longer than " + time::format_duration(timeout) + " (--exec-timeout): its process group was killed";
  return describe_status(status);
}

namespace {
void make_directories(const std::string& path) {
  for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    std::string dir = path.substr(0, slash);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      throw Error(dir + ": cannot create directory: " + util::errno_text(errno));
  }
}
} // namespace

void append_history(const std::string& path, std::string_view lines, std::size_t max_entries) {
  make_directories(path);
  // Not through a symbolic link planted where the history belongs: trimming would cut its target.
  int fd = -1;
  try {
    fd = util::open_regular(path, O_RDWR | O_CREAT | O_APPEND, 0600).release();
  } catch (const Error& e) {
    throw Error(path + ": cannot open the alert history: " +
                std::string(e.what()).substr(std::string_view("cannot open ").size() + path.size() + 2));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::flock(fd, LOCK_EX) != 0)
    throw Error(path + ": cannot lock the alert history: " + util::errno_text(errno));
  std::size_t written = 0;
  while (written < lines.size()) {
    ssize_t n = ::write(fd, lines.data() + written, lines.size() - written);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw Error(path + ": cannot write the alert history: " + util::errno_text(errno));
    }
    written += static_cast<std::size_t>(n);
  }
  std::string content;
  if (::lseek(fd, 0, SEEK_SET) != 0)
    throw Error(path + ": cannot read the alert history: " + util::errno_text(errno));
  util::read_fd_into(fd, path, content);
  std::size_t count = 0;
  for (char c : content)
    count += c == '\n' ? 1 : 0;
  if (count <= max_entries)
    return;
  std::size_t drop = count - max_entries;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < drop; ++i)
    pos = content.find('\n', pos) + 1;
  // Rewritten in place under the lock (a rename would strand writers waiting on the old file).
  std::string_view keep = std::string_view(content).substr(pos);
  if (::ftruncate(fd, 0) != 0)
    throw Error(path + ": cannot trim the alert history: " + util::errno_text(errno));
  for (std::size_t done = 0; done < keep.size();) {
    ssize_t n = ::write(fd, keep.data() + done, keep.size() - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw Error(path + ": cannot write the alert history: " + util::errno_text(errno));
    }
    done += static_cast<std::size_t>(n);
  }
}

} // namespace pm::alert
