// pm-alert's body: rules from the options, records through the engine, events out, state saved, exit status.
#pragma once

#include "libpm/alert/rule.hpp"
#include "libpm/cli/options.hpp"

#include <string>
#include <vector>

namespace pm::alert {

struct Options {
  cli::InputOptions input;
  cli::SelectionOptions selection;
  std::vector<std::string> rules;       ///< --rule EXPR
  std::vector<std::string> rules_files; ///< --rules FILE
  bool defaults = false;
  std::string metric, warning, critical; ///< -m -w -c
  bool check_rules = false;
  std::string now;    ///< --now TIME (default: the clock)
  std::string state;  ///< --state FILE
  std::string max_state_size; ///< --max-state-size SIZE (default PM_MAX_STATE_SIZE, else 128 MiB)
  std::vector<std::string> silences;
  std::string format = "ndjson";
  std::string alert_history; ///< --alert-history FILE
  bool no_alert_history = false;
  bool summary = false;
  std::vector<std::string> exec;
  std::string exec_timeout; ///< --exec-timeout DURATION (default k_default_hook_timeout)
  time::Clock clock;
};

/// Gathers the rules the options name (--defaults, --rule, --rules, -m/-w/-c), in that
/// order. Throws UsageError when there are none or one is malformed.
std::vector<Rule> rules_from_options(const Options& options);

/// Runs pm-alert; returns the Monitoring Plugins exit status (0 OK, 1 WARNING, 2 CRITICAL,
/// 3 UNKNOWN).
int run(const Options& options, cli::Context& context);

} // namespace pm::alert
