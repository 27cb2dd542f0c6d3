// Unit tests of pm-sample --run: running a job and its task.* records.
#include "libpm/collect/job.hpp"
#include "libpm/util/process.hpp"

#include <catch2/catch.hpp>
#include <csignal>

using namespace pm;
using namespace std::chrono_literals;

namespace {

const time::Clock k_clock(*time::parse_timestamp("2026-11-22T10:00:00Z"));

double value_of(const std::vector<record::Record>& records, std::string_view name) {
  for (const auto& record : records)
    if (record.name == name)
      return record.value;
  FAIL("no record " << name);
  return 0;
}

} // namespace

TEST_CASE("a successful job gives its task records and status 0") {
  auto result = collect::run_job("build", {"true"}, k_clock);
  CHECK(result.exit_status == 0);
  REQUIRE(result.records.size() == 6);
  for (const auto& record : result.records) {
    CHECK(record.tag("task") == "build");
    CHECK(record.ts == k_clock.now());
  }
  CHECK(value_of(result.records, "task.success") == 1);
  CHECK(value_of(result.records, "task.exit_code") == 0);
  CHECK(value_of(result.records, "task.duration") >= 0);
  CHECK(value_of(result.records, "task.max_rss") > 0);
  CHECK(result.records[0].unit == "seconds");
  CHECK(result.records[5].name == "task.max_rss");
  CHECK(result.records[5].unit == "bytes");
}

TEST_CASE("a failing job passes its exit status on") {
  auto result = collect::run_job("t", {"sh", "-c", "exit 7"}, k_clock);
  CHECK(result.exit_status == 7);
  CHECK(value_of(result.records, "task.success") == 0);
  CHECK(value_of(result.records, "task.exit_code") == 7);
}

TEST_CASE("a job killed by a signal gives 128+signal") {
  auto result = collect::run_job("t", {"sh", "-c", "kill -TERM $$"}, k_clock);
  CHECK(result.exit_status == 128 + SIGTERM);
  CHECK(value_of(result.records, "task.success") == 0);
  CHECK(value_of(result.records, "task.exit_code") == 128 + SIGTERM);
}

TEST_CASE("a job that cannot start is a failed job with the shell's 127") {
  auto result = collect::run_job("t", {"/no/such/command"}, k_clock);
  CHECK(result.exit_status == 127);
  CHECK(result.outcome.describe() == "cannot run: no such file or directory");
  CHECK(value_of(result.records, "task.success") == 0);
  auto not_executable = collect::run_job("t", {"/etc/passwd"}, k_clock);
  CHECK(not_executable.exit_status == 126);
}

TEST_CASE("a job's duration and CPU time are measured") {
  auto result = collect::run_job("t", {"sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 0.2"},
                                 k_clock);
  CHECK(value_of(result.records, "task.duration") >= 0.2);
  CHECK(value_of(result.records, "task.duration") < 10);
  CHECK(value_of(result.records, "task.cpu.user") + value_of(result.records, "task.cpu.system") > 0);
}

TEST_CASE("a job's arguments go to it verbatim, never through a shell") {
  auto result = collect::run_job("t", {"test", "$(touch /tmp/pm-never)", "=", "$(touch /tmp/pm-never)"}, k_clock);
  CHECK(result.exit_status == 0);
}

TEST_CASE("validate_job wants a name and a command") {
  CHECK_THROWS_AS(collect::validate_job("", {"true"}), UsageError);
  CHECK_THROWS_AS(collect::validate_job("x", {}), UsageError);
  CHECK_NOTHROW(collect::validate_job("x", {"true"}));
}

TEST_CASE("run_captured keeps stdout, ignores stdin and caps the output") {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  auto outcome = util::run_captured({"/bin/sh", "-c", "cat; printf 'abcdef'"}, deadline, 4);
  CHECK(outcome.end == util::ProcessOutcome::End::exited);
  CHECK(outcome.output == "abcd");
}
