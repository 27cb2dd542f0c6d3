// Health checks for pm-sample --check: TCP connect, HTTP GET and Monitoring Plugins commands.
#include "libpm/collect/probes.hpp"

#include "libpm/collect/perfdata.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/net.hpp"
#include "libpm/util/process.hpp"
#include "libpm/util/strings.hpp"

#include <thread>

namespace pm::collect {

namespace {

using SteadyClock = std::chrono::steady_clock;

bool valid_check_name(std::string_view name) {
  if (name.empty() || name.size() > 200)
    return false;
  auto is_alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!is_alpha(name.front()))
    return false;
  for (char c : name)
    if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '-' && c != ':')
      return false;
  return true;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

CheckOutcome probe_tcp(const CheckSpec& check, util::Deadline deadline) {
  CheckOutcome outcome;
  const auto start = SteadyClock::now();
  auto socket = util::connect_tcp(check.host, check.port, deadline);
  outcome.latency_seconds = seconds_since(start);
  outcome.up = socket.has_value();
  outcome.message = socket ? "connected" : socket.error();
  return outcome;
}

CheckOutcome probe_http(const CheckSpec& check, util::Deadline deadline) {
  CheckOutcome outcome;
  const auto start = SteadyClock::now();
  auto response = util::http_get(check.url, deadline, util::BodyMode::skip);
  outcome.latency_seconds = seconds_since(start);
  if (!response) {
    outcome.message = response.error();
    return outcome;
  }
  outcome.http_status = response->status;
  outcome.up = response->status >= 200 && response->status < 400;
  outcome.message = "HTTP " + std::to_string(response->status);
  if (!response->reason.empty())
    outcome.message += " " + response->reason;
  return outcome;
}

/// The status text of plugin output: its first line, up to the `|` of performance data.
std::string status_text(std::string_view output) {
  std::string_view line = output.substr(0, output.find('\n'));
  line = line.substr(0, line.find('|'));
  return std::string(util::trim(line));
}

CheckOutcome probe_exec(const CheckSpec& check, util::Deadline deadline) {
  CheckOutcome outcome;
  // /bin/sh -c takes the user's own command line, as cron and Nagios run check commands;
  // nothing pm computed is ever put into it.
  util::ProcessOutcome run = util::run_captured({"/bin/sh", "-c", check.command}, deadline);
  outcome.latency_seconds = std::chrono::duration<double>(run.wall).count();
  outcome.output = std::move(run.output);
  switch (run.end) {
  case util::ProcessOutcome::End::exited:
    outcome.up = run.exit_code == 0;
    outcome.plugin_status = run.exit_code <= 3 ? run.exit_code : 3;
    outcome.message = status_text(outcome.output);
    if (outcome.message.empty())
      outcome.message = run.describe();
    break;
  case util::ProcessOutcome::End::timed_out:
    outcome.plugin_status = 2;
    outcome.message = "timed out";
    break;
  case util::ProcessOutcome::End::signaled:
  case util::ProcessOutcome::End::not_started:
    outcome.plugin_status = 3;
    outcome.message = run.describe();
    break;
  }
  return outcome;
}

record::Record make_record(const CheckSpec& check, std::string_view name, double value, std::string_view unit,
                           time::TimePoint now) {
  record::Record record = record::sample(now, std::string(name), value, std::string(unit));
  record.set_tag("check", check.name);
  return record;
}

} // namespace

CheckSpec parse_check(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos)
    throw UsageError("--check wants NAME=tcp://HOST:PORT, NAME=http://HOST:PORT/PATH or NAME=exec:COMMAND, got " +
                     util::quote(text));
  CheckSpec check;
  check.name = std::string(text.substr(0, equals));
  if (!valid_check_name(check.name))
    throw UsageError("--check name " + util::quote(check.name) +
                     " must start with a letter or _ and hold only letters, digits, _, - and :");
  std::string_view spec = text.substr(equals + 1);
  if (starts_with(spec, "tcp://")) {
    check.kind = CheckKind::tcp;
    // Reuse the URL parser for HOST:PORT and [IPv6]:PORT, but insist on a port and no path.
    auto url = util::parse_http_url("http://" + std::string(spec.substr(6)));
    if (!url || url->target != "/" || url->authority.find(':', url->authority.rfind(']') + 1) == std::string::npos)
      throw UsageError("--check " + check.name + ": want tcp://HOST:PORT, got " + util::quote(spec));
    check.host = url->host;
    check.port = url->port;
  } else if (starts_with(spec, "http://") || starts_with(spec, "https://")) {
    check.kind = CheckKind::http;
    auto url = util::parse_http_url(spec);
    if (!url)
      throw UsageError("--check " + check.name + ": " + url.error());
    check.url = std::move(*url);
  } else if (starts_with(spec, "exec:")) {
    check.kind = CheckKind::exec;
    check.command = std::string(spec.substr(5));
    if (util::trim(check.command).empty())
      throw UsageError("--check " + check.name + ": exec: needs a command");
  } else {
    throw UsageError("--check " + check.name + ": unknown kind of check " + util::quote(spec) +
                     " (want tcp://, http:// or exec:)");
  }
  return check;
}

CheckOutcome probe(const CheckSpec& check, time::Duration timeout) {
  const util::Deadline deadline = SteadyClock::now() + timeout;
  switch (check.kind) {
  case CheckKind::tcp:
    return probe_tcp(check, deadline);
  case CheckKind::http:
    return probe_http(check, deadline);
  case CheckKind::exec:
    return probe_exec(check, deadline);
  }
  return {};
}

std::vector<CheckOutcome> probe_all(const std::vector<CheckSpec>& checks, time::Duration timeout) {
  std::vector<CheckOutcome> outcomes(checks.size());
  if (checks.size() == 1) {
    outcomes[0] = probe(checks[0], timeout);
    return outcomes;
  }
  std::vector<std::string> failures(checks.size());
  {
    std::vector<std::jthread> threads;
    threads.reserve(checks.size());
    for (std::size_t i = 0; i < checks.size(); ++i)
      threads.emplace_back([&, i] {
        try {
          outcomes[i] = probe(checks[i], timeout);
        } catch (const std::exception& e) { // pipe/fork failures; rethrown below, on our thread
          failures[i] = e.what();
        }
      });
  }
  for (const std::string& failure : failures)
    if (!failure.empty())
      throw Error(failure);
  return outcomes;
}

std::vector<record::Record> check_records(const CheckSpec& check, const CheckOutcome& outcome, time::TimePoint now,
                                          util::Diagnostics& diagnostics) {
  std::vector<record::Record> records;
  records.push_back(make_record(check, "health.up", outcome.up ? 1 : 0, "", now));
  if (!outcome.message.empty())
    records.back().add_field("message", outcome.message);
  records.push_back(make_record(check, "health.latency", outcome.latency_seconds, "seconds", now));
  if (check.kind == CheckKind::http && outcome.http_status != 0)
    records.push_back(make_record(check, "health.http.status", outcome.http_status, "", now));
  if (check.kind == CheckKind::exec) {
    records.push_back(make_record(check, "health.status", outcome.plugin_status, "", now));
    for (record::Record& perf : perfdata_records(outcome.output, check.name, now, diagnostics)) {
      perf.set_tag("check", check.name);
      records.push_back(std::move(perf));
    }
  }
  return records;
}

std::vector<record::Record> run_checks(const std::vector<CheckSpec>& checks, time::Duration timeout,
                                       time::TimePoint now, util::Diagnostics& diagnostics) {
  std::vector<CheckOutcome> outcomes = probe_all(checks, timeout);
  std::vector<record::Record> records;
  for (std::size_t i = 0; i < checks.size(); ++i)
    for (record::Record& record : check_records(checks[i], outcomes[i], now, diagnostics))
      records.push_back(std::move(record));
  return records;
}

} // namespace pm::collect
