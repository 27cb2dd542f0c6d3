// pm-sample's sample loop.
#include "libpm/collect/sample.hpp"

#include "libpm/cli/setting.hpp"
#include "libpm/collect/sampler.hpp"
#include "libpm/collect/table.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/signals.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pm::collect {

namespace {

std::int64_t monotonic_ns() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

/// Sleeps until the absolute CLOCK_MONOTONIC time `deadline_ns` (absolute deadlines do not
/// drift). False when SIGINT/SIGTERM asked to stop.
bool sleep_until(std::int64_t deadline_ns) {
  timespec when{};
  when.tv_sec = static_cast<time_t>(deadline_ns / 1'000'000'000);
  when.tv_nsec = static_cast<long>(deadline_ns % 1'000'000'000);
  while (!util::stop_requested()) {
    int error = ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &when, nullptr);
    if (error == 0)
      return !util::stop_requested();
    if (error != EINTR)
      return !util::stop_requested();
  }
  return false;
}

time::Duration parse_duration_option(std::string_view option, const std::string& text) {
  auto duration = time::parse_duration(text);
  if (!duration)
    throw UsageError(std::string(option) + ": " + duration.error());
  return *duration;
}

/// The root to read: the flag, else the environment variable, else the real one. A root
/// that is not a directory is a usage error: a typo would otherwise sample nothing, silently.
std::string resolve_root(const std::string& flag, const char* option, const char* variable, const char* fallback) {
  return cli::resolve_setting(flag, option, variable, std::string(fallback),
                              [](const cli::SettingText& given) -> Expected<std::string> {
                                struct stat info {};
                                if (::stat(given.text.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
                                  return unexpected(util::quote(given.text) + " is not a directory");
                                return given.text;
                              });
}

/// The previous reading in a state file, or nothing (with the reason noted once).
std::optional<Reading> load_state(StateFile& file, const std::string& path, util::Diagnostics& diagnostics) {
  std::string text = file.read();
  if (text.empty()) {
    diagnostics.info("no previous state in " + path + ": rates start with the next run");
    return std::nullopt;
  }
  // As sadc does with a file that is not its own: a mistyped path must not destroy data.
  if (!text.starts_with("pm-sample-state "))
    throw UsageError("--state " + path + " is not a pm-sample state file: refusing to overwrite it");
  auto reading = parse_state(text);
  if (!reading) {
    diagnostics.warning("state " + path + " ignored: " + reading.error() + "; rates start with the next run");
    return std::nullopt;
  }
  return std::move(*reading);
}

} // namespace

bool use_table(const std::string& format, int fd) {
  if (format == "table")
    return true;
  if (format == "ndjson")
    return false;
  if (!format.empty())
    throw UsageError("--format: expected table or ndjson, got " + util::quote(format));
  return ::isatty(fd) == 1;
}

time::Duration resolve_interval(const std::string& flag) {
  auto interval = cli::resolve_setting(
      flag, "--interval", cli::k_interval_variable, time::Duration{std::chrono::seconds(10)},
      [](const cli::SettingText& given) -> Expected<time::Duration> {
        if (!given.from_environment)
          return time::parse_duration(given.text);
        // The original module's variable holds seconds (`10`, `0.5`).
        auto seconds = util::parse_number(given.text);
        if (!seconds || !(*seconds > 0))
          return cli::got_text("must be a positive number of seconds", given);
        return time::parse_duration(given.text); // seconds, within the range of every duration
      });
  if (interval.count() <= 0)
    throw UsageError("the interval must be at least 1ms");
  return interval;
}

std::vector<std::pair<std::string, std::string>> common_tags(const std::vector<std::string>& tags) {
  std::vector<std::pair<std::string, std::string>> result;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0 && host[0])
    result.emplace_back("host", host);
  for (const auto& tag : tags) {
    auto equals = tag.find('=');
    if (equals == std::string::npos || equals == 0)
      throw UsageError("--tag: expected KEY=VALUE, got " + util::quote(tag));
    std::string key = tag.substr(0, equals);
    auto found = std::find_if(result.begin(), result.end(), [&](const auto& t) { return t.first == key; });
    if (found != result.end())
      found->second = tag.substr(equals + 1); // --tag host=NAME replaces the host name
    else
      result.emplace_back(std::move(key), tag.substr(equals + 1));
  }
  return result;
}

int run(const Options& options, cli::Context& context) {
  const ProcFs fs(resolve_root(options.proc_root, "--proc-root", "PM_PROC_ROOT", "/proc"),
                  resolve_root(options.sys_root, "--sys-root", "PM_SYS_ROOT", "/sys"));
  const time::Duration window = parse_duration_option("--window", options.window);
  if (options.count && *options.count < 1)
    throw UsageError("--count must be at least 1");
  const bool repeating = !options.interval.empty() || options.count;
  const time::Duration interval =
      repeating ? resolve_interval(options.interval)
                : time::Duration{};

  std::vector<std::string> unavailable;
  auto collectors = select_collectors(fs, options.collect, options.no_collect, unavailable);
  for (const auto& name : unavailable)
    context.diagnostics.warning("collector \"" + name + "\" has nothing to read on this machine; skipped");
  Settings settings;
  settings.processes = options.processes;
  if (!settings.processes.empty() &&
      std::none_of(collectors.begin(), collectors.end(), [](const Collector* c) { return c->name == "processes"; }))
    throw UsageError("--process needs the \"processes\" collector");

  Emitter emitter(context.out.buffer(), common_tags(options.tags),
                  [&](std::string_view message) { context.diagnostics.warning(message); });
  Sampler sampler(fs, std::move(collectors), settings);
  std::optional<TableView> table;
  if (use_table(options.format, context.out.fd())) {
    table.emplace();
    emitter.set_observer([&table](std::string_view name, double value, std::initializer_list<Tag> tags) {
      table->observe(name, value, tags);
    });
  }

  // Only a state file outlives the process, so only then can a reboot come between readings.
  const auto boot_id = options.state.empty() ? Sampler::BootId::skip : Sampler::BootId::read;
  std::optional<Reading> previous;
  std::optional<StateFile> state_file;
  const std::int64_t started = monotonic_ns();
  // What rates are measured over: the monotonic clock; under a pinned clock (--now, a
  // simulated day of cron runs) the pinned time plus what has really passed since the start,
  // so that runs five pinned minutes apart have rates over five minutes.
  const std::int64_t pinned_ns =
      options.clock.is_pinned()
          ? std::chrono::duration_cast<std::chrono::nanoseconds>(options.clock.now().time_since_epoch()).count() - started
          : 0;
  auto take = [&](std::int64_t at) { return sampler.take(options.clock.now(), at + pinned_ns, boot_id); };
  std::int64_t first_deadline = started;
  if (!options.state.empty()) {
    state_file.emplace(options.state);
    previous = load_state(*state_file, options.state, context.diagnostics);
  } else if (window.count() > 0) {
    previous = take(started);
    first_deadline = started + std::chrono::nanoseconds(window).count();
  }

  const std::int64_t interval_ns = std::chrono::nanoseconds(interval).count();
  long long taken = 0;
  std::int64_t slot = 0; // deadlines sit on the grid first_deadline + slot * interval
  std::int64_t deadline = first_deadline;
  while (sleep_until(deadline)) {
    Reading current = take(monotonic_ns());
    const Reading* base = previous ? &*previous : nullptr;
    if (base && !options.state.empty() && taken == 0) {
      if (auto why = state_unusable(*base, current, k_state_max_age)) {
        context.diagnostics.info("state " + options.state + " not used for rates: " + *why);
        base = nullptr;
      }
    }
    sampler.report(base, current, emitter);
    for (const auto& source : options.extra_sources)
      source(emitter);
    if (table)
      table->finish_sample(current.wall, context.out.buffer());
    context.out.flush();
    if (state_file)
      // Not fsynced: a state lost in a crash only costs the next run its rates, while an
      // fsync would cost more than the whole cron run.
      state_file->write(format_state(current));
    previous = std::move(current);
    ++taken;
    if (!repeating || (options.count && taken >= *options.count))
      break;
    // The next deadline on the fixed grid; samples missed while we were late are skipped.
    const std::int64_t now = monotonic_ns();
    ++slot;
    if (first_deadline + slot * interval_ns <= now)
      slot = (now - first_deadline) / interval_ns + 1;
    deadline = first_deadline + slot * interval_ns;
  }
  return 0;
}

} // namespace pm::collect
