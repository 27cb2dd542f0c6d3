// pm-sample --run NAME -- COMMAND...: run a job and describe how it went as task.* records.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/process.hpp"

#include <string>
#include <vector>

namespace pm::collect {

/// A job and the status pm-sample should exit with.
struct JobResult {
  std::vector<record::Record> records;
  int exit_status = 0; ///< the job's own: exit code, 128+signal, 127 not found, 126 not executable
  util::ProcessOutcome outcome;
};

/// The records of a finished job, stamped `end`, tagged `task=NAME`: `task.duration`
/// (seconds), `task.success` (1 when it exited 0), `task.exit_code` (the shell's status:
/// 128+signal when killed, 127/126 when it could not start), `task.cpu.user` and
/// `task.cpu.system` (seconds), `task.max_rss` (bytes).
std::vector<record::Record> job_records(const std::string& name, const util::ProcessOutcome& outcome,
                                        time::TimePoint end);

/// Checks the arguments of --run: a non-empty NAME and a command. Throws UsageError.
void validate_job(const std::string& name, const std::vector<std::string>& command);

/// Runs `command` (no shell: argv[0] looked up in PATH) with stdin and stderr unchanged and
/// its stdout sent to our stderr, so our stdout carries only records; waits for it (see
/// util::run_job) and returns its records stamped with `clock` at its end. A command that
/// cannot start is a failed job (exit status 127/126), not an exception.
JobResult run_job(const std::string& name, const std::vector<std::string>& command, const time::Clock& clock);

} // namespace pm::collect
