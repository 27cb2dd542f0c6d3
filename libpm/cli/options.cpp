// Options every tool shares and reading records from them.
#include "libpm/cli/options.hpp"

#include <CLI/CLI.hpp>

#include "libpm/cli/setting.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

namespace pm::cli {

void add_input_options(CLI::App& app, InputOptions& options) {
  app.add_option("FILE", options.files, "input files of NDJSON records ('-' is stdin; default stdin)")
      ->type_name("FILE...");
  app.add_flag("--strict", options.strict, "stop at the first bad input line");
  app.add_option_function<std::vector<std::string>>(
         "-H,--history",
         [&options](const std::vector<std::string>& values) {
           options.history = true;
           options.history_dir = values.empty() ? std::string() : values.back();
         },
         "read the history store (DIR, else PM_HISTORY, else ~/.local/state/pm) instead of FILEs")
      ->expected(0, 1)
      ->allow_extra_args(false) // `-H DIR FILE`: FILE stays a positional argument
      ->type_name("[DIR]");
}

void add_retention_option(CLI::App& app, InputOptions& options) {
  app.add_option("--retention", options.retention,
                 "keep records this long (default PERFORMANCE_MONITOR_RETENTION_PERIOD seconds, else 30d)")
      ->type_name("DURATION");
}

void add_max_series_option(CLI::App& app, InputOptions& options) {
  app.add_option("--max-series", options.max_series,
                 "analyse at most N distinct series, leaving out further ones (default PM_MAX_SERIES, else 100000)")
      ->type_name("N");
}

std::string InputOptions::store_directory() const { return resolve_store_directory(history_dir); }

void add_selection_options(CLI::App& app, SelectionOptions& options) {
  app.add_option("--since", options.since, "only records at or after this time (15m, 24h, 7d, 2026-11-20T10:00Z)")
      ->type_name("TIME");
  app.add_option("--until", options.until, "only records before this time (same forms as --since)")->type_name("TIME");
  // allow_extra_args(false): each --metric/--tag takes one value, so `--metric GLOB FILE`
  // leaves FILE to the positional inputs (CLI11 vectors are greedy by default).
  app.add_option("--metric", options.metrics, "only series whose name matches this glob (repeatable)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  app.add_option("--tag", options.tags, "only series with KEY=VALUE, or without KEY!=VALUE (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
}

input::Selection SelectionOptions::resolve(time::TimePoint now) const {
  input::Selection selection;
  auto parse = [&](const char* option, const std::string& text) {
    auto time = time::parse_time_spec(text, now);
    if (!time)
      throw UsageError(std::string(option) + ": " + time.error());
    return *time;
  };
  if (!since.empty())
    selection.since = parse("--since", since);
  if (!until.empty())
    selection.until = parse("--until", until);
  selection.metrics = metrics;
  for (const auto& tag : tags)
    selection.tags.push_back(record::parse_tag_matcher(tag));
  return selection;
}

void add_output_option(CLI::App& app, std::string& path) {
  app.add_option("-o,--output", path, "write to FILE (replaced atomically) instead of stdout")->type_name("FILE");
}

void add_clock_option(CLI::App& app, time::Clock& clock) {
  app.add_option_function<std::string>(
         "--now",
         [&clock](const std::string& text) {
           auto now = time::parse_time_spec(text, time::TimePoint{});
           if (!now)
             throw UsageError("--now: " + now.error());
           clock.pin(*now);
         },
         "pin the clock (for tests)")
      ->group("");
}

OutputTarget::OutputTarget(Context& context, const std::string& path) : m_context(context) {
  if (!path.empty() && path != "-") {
    // A cron line's "$HOME/reports/pm-DAY.html" on a fresh account: create the directories.
    util::make_parent_directories(path, 0755);
    m_file = std::make_unique<util::AtomicFile>(path);
  }
}

void OutputTarget::commit() {
  if (m_file)
    m_file->commit();
  else
    m_context.out.flush();
}


} // namespace pm::cli
