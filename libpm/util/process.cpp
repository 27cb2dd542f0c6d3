// Running commands without a shell in between: jobs (fork/execvp, wait4) and captured checks.
#include "libpm/util/process.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/fd.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/signals.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace pm::util {

int ProcessOutcome::shell_status() const {
  switch (end) {
  case End::exited:
    return exit_code;
  case End::signaled:
  case End::timed_out:
    return 128 + signal;
  case End::not_started:
    return start_errno == ENOENT ? 127 : 126;
  }
  return 1;
}

std::string ProcessOutcome::describe() const {
  switch (end) {
  case End::exited:
    return "exited with status " + std::to_string(exit_code);
  case End::signaled:
    return "killed by signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
  case End::timed_out:
    return "timed out";
  case End::not_started:
    return "cannot run: " + errno_text(start_errno);
  }
  return {};
}

namespace {

using SteadyClock = std::chrono::steady_clock;

/// argv as the char* array exec wants, built before fork (the child may not allocate).
std::vector<char*> exec_argv(const std::vector<std::string>& argv) {
  if (argv.empty())
    throw Error("no command to run");
  std::vector<char*> out;
  out.reserve(argv.size() + 1);
  for (const std::string& arg : argv)
    out.push_back(const_cast<char*>(arg.c_str())); // exec's signature; it does not write
  out.push_back(nullptr);
  return out;
}

/// In the child after fork: report errno on the close-on-exec pipe and leave.
[[noreturn]] void child_fail(int error_fd) {
  int error = errno;
  (void)!::write(error_fd, &error, sizeof error);
  ::_exit(127);
}

/// In the child: undo what the parent set up for itself. Only async-signal-safe calls.
void child_reset_signals() {
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGPIPE, &action, nullptr); // we ignore SIGPIPE; an ignored disposition survives exec
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

/// Reads the exec-error pipe after fork: 0 when exec succeeded, else the child's errno.
int read_start_errno(int error_fd) {
  int error = 0;
  for (;;) {
    ssize_t got = ::read(error_fd, &error, sizeof error);
    if (got < 0 && errno == EINTR)
      continue;
    return got == static_cast<ssize_t>(sizeof error) ? error : 0;
  }
}

void fill_usage(ProcessOutcome& outcome, const rusage& usage) {
  outcome.usage.user_seconds =
      static_cast<double>(usage.ru_utime.tv_sec) + static_cast<double>(usage.ru_utime.tv_usec) / 1e6;
  outcome.usage.system_seconds =
      static_cast<double>(usage.ru_stime.tv_sec) + static_cast<double>(usage.ru_stime.tv_usec) / 1e6;
  outcome.usage.max_rss_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024; // Linux: KiB
}

void fill_status(ProcessOutcome& outcome, int status) {
  if (WIFEXITED(status)) {
    outcome.end = ProcessOutcome::End::exited;
    outcome.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome.end = ProcessOutcome::End::signaled;
    outcome.signal = WTERMSIG(status);
  }
}

std::pair<UniqueFd, UniqueFd> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw Error("cannot create a pipe: " + errno_text(errno));
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

} // namespace

ProcessOutcome run_job(const std::vector<std::string>& argv, JobStdout stdout_mode) {
  std::vector<char*> args = exec_argv(argv);
  auto [error_read, error_write] = make_pipe();
  ProcessOutcome outcome;
  const auto start = SteadyClock::now();
  pid_t pid = ::fork();
  if (pid < 0)
    throw Error("cannot fork: " + errno_text(errno));
  if (pid == 0) {
    child_reset_signals();
    if (stdout_mode == JobStdout::to_stderr && ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
      child_fail(error_write.get());
    ::execvp(args[0], args.data());
    child_fail(error_write.get());
  }
  error_write.reset();
  outcome.start_errno = read_start_errno(error_read.get());

  bool forwarded = false;
  int status = 0;
  rusage usage{};
  for (;;) {
    if (!forwarded && stop_signal() == SIGTERM) {
      // Ctrl-C reaches the job through the terminal's process group; SIGTERM aimed at us
      // alone (a CI timeout, systemd) is passed on so the job can end cleanly.
      ::kill(pid, SIGTERM);
      forwarded = true;
    }
    pid_t done = ::wait4(pid, &status, 0, &usage);
    if (done == pid)
      break;
    if (done < 0 && errno != EINTR)
      throw Error("cannot wait for the job: " + errno_text(errno));
  }
  outcome.wall = SteadyClock::now() - start;
  fill_usage(outcome, usage);
  if (outcome.start_errno != 0) {
    outcome.end = ProcessOutcome::End::not_started;
    return outcome;
  }
  fill_status(outcome, status);
  return outcome;
}

ProcessOutcome run_captured(const std::vector<std::string>& argv, Deadline deadline, std::size_t max_output) {
  std::vector<char*> args = exec_argv(argv);
  auto [error_read, error_write] = make_pipe();
  auto [output_read, output_write] = make_pipe();
  ProcessOutcome outcome;
  const auto start = SteadyClock::now();
  pid_t pid = ::fork();
  if (pid < 0)
    throw Error("cannot fork: " + errno_text(errno));
  if (pid == 0) {
    // Only async-signal-safe calls from here on: other threads may hold locks.
    ::setpgid(0, 0);
    child_reset_signals();
    int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd < 0 || ::dup2(null_fd, STDIN_FILENO) < 0 || ::dup2(output_write.get(), STDOUT_FILENO) < 0)
      child_fail(error_write.get());
    ::execv(args[0], args.data());
    child_fail(error_write.get());
  }
  ::setpgid(pid, pid); // also here, so the group exists before we might kill it
  error_write.reset();
  output_write.reset();
  outcome.start_errno = read_start_errno(error_read.get());

  bool timed_out = false;
  char buffer[8192];
  for (;;) {
    pollfd entry{output_read.get(), POLLIN, 0};
    int ready = ::poll(&entry, 1, milliseconds_left(deadline));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready <= 0) {
      timed_out = ready == 0;
      break;
    }
    ssize_t got = ::read(output_read.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    std::size_t room = max_output - std::min(max_output, outcome.output.size());
    outcome.output.append(buffer, std::min(room, static_cast<std::size_t>(got)));
  }

  int status = 0;
  rusage usage{};
  auto nap = std::chrono::microseconds(100);
  if (timed_out)
    ::kill(-pid, SIGKILL); // the whole group: a shell's children too
  for (;;) {
    pid_t done = ::wait4(pid, &status, timed_out ? 0 : WNOHANG, &usage);
    if (done == pid)
      break;
    if (done < 0 && errno != EINTR)
      throw Error("cannot wait for the check: " + errno_text(errno));
    if (done < 0)
      continue;
    if (SteadyClock::now() >= deadline) {
      timed_out = true;
      ::kill(-pid, SIGKILL);
      continue;
    }
    std::this_thread::sleep_for(nap); // stdout closed but not exited yet: poll briefly
    nap = std::min(nap * 2, std::chrono::microseconds(20000));
  }
  outcome.wall = SteadyClock::now() - start;
  fill_usage(outcome, usage);
  if (outcome.start_errno != 0) {
    outcome.end = ProcessOutcome::End::not_started;
    return outcome;
  }
  fill_status(outcome, status);
  if (timed_out) {
    ::kill(-pid, SIGKILL); // stragglers that kept the output pipe open
    outcome.end = ProcessOutcome::End::timed_out;
    outcome.signal = SIGKILL;
  }
  return outcome;
}

} // namespace pm::util
