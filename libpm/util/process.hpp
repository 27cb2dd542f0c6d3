// Running commands without a shell in between: jobs (fork/execvp, wait4) and captured checks.
#pragma once

#include "libpm/util/net.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pm::util {

/// What the kernel's wait4() reports about a finished process and its reaped children.
struct ProcessUsage {
  double user_seconds = 0;
  double system_seconds = 0;
  std::uint64_t max_rss_bytes = 0; ///< peak resident set of the largest process, in bytes
};

/// How a process ended.
struct ProcessOutcome {
  enum class End { exited, signaled, timed_out, not_started };
  End end = End::not_started;
  int exit_code = 0;            ///< with End::exited
  int signal = 0;               ///< with End::signaled (and the SIGKILL of End::timed_out)
  int start_errno = 0;          ///< with End::not_started: why exec failed
  std::chrono::nanoseconds wall{}; ///< from fork to reaping
  ProcessUsage usage;
  std::string output;           ///< captured stdout (run_captured only), cut at its limit

  /// The status a shell would give: the exit code; 128+signal when killed; 127 when the
  /// command was not found and 126 when it could not be executed.
  int shell_status() const;
  /// "exited with status 2", "killed by signal 9 (Killed)", "timed out", "cannot run: ...".
  std::string describe() const;
};

/// Where a job's standard output goes.
enum class JobStdout { inherit, to_stderr };

/// Runs `argv` (argv[0] looked up in PATH, no shell) with stdin and stderr inherited, and
/// stdout inherited or sent to our stderr, in our process group (so a terminal's Ctrl-C
/// reaches it as it reaches us), then waits with wait4(). A SIGTERM that asks us to stop
/// while it runs (util::stop_requested) is passed on to the job, which is still waited for.
/// An `argv` that cannot be executed gives End::not_started, not an exception. Throws Error
/// when fork() fails. `argv` must not be empty.
ProcessOutcome run_job(const std::vector<std::string>& argv, JobStdout stdout_mode);

/// Runs `argv` (argv[0] is a path, no PATH search) in a new process group with stdin from
/// /dev/null, captures its stdout (at most `max_output` bytes kept; the rest is read and
/// dropped), lets stderr through, and waits until `deadline`: then the whole process group
/// gets SIGKILL and the outcome is End::timed_out. Safe to call from several threads at once.
/// Throws Error when pipe() or fork() fails.
ProcessOutcome run_captured(const std::vector<std::string>& argv, Deadline deadline,
                            std::size_t max_output = std::size_t{1} << 20);

} // namespace pm::util
