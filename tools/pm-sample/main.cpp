// pm-sample: collect system metrics from /proc and /sys as NDJSON records.
#include "libpm/cli/options.hpp"
#include "libpm/collect/probe_run.hpp"
#include "libpm/collect/sample.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  pm::collect::Options options;
  pm::collect::ProbeOptions probes;
  CLI::App app;
  pm::cli::configure_app(app, "pm-sample", "collect system metrics as NDJSON records");
  pm::cli::add_clock_option(app, options.clock);

  // What to collect. Each repeatable option takes one value per use (allow_extra_args(false)):
  // a greedy one ends its values at `--` and lets the job's own options (`sh -c`) be read as
  // pm-sample's.
  app.add_option("--collect", options.collect, "only these collectors (comma-separated, repeatable; default all)")
      ->type_name("LIST")
      ->allow_extra_args(false);
  app.add_option("--no-collect", options.no_collect, "leave out these collectors (comma-separated, repeatable)")
      ->type_name("LIST")
      ->allow_extra_args(false);
  app.add_option("--process", options.processes, "also report this process by name or PID (repeatable)")
      ->type_name("NAME|PID")
      ->allow_extra_args(false);
  app.add_option("--tag", options.tags, "add KEY=VALUE to every record (repeatable; host is tagged by default)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);

  // When to collect.
  app.add_option("--window", options.window, "time between the two readings of a one-shot sample (default 1s)")
      ->type_name("DURATION");
  app.add_option("-i,--interval", options.interval, "sample every DURATION until stopped")->type_name("DURATION");
  app.add_option("-c,--count", options.count, "take N samples, then stop")->type_name("N");
  app.add_option("--state", options.state, "keep counters in FILE; rates cover the time since the last run")
      ->type_name("FILE");

  // How to show it.
  app.add_option("-f,--format", options.format,
                 "table (one line per sample, for people) or ndjson (records); default: table on a terminal, else ndjson")
      ->type_name("FORMAT");

  // Probes and jobs.
  app.add_option("--check", probes.checks,
                 "health check NAME=tcp://HOST:PORT, NAME=http://HOST:PORT/PATH or NAME=exec:COMMAND (repeatable)")
      ->type_name("NAME=SPEC")
      ->allow_extra_args(false);
  app.add_option("--timeout", probes.timeout, "give up on a check or scrape after DURATION (default 10s)")
      ->type_name("DURATION");
  app.add_option("--scrape", probes.scrapes, "turn a Prometheus text endpoint (plain http://) into records (repeatable)")
      ->type_name("URL")
      ->allow_extra_args(false);
  app.add_option("--value", probes.values, "emit a custom metric NAME with value NUMBER (repeatable)")
      ->type_name("NAME=NUMBER")
      ->allow_extra_args(false);
  app.add_option("--run", probes.run_name, "run the COMMAND after -- as job NAME, emit task.* and exit with its status")
      ->type_name("NAME");
  app.add_option("command", probes.run_command, "the job of --run and its arguments, after --")->type_name("");

  // Where to read.
  app.add_option("--proc-root", options.proc_root, "read /proc from DIR (default $PM_PROC_ROOT, else /proc)")
      ->type_name("DIR");
  app.add_option("--sys-root", options.sys_root, "read /sys from DIR (default $PM_SYS_ROOT, else /sys)")
      ->type_name("DIR");

  return pm::cli::run_tool(app, argc, argv, pm::cli::ExitStyle::standard,
                           [&](pm::cli::Context& context) { return pm::collect::run_with_probes(options, probes, context); });
}
