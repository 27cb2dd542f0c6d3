// pm-alert: evaluate alert rules over records, track firing/resolved state, exit like a Monitoring Plugin.
#include "libpm/alert/format.hpp"
#include "libpm/alert/run.hpp"
#include "libpm/cli/options.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  pm::alert::Options options;
  CLI::App app;
  pm::cli::configure_app(app, "pm-alert", "evaluate alert rules over metric records; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN");
  pm::cli::add_input_options(app, options.input);
  pm::cli::add_selection_options(app, options.selection);
  pm::cli::add_max_series_option(app, options.input);
  app.add_option("-r,--rule", options.rules, "a rule expression, e.g. 'high_cpu: system.cpu.usage > 80 for 5m' (repeatable)")
      ->type_name("EXPR")
      ->allow_extra_args(false);
  app.add_option("--rules", options.rules_files, "rules from a JSON file: a list, or {\"name\": {\"metric\": ...}} (repeatable)")
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_flag("--defaults", options.defaults, "the built-in rules (high_cpu, high_memory, latency_p95, error_rate, ...)");
  app.add_option("-m,--metric-name", options.metric, "plugin form: the metric checked against -w and -c")->type_name("METRIC");
  app.add_option("-w,--warning", options.warning, "plugin form: warning range (80, 10:, ~:10, 10:20, @10:20)")->type_name("RANGE");
  app.add_option("-c,--critical", options.critical, "plugin form: critical range")->type_name("RANGE");
  app.add_flag("--check-rules", options.check_rules, "validate the rules, print them in canonical form and exit");
  app.add_option("--now", options.now, "the time for absent/stale checks at the end of the run (default: the clock)")
      ->type_name("TIME");
  app.add_option("--state", options.state, "keep pending, firing, silenced and flapping alerts and windows in FILE across runs")
      ->type_name("FILE");
  app.add_option("--max-state-size", options.max_state_size,
                 "the largest --state FILE written or read (default PM_MAX_STATE_SIZE, else 128M)")
      ->type_name("SIZE");
  app.add_option("--silence", options.silences, "silence RULE{key=\"value\"} until --until TIME (needs --state; repeatable)")
      ->type_name("RULE{TAGS}")
      ->allow_extra_args(false);
  app.add_option("-f,--format", options.format, "ndjson (default), text, nagios or alertmanager")->type_name("FORMAT");
  app.add_option("--alert-history", options.alert_history, "append events to FILE (default $PM_HISTORY/alerts.ndjson)")
      ->type_name("FILE");
  app.add_flag("--no-alert-history", options.no_alert_history, "do not append events to the alert history");
  app.add_flag("--summary", options.summary, "backtest: print per rule times fired, time firing and flaps instead of events");
  app.add_option("--exec", options.exec, "run CMD (no shell) once per event, the record on stdin, PM_ALERT_* set (repeatable)")
      ->type_name("CMD")
      ->allow_extra_args(false);
  app.add_option("--exec-timeout", options.exec_timeout, "kill a hook's process group after DURATION (default 30s)")
      ->type_name("DURATION");
  return pm::cli::run_tool(
      app, argc, argv, pm::cli::ExitStyle::plugin, [&](pm::cli::Context& context) { return pm::alert::run(options, context); },
      [&](std::string_view message) {
        return pm::alert::failure_output(pm::cli::given_value(app, "--format", options.format), message);
      });
}
