// pm-report's run: read, collect, compare, judge, render.
#include "libpm/report/report.hpp"

#include <algorithm>
#include <CLI/CLI.hpp>

#include "libpm/cli/setting.hpp"
#include "libpm/report/baseline.hpp"
#include "libpm/report/collect.hpp"
#include "libpm/report/follow.hpp"
#include "libpm/report/health.hpp"
#include "libpm/report/predict.hpp"
#include "libpm/report/renderers.hpp"
#include "libpm/report/rules.hpp"
#include "libpm/report/thresholds.hpp"
#include "libpm/util/table.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/signals.hpp"
#include "libpm/util/strings.hpp"

#include <cstdlib>
#include <unistd.h>

namespace pm::report {

void add_options(CLI::App& app, Options& options) {
  cli::add_input_options(app, options.input);
  cli::add_selection_options(app, options.selection);
  cli::add_max_series_option(app, options.input);
  cli::add_output_option(app, options.output);
  cli::add_clock_option(app, options.clock);
  app.add_option("-f,--format", options.format, "output format: " + renderer_names() + " (default text)")
      ->type_name("FORMAT");
  app.add_option("-g,--group-by", options.group_by,
                 "tag naming a component in the dashboard (default: module, else endpoint)")
      ->type_name("TAG");
  app.add_option("-e,--every", options.every, "also summarise each series in time buckets of DURATION")
      ->type_name("DURATION");
  app.add_option("-b,--baseline", options.baseline, "compare each series with another run (records or report JSON)")
      ->type_name("FILE");
  app.add_option("--compare", options.compare, "statistic compared with the baseline: mean p50 p90 p95 p99 min max last")
      ->type_name("STAT");
  app.add_option("--tolerance", options.tolerance, "change beyond which a series counts as regressed (default 5%)")
      ->type_name("PCT");
  app.add_option("--fail-on-regression", options.fail_on_regression,
                 "exit 1 when a series is worse than the baseline by more than PCT")
      ->type_name("PCT");
  app.add_option("--rules", options.rules_files, "evaluate the alert rules of FILE (pm-alert's JSON) over the input")
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_flag("--defaults", options.defaults, "evaluate pm-alert's built-in rule set over the input");
  app.add_option("--fail-on", options.fail_on,
                 "exit 1 when the pm-alert expression holds over the input (repeatable), e.g. 'p95(api.request.duration) > 0.5'")
      ->type_name("EXPR")
      ->allow_extra_args(false);
  app.add_flag("--no-predict", options.no_predict,
               "no forecasts, anomalies or recommendations computed from the input (those it holds are shown)");
  app.add_option("--horizon", options.horizon, "how far the report's own forecasts look (default: a quarter of the input's span, rounded)")
      ->type_name("DURATION");
  app.add_option("--exact-limit", options.exact_limit,
                 "values kept for exact percentiles over all series; beyond, a sketch within 1% (default 4194304)")
      ->type_name("N")
      ->check(CLI::Validator(
          [](const std::string& text) { return text.starts_with('-') ? std::string("must be 0 or more") : std::string(); },
          "", "N >= 0"));
  app.add_flag("--follow", options.follow,
               "a live dashboard of the stream, redrawn in place like top (frames one after another when not a terminal)");
  app.add_option("--refresh", options.refresh, "how often --follow redraws (default 1s)")->type_name("DURATION");
}

int run(const Options& options, cli::Context& context) {
  if (options.follow)
    return run_follow(options, context);
  if (!options.refresh.empty())
    throw UsageError("--refresh sets how often --follow redraws: add --follow");
  const time::TimePoint now = options.clock.now();
  const Renderer* renderer = find_renderer(options.format);
  if (!renderer)
    throw UsageError("--format: unknown format " + util::quote(options.format) + " (one of " + renderer_names() + ")");
  CollectOptions collect;
  collect.group_by = options.group_by;
  collect.exact_limit = options.exact_limit;
  if (!options.every.empty()) {
    auto every = time::parse_duration(options.every);
    if (!every)
      throw UsageError("--every: " + every.error());
    if (every->count() <= 0)
      throw UsageError("--every: the bucket width must be positive");
    collect.every = *every;
  }
  if (!is_comparable_statistic(options.compare))
    throw UsageError("--compare: unknown statistic " + util::quote(options.compare) +
                     " (one of mean p50 p90 p95 p99 min max last)");
  std::optional<double> fail_pct;
  if (!options.fail_on_regression.empty())
    fail_pct = parse_percent(options.fail_on_regression, "--fail-on-regression");
  double tolerance = options.tolerance.empty() ? fail_pct.value_or(5.0) : parse_percent(options.tolerance, "--tolerance");
  if ((fail_pct || !options.tolerance.empty()) && options.baseline.empty())
    throw UsageError(std::string(fail_pct ? "--fail-on-regression" : "--tolerance") + " needs --baseline FILE");
  const input::Selection selection = options.selection.resolve(now);
  std::vector<alert::Rule> rules;
  const alert::RulesLimits limits{cli::resolve_limit(alert::k_rules_limit),
                                  cli::resolve_limit(alert::k_rules_bytes_limit)};
  for (const auto& path : options.rules_files)
    for (auto& rule : alert::load_rules_file(path, limits))
      rules.push_back(std::move(rule));
  if (options.defaults)
    for (auto& rule : alert::default_rules())
      rules.push_back(std::move(rule));
  std::vector<alert::Rule> gates;
  for (const auto& text : options.fail_on)
    gates.push_back(parse_gate(text));
  try {
    alert::check_unique_names(gates);
  } catch (const UsageError& e) {
    throw UsageError(std::string("--fail-on: ") + e.what());
  }
  const bool to_terminal = options.output.empty() && ::isatty(STDOUT_FILENO) == 1;
  // Chart points cost time per record: only html draws them always, text on a terminal.
  collect.charts = renderer->charts && (renderer->name != "text" || to_terminal);
  Collector collector(collect);
  const std::vector<alert::Rule> judging = rules; // their thresholds go on the charts
  InlineRules inline_rules(std::move(rules), std::move(gates), options.group_by, &collector.budget());
  cli::OutputTarget target(context, options.output);
  std::unique_ptr<Exporter> exporter = renderer->exporter ? renderer->exporter() : nullptr;
  // The export formats carry samples, not the summary: they need no predictions.
  std::unique_ptr<Predictor> predictor;
  if (!options.no_predict && !exporter) {
    PredictOptions predict;
    if (!options.horizon.empty()) {
      auto horizon = time::parse_duration(options.horizon);
      if (!horizon)
        throw UsageError("--horizon: " + horizon.error());
      if (horizon->count() <= 0)
        throw UsageError("--horizon: must be positive");
      predict.horizon = *horizon;
    }
    predictor = std::make_unique<Predictor>(predict, context.diagnostics);
  } else if (!options.horizon.empty()) {
    throw UsageError(std::string("--horizon shapes the report's own forecasts: ") +
                     (options.no_predict ? "drop --no-predict" : "not made for the export formats"));
  }
  auto read = cli::read_records(options.input, context.tool, selection, context.diagnostics, now, [&](record::Record& record) {
    collector.add(record);
    if (predictor)
      predictor->add(record);
    if (!inline_rules.empty())
      inline_rules.add(record);
    if (exporter && !collect.every)
      exporter->add(record, target.stream());
    return !util::stop_requested();
  });
  if (predictor)
    predictor->finish([&](const record::Record& record) { collector.add(record, Origin::computed); });
  Report report = collector.finish(now);
  inline_rules.finish(report);
  attach_thresholds(report, judging);

  if (!options.baseline.empty()) {
    report.baseline_source = options.baseline;
    auto baseline = load_baseline(options.baseline, context.diagnostics, now, cli::resolve_max_series(options.input.max_series));
    compare_with_baseline(report, baseline, options.compare, tolerance, fail_pct);
    if (std::none_of(report.series.begin(), report.series.end(), [](const SeriesReport& s) { return s.comparison.has_value(); }))
      context.diagnostics.warning("--baseline " + options.baseline + " shares no series with the input: nothing was compared");
  }
  assess_health(report);

  RenderContext render;
  render.terminal = to_terminal;
  render.colour = to_terminal && !cli::environment("NO_COLOR") && cli::environment("TERM") != "dumb";
  auto columns = cli::environment("COLUMNS");
  render.width = util::terminal_width(to_terminal ? STDOUT_FILENO : -1, columns ? columns->c_str() : nullptr);
  if (exporter) {
    if (report.every)
      // Downsampled, as sar -i: each series' bucket means, stamped at the bucket's start.
      for (const auto& s : report.series)
        for (const auto& bucket : s.buckets) {
          record::Record mean = record::sample(bucket.start, s.name, bucket.stats.mean, s.unit);
          mean.tags = s.tags;
          exporter->add(mean, target.stream());
        }
    exporter->finish(report, target.stream());
    for (const auto& warning : exporter->warnings())
      context.diagnostics.warning(warning);
  } else {
    std::string text;
    renderer->render(report, render, text);
    target.stream().write(text);
  }
  target.commit();

  for (const auto& gate : report.gates) {
    if (gate.failed)
      context.diagnostics.info("gate failed: " + gate.name + ": " + gate.message);
    else if (gate.judged_nothing)
      context.diagnostics.warning("gate " + gate.name + " passed without judging anything: " + gate.message);
  }
  if (report.gates_failed() || context.diagnostics.bad_input_count() > 0 || read.incomplete())
    return 1;
  return 0;
}

} // namespace pm::report
