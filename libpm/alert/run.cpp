// pm-alert's body: rules from the options, records through the engine, events out, state saved, exit status.
#include "libpm/alert/run.hpp"

#include "libpm/alert/engine.hpp"
#include "libpm/alert/format.hpp"
#include "libpm/alert/message.hpp"
#include "libpm/alert/notify.hpp"
#include "libpm/cli/setting.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <set>
#include <sys/stat.h>

namespace pm::alert {

std::vector<Rule> rules_from_options(const Options& options) {
  std::vector<Rule> rules;
  if (options.defaults)
    rules = default_rules();
  for (const auto& text : options.rules)
    rules.push_back(parse_rule(text, "--rule"));
  const RulesLimits limits{cli::resolve_limit(k_rules_limit), cli::resolve_limit(k_rules_bytes_limit)};
  for (const auto& path : options.rules_files) {
    auto more = load_rules_file(path, limits);
    rules.insert(rules.end(), more.begin(), more.end());
  }
  if (!options.metric.empty())
    rules.push_back(plugin_rule(options.metric, options.warning, options.critical));
  else if (!options.warning.empty() || !options.critical.empty())
    throw UsageError("-w and -c need -m METRIC");
  if (rules.empty())
    throw UsageError("no rules: give --rule EXPR, --rules FILE, --defaults or -m METRIC -w WARN -c CRIT");
  check_unique_names(rules);
  return rules;
}

namespace {

// The whole run but the option checks: kept apart so that run() reads as the steps it takes.
class Runner {
public:
  Runner(const Options& options, cli::Context& context, std::vector<Rule> rules, time::TimePoint now)
      : m_options(options), m_context(context), m_engine(std::move(rules)), m_now(now),
        m_format(parse_format(options.format)) {
    for (const auto& command : options.exec)
      m_hooks.push_back(split_command(command));
    if (!options.exec_timeout.empty()) {
      auto timeout = time::parse_duration(options.exec_timeout);
      if (!timeout)
        throw UsageError("--exec-timeout: " + timeout.error());
      if (timeout->count() <= 0)
        throw UsageError("--exec-timeout: must be longer than zero");
      m_hook_timeout = *timeout;
    }
    if (!options.no_alert_history && !options.summary) {
      m_history_path = options.alert_history.empty() ? options.input.store_directory() + "/alerts.ndjson"
                                                     : options.alert_history;
      m_max_history = cli::resolve_max_history();
    }
    if (!options.state.empty()) {
      m_state_limits.max_bytes = cli::resolve_max_state_size(options.max_state_size);
      m_state_limits.max_groups = cli::resolve_max_series(options.input.max_series);
    }
  }

  /// Loads the --state file when there is one. A file larger than --max-state-size (which
  /// pm-alert never writes) is refused unread, with what to do about it.
  void load() {
    struct stat st {};
    if (m_options.state.empty() || ::stat(m_options.state.c_str(), &st) != 0)
      return;
    const auto size = static_cast<std::size_t>(st.st_size);
    if (S_ISREG(st.st_mode) && size > m_state_limits.max_bytes)
      throw Error(m_options.state + ": state: " + std::to_string(size) + " bytes, more than the " +
                  std::to_string(m_state_limits.max_bytes) +
                  " of --max-state-size (PM_MAX_STATE_SIZE): not loaded; raise the limit, or remove the file to "
                  "start again without the state");
    try {
      m_engine.load_state(util::read_file(m_options.state));
    } catch (const Error& e) {
      throw Error(m_options.state + ": " + e.what());
    }
  }

  Engine& engine() { return m_engine; }

  void on_event(const Event& event) {
    if (m_options.summary)
      return; // a backtest counts events; it does not send them
    std::string line;
    record::append_json(line, event.to_record());
    line += '\n';
    if (!m_history_path.empty())
      m_history += line;
    if (m_format != Format::nagios) {
      std::string& out = m_context.out.buffer();
      if (m_format == Format::ndjson)
        out += line;
      else
        append_event(out, event, m_format);
      m_context.out.flush();
    }
    if (!m_hooks.empty()) {
      auto env = hook_environment(event);
      for (const auto& hook : m_hooks) {
        std::string failure = run_hook(hook, line, env, m_hook_timeout);
        if (!failure.empty())
          m_context.diagnostics.warning("hook " + util::quote(hook.front()) + " " + failure + " (alert " +
                                        util::quote(event.rule) + " " + std::string(to_string(event.state)) + " kept)");
      }
    }
  }

  void save() {
    if (!m_options.state.empty()) {
      util::make_parent_directories(m_options.state); // a fresh /var/lib/pm or ~/.cache/pm
      auto saved = m_engine.save_state(m_state_limits);
      if (saved.dropped > 0)
        m_context.diagnostics.warning(
            m_options.state + ": " + std::to_string(saved.dropped) +
            " alerts left out of the state, the least recently seen (inactive ones first), to keep it within " +
            std::to_string(m_state_limits.max_groups) + " per rule (--max-series) and " +
            std::to_string(m_state_limits.max_bytes) + " bytes (--max-state-size)");
      util::write_file_atomically(m_options.state, saved.text, 0600);
    }
    if (!m_history.empty())
      append_history(m_history_path, m_history, m_max_history);
  }

private:
  const Options& m_options;
  cli::Context& m_context;
  Engine m_engine;
  time::TimePoint m_now;
  Format m_format;
  std::vector<std::vector<std::string>> m_hooks;
  std::string m_history_path;
  time::Duration m_hook_timeout = k_default_hook_timeout;
  std::size_t m_max_history = 1000;
  Engine::StateLimits m_state_limits;
  std::string m_history;
};

} // namespace

int run(const Options& options, cli::Context& context) {
  time::TimePoint now = options.clock.now();
  if (!options.now.empty())
    now = time::parse_time_spec(options.now, options.clock.now()).value_or_throw<UsageError>();
  auto rules = rules_from_options(options);
  Format format = parse_format(options.format);
  if (options.check_rules) {
    for (const auto& rule : rules)
      context.out.write(rule.canonical() + "\n");
    Engine check(rules); // the checks a stream needs (windows on aggregates)
    return 0;
  }
  std::set<std::string> from_defaults;
  if (options.defaults)
    for (const auto& rule : default_rules())
      from_defaults.insert(rule.name);

  Runner runner(options, context, rules, now);
  Engine& engine = runner.engine();
  runner.load();

  if (!options.silences.empty()) {
    // Storing a silence is a command of its own: no input is read.
    if (options.state.empty())
      throw UsageError("--silence needs --state FILE to keep the silence in");
    if (options.selection.until.empty())
      throw UsageError("--silence needs --until TIME (2h, 2026-11-22T18:00Z)");
    // A silence ends in the future: here a duration counts forward from now (2h: two hours
    // from now), where for selecting records it counts back.
    auto ahead = time::parse_duration(options.selection.until);
    time::TimePoint until{};
    if (ahead) {
      until = now + *ahead;
    } else {
      auto given = time::parse_time_spec(options.selection.until, now);
      if (!given)
        throw UsageError("--until: " + given.error());
      until = *given;
    }
    if (until <= now)
      throw UsageError("--until " + util::quote(options.selection.until) + " is not in the future");
    for (const auto& text : options.silences) {
      Silence silence = parse_silence(text, until);
      silence.from = now; // replaying older records into this state is not silenced
      engine.add_silence(std::move(silence));
    }
    runner.save();
    return 0;
  }

  auto selection = options.selection.resolve(now);
  auto sink = [&runner](const Event& event) { runner.on_event(event); };
  auto stats = cli::read_records(options.input, context.tool, selection, context.diagnostics, now,
                                 [&](record::Record& record) {
                                   engine.process(record, sink);
                                   return true;
                                 });
  // Without --state the input is all there is: windows it never covered are judged over it.
  engine.finish(now, sink, options.state.empty() ? InputEnd::finished : InputEnd::continues);

  Status status = engine.status();
  // A rule no record matched is UNKNOWN only when it asks for that (on_missing=unknown, as
  // the plugin form -m does). Any other says so on stderr once: with --state, the first run
  // that finds it without data, so that cron does not mail the same line every five
  // minutes. A default rule without data is not even that: --defaults is a catalogue.
  std::vector<std::string> no_data;
  std::vector<std::string> quiet_no_data;
  for (const auto& name : status.rules_without_data) {
    auto rule = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return r.name == name; });
    if (rule != rules.end() && rule->on_missing == MissingPolicy::unknown)
      no_data.push_back(name);
    else if (!from_defaults.count(name) && engine.note_no_data(name))
      quiet_no_data.push_back(name);
  }
  runner.save();

  if (status.too_late > 0)
    context.diagnostics.warning(std::to_string(status.too_late) +
                                " records were older than their series' window and left out of its aggregate");
  bool any_unknown = status.unknown || !no_data.empty() || stats.incomplete();
  int exit_status = plugin_status(status, any_unknown);
  // UNKNOWN always says why: the nagios status line does; otherwise stderr (bad lines were
  // reported as they were read).
  if (format != Format::nagios || options.summary) {
    for (const auto& name : no_data)
      context.diagnostics.warning("rule " + name + " matched no record: UNKNOWN");
    for (const auto& reason : status.unknown_reasons)
      context.diagnostics.warning(reason + ": UNKNOWN");
  }
  for (const auto& name : quiet_no_data)
    context.diagnostics.warning("rule " + name + " matched no record (on_missing=unknown would make that UNKNOWN)");

  if (options.summary) {
    context.out.write(summary_table(engine.summaries()));
  } else if (format == Format::nagios) {
    std::vector<std::string> firing;
    for (const auto& reading : engine.readings())
      if (reading.firing)
        firing.push_back(reading.rule + " " + std::string(record::to_string(reading.severity)) + ": " +
                         record::series_key(reading.name, reading.tags) + " = " + short_number(reading.value));
    context.out.write(nagios_line(exit_status, engine.rules(), engine.readings(), firing, no_data, status.unknown_reasons));
  }
  return exit_status;
}

} // namespace pm::alert
