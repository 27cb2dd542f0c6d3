// pm-sample's probe options (--check, --run, --value, --scrape) wired into its sample loop.
#include "libpm/collect/probe_run.hpp"

#include "libpm/collect/collector.hpp"
#include "libpm/collect/custom.hpp"
#include "libpm/collect/job.hpp"
#include "libpm/collect/probes.hpp"
#include "libpm/collect/scrape.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

#include <memory>

namespace pm::collect {

bool ProbeOptions::any() const {
  return !checks.empty() || !values.empty() || !scrapes.empty() || !run_name.empty() || !run_command.empty();
}

namespace {

/// The probes, parsed, and what they write into each sample.
struct ProbeSet {
  std::vector<CheckSpec> checks;
  std::vector<ScrapeTarget> scrapes;
  std::vector<CustomValue> values;
  time::Duration timeout = k_default_check_timeout;
  std::vector<record::Record> once; ///< the job's records: only in the first sample
  bool failed = false;              ///< a scrape failed or input was bad
};

time::Duration parse_timeout(const std::string& text) {
  if (text.empty())
    return k_default_check_timeout;
  auto timeout = time::parse_duration(text);
  if (!timeout)
    throw UsageError("--timeout: " + timeout.error());
  if (timeout->count() <= 0)
    throw UsageError("--timeout must be more than 0");
  return *timeout;
}

/// Appends `record` to the sample's output with the common tags it does not have itself.
void write_record(std::string& out, record::Record& record, const std::vector<std::pair<std::string, std::string>>& common) {
  for (const auto& [key, value] : common)
    if (!record.has_tag(key))
      record.set_tag(key, value);
  record::append_json(out, record);
  out += '\n';
}

void take_probes(ProbeSet& set, const time::Clock& clock, const std::vector<std::pair<std::string, std::string>>& common,
                 Emitter& emitter, util::Diagnostics& diagnostics) {
  const std::size_t bad_before = diagnostics.bad_input_count();
  std::vector<record::Record> records = std::move(set.once);
  set.once.clear();
  const time::TimePoint now = clock.now();
  if (!set.checks.empty())
    for (record::Record& record : run_checks(set.checks, set.timeout, now, diagnostics))
      records.push_back(std::move(record));
  for (const ScrapeTarget& target : set.scrapes) {
    ScrapeResult result = scrape(target, set.timeout, now, diagnostics);
    if (!result.ok) {
      diagnostics.warning("scrape " + target.text + ": " + result.error);
      set.failed = true;
    }
    for (record::Record& record : result.records)
      records.push_back(std::move(record));
  }
  for (record::Record& record : custom_records(set.values, now))
    records.push_back(std::move(record));
  if (diagnostics.bad_input_count() != bad_before)
    set.failed = true;
  for (record::Record& record : records)
    write_record(emitter.out(), record, common);
}

} // namespace

int run_with_probes(Options options, const ProbeOptions& probes, cli::Context& context) {
  if (!probes.timeout.empty() && probes.checks.empty() && probes.scrapes.empty())
    throw UsageError("--timeout applies to --check and --scrape; neither was given");
  if (!probes.any())
    return run(options, context);
  // Probes, jobs, scrapes and custom values are records of their own, not figures of the
  // terminal view: they are written as NDJSON even on a terminal.
  if (options.format == "table")
    throw UsageError("--format table shows the system collectors only; --check, --scrape, --value and --run write "
                     "NDJSON");
  options.format = "ndjson";

  auto set = std::make_shared<ProbeSet>();
  for (const std::string& text : probes.checks)
    set->checks.push_back(parse_check(text));
  for (const std::string& text : probes.scrapes)
    set->scrapes.push_back(parse_scrape_target(text));
  for (const std::string& text : probes.values)
    set->values.push_back(parse_custom_value(text));
  set->timeout = parse_timeout(probes.timeout);
  const bool job = !probes.run_name.empty() || !probes.run_command.empty();
  if (job) {
    validate_job(probes.run_name, probes.run_command);
    if (!options.interval.empty() || options.count || !options.state.empty())
      throw UsageError("--run takes one sample after the job ends; it cannot be combined with --interval, --count "
                       "or --state");
  }
  const auto common = common_tags(options.tags);

  if (options.collect.empty() && options.no_collect.empty()) {
    // Only what was asked for, as sadc with only some activities: leave every family out.
    for (const Collector& row : registry())
      options.no_collect.emplace_back(row.name);
    options.window = "0s"; // no collector wants a first reading to compute rates from
  }

  int job_status = 0;
  if (job) {
    JobResult result = run_job(probes.run_name, probes.run_command, options.clock);
    if (result.outcome.end == util::ProcessOutcome::End::not_started)
      context.diagnostics.warning("--run " + probes.run_name + ": " + util::quote(probes.run_command.front()) + ": " +
                                  result.outcome.describe());
    job_status = result.exit_status;
    set->once = std::move(result.records);
  }

  const time::Clock& clock = options.clock;
  util::Diagnostics& diagnostics = context.diagnostics;
  options.extra_sources.emplace_back(
      [set, &clock, common, &diagnostics](Emitter& emitter) { take_probes(*set, clock, common, emitter, diagnostics); });
  const int status = run(options, context);
  if (!set->once.empty()) {
    // Stopped by a signal before the sample was taken: the job's records still go out.
    for (record::Record& record : set->once)
      write_record(context.out.buffer(), record, common);
    context.out.flush();
  }
  if (job_status != 0)
    return job_status;
  if (status != 0)
    return status;
  return set->failed ? 1 : 0;
}

} // namespace pm::collect
