// pm-sample --run NAME -- COMMAND...: run a job and describe how it went as task.* records.
#include "libpm/collect/job.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

namespace pm::collect {

std::vector<record::Record> job_records(const std::string& name, const util::ProcessOutcome& outcome,
                                        time::TimePoint end) {
  const bool success = outcome.end == util::ProcessOutcome::End::exited && outcome.exit_code == 0;
  const struct {
    const char* name;
    double value;
    const char* unit;
  } rows[] = {
      {"task.duration", std::chrono::duration<double>(outcome.wall).count(), "seconds"},
      {"task.success", success ? 1.0 : 0.0, ""},
      {"task.exit_code", static_cast<double>(outcome.shell_status()), ""},
      {"task.cpu.user", outcome.usage.user_seconds, "seconds"},
      {"task.cpu.system", outcome.usage.system_seconds, "seconds"},
      {"task.max_rss", static_cast<double>(outcome.usage.max_rss_bytes), "bytes"},
  };
  std::vector<record::Record> records;
  for (const auto& row : rows) {
    record::Record record = record::sample(end, row.name, row.value, row.unit);
    record.set_tag("task", name);
    records.push_back(std::move(record));
  }
  return records;
}

void validate_job(const std::string& name, const std::vector<std::string>& command) {
  if (name.empty() && !command.empty())
    throw UsageError("unexpected argument " + util::quote(command.front()) +
                     ": pm-sample takes options (-i 1s -c 3), and a job as --run NAME -- COMMAND...");
  if (name.empty())
    throw UsageError("--run needs a job name: --run NAME -- COMMAND...");
  if (command.empty() || command.front().empty())
    throw UsageError("--run " + name + " needs a command after --: --run NAME -- COMMAND...");
}

JobResult run_job(const std::string& name, const std::vector<std::string>& command, const time::Clock& clock) {
  validate_job(name, command);
  JobResult result;
  result.outcome = util::run_job(command, util::JobStdout::to_stderr);
  result.exit_status = result.outcome.shell_status();
  result.records = job_records(name, result.outcome, clock.now());
  return result;
}

} // namespace pm::collect
