// Health checks for pm-sample --check: TCP connect, HTTP GET and Monitoring Plugins commands.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/diagnostics.hpp"
#include "libpm/util/http.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pm::collect {

/// The default --timeout of a check, as check_tcp's.
inline constexpr time::Duration k_default_check_timeout = std::chrono::seconds(10);

enum class CheckKind { tcp, http, exec };

/// One `--check NAME=SPEC` as given on the command line.
struct CheckSpec {
  std::string name; ///< the `check` tag; also part of the perfdata metric names
  CheckKind kind = CheckKind::tcp;
  std::string host;           ///< tcp
  std::uint16_t port = 0;     ///< tcp
  util::HttpUrl url;          ///< http
  std::string command;        ///< exec: the user's own command line, run by /bin/sh -c
};

/// Parses `NAME=tcp://HOST:PORT`, `NAME=http://HOST[:PORT]/PATH` or `NAME=exec:COMMAND`.
/// HOST may be a name, an IPv4 address or `[IPv6]`. NAME must be usable inside a metric
/// name (`[A-Za-z0-9_:-]`, starting with a letter or `_`). Throws UsageError saying what is
/// wrong with the argument (missing `=`, unknown scheme, https, bad port, empty command).
CheckSpec parse_check(std::string_view text);

/// What one probe observed, before it becomes records.
struct CheckOutcome {
  bool up = false;
  double latency_seconds = 0; ///< how long the probe took, whether it succeeded or not
  std::string message;        ///< one line: "connected", "connection refused", "HTTP 200 OK", a plugin's status text
  int http_status = 0;        ///< http: the status code, 0 when no answer came
  int plugin_status = -1;     ///< exec: Monitoring Plugins state 0..3
  std::string output;         ///< exec: what the command printed on stdout
};

/// Runs one probe, waiting at most `timeout`. Never throws for a failed probe: a refused
/// connection, a timeout, a failed command are outcomes (up = false). tcp: up when the
/// connection is made. http: up when the answer has status 2xx or 3xx (redirects are not
/// followed). exec: `/bin/sh -c COMMAND` (the user's own command line: no data of ours is
/// put into it), stdin from /dev/null, in its own process group that is killed at the
/// timeout; up when it exits 0; plugin_status is its exit code when 0..3, 2 (CRITICAL, as
/// Nagios' service_check_timeout_state) when it timed out, else 3 (UNKNOWN).
CheckOutcome probe(const CheckSpec& check, time::Duration timeout);

/// Runs all probes at once (one thread each) and returns their outcomes in order.
std::vector<CheckOutcome> probe_all(const std::vector<CheckSpec>& checks, time::Duration timeout);

/// The records of one outcome, stamped `now`, each tagged `check=NAME`: `health.up` (1/0,
/// with a `message` field), `health.latency` (seconds), `health.http.status` for http,
/// `health.status` (0..3) for exec, and for exec the performance data the command printed
/// (see collect::perfdata_records); bad performance data is reported to `diagnostics`.
std::vector<record::Record> check_records(const CheckSpec& check, const CheckOutcome& outcome, time::TimePoint now,
                                          util::Diagnostics& diagnostics);

/// probe_all and check_records together.
std::vector<record::Record> run_checks(const std::vector<CheckSpec>& checks, time::Duration timeout,
                                       time::TimePoint now, util::Diagnostics& diagnostics);

} // namespace pm::collect
