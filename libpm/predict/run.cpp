// pm-predict's run: records into series, series into models, models into trend and forecast
// records (NDJSON, a JSON document, or a table for people).
#include "libpm/predict/run.hpp"

#include <CLI/CLI.hpp>

#include "libpm/cli/setting.hpp"
#include "libpm/predict/anomaly.hpp"
#include "libpm/predict/baseline.hpp"
#include "libpm/predict/models.hpp"
#include "libpm/predict/recommend.hpp"
#include "libpm/predict/series.hpp"
#include "libpm/record/record.hpp"
#include "libpm/record/series_index.hpp"
#include "libpm/record/units.hpp"
#include "libpm/stats/smoothing.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/signals.hpp"
#include "libpm/util/strings.hpp"
#include "libpm/util/table.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <thread>
#include <unistd.h>

namespace pm::predict {

void add_options(CLI::App& app, Options& options) {
  cli::add_input_options(app, options.input);
  cli::add_selection_options(app, options.selection);
  cli::add_max_series_option(app, options.input);
  cli::add_output_option(app, options.output);
  cli::add_clock_option(app, options.clock);
  app.add_option("-f,--format", options.format, "output format: ndjson json table (default ndjson)")
      ->type_name("FORMAT");
  app.add_option("-m,--model", options.model, "forecasting model: " + model_names() + " (default auto)")
      ->type_name("MODEL");
  app.add_option("--horizon", options.horizon, "forecast this far past the last point (default 1d; 30d with --threshold)")
      ->type_name("DURATION");
  app.add_option("--every", options.every, "also forecast the path up to the horizon at this step")
      ->type_name("DURATION");
  app.add_option("--confidence", options.confidence, "share of outcomes the intervals hold: 0.8, 95% (default 0.95)")
      ->type_name("LEVEL");
  app.add_option("--step", options.step, "the series' step (default: inferred from the spacing of the points)")
      ->type_name("DURATION");
  app.add_option("--season", options.season, "the season's length, e.g. 1d or 1w; 0 for none (default: found in the data)")
      ->type_name("DURATION");
  app.add_option("--threshold", options.threshold, "say when the forecast crosses VALUE upwards (eta, eta_low, eta_high)")
      ->type_name("VALUE");
  app.add_flag("--below", options.below, "with --threshold: when it falls to VALUE instead");
  app.add_flag("--robust", options.robust, "trend by Theil-Sen (outliers do not tilt it) instead of least squares");
  app.add_option("--smooth", options.smooth, "also emit moving averages over DURATION as series NAME:smaD and NAME:emaD")
      ->type_name("DURATION");
  app.add_flag("--follow", options.follow, "work online: emit forecasts as each step of a stream arrives");
  app.add_flag("--anomalies", options.anomalies, "score every point against the points before it; emit the anomalous ones");
  app.add_flag("--scores", options.scores, "with --anomalies: a score record for every point, not only the anomalous");
  app.add_option("--method", options.method, "anomaly method: " + anomaly_method_names() + " (default auto)")
      ->type_name("METHOD");
  app.add_option("--threshold-z", options.threshold_z,
                 "|z| above which a point is a warning anomaly, one more critical (default 3, or $PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD)")
      ->type_name("Z");
  app.add_option("--window", options.window, "points of the anomaly methods' rolling windows (default 100)")->type_name("N");
  app.add_option("--learn-baseline", options.learn_baseline,
                 "learn each series' profile per hour of week into FILE (merged with what it holds)")
      ->type_name("FILE");
  app.add_option("--against-baseline", options.against_baseline,
                 "emit deviation records for samples outside FILE's learned profile")
      ->type_name("FILE");
}

namespace {

time::Duration positive_duration(const std::string& text, std::string_view option) {
  auto d = time::parse_duration(text);
  if (!d)
    throw UsageError(std::string(option) + ": " + d.error());
  if (d->count() <= 0)
    throw UsageError(std::string(option) + ": must be more than zero, got " + util::quote(text));
  return *d;
}

/// A share (0.95) or a percentage ("95%", or a bare 50..100): a bare 1.5 is more likely a
/// typo than a 1.5 % interval, so it is refused.
double parse_confidence(std::string text) {
  const std::string given = text;
  const bool percent = !text.empty() && text.back() == '%';
  if (percent)
    text.pop_back();
  auto value = util::parse_number(text);
  double c = value ? *value : NAN;
  if (percent || (c >= 50 && c < 100))
    c /= 100;
  if (!(c > 0 && c < 1))
    throw UsageError("--confidence: a share between 0 and 1, or a percentage from 50 to 100, got " +
                     util::quote(given));
  return c;
}

/// The settings of a run, checked.
struct Settings {
  SeriesSettings series;
  std::string format;
  time::Duration horizon{};
  std::optional<time::Duration> every;
  double confidence = 0.95;
  std::optional<double> threshold;
  bool below = false;
  bool robust = false;
  std::optional<time::Duration> smooth;
  bool follow = false;
  bool anomalies = false;
  bool scores = false;
  AnomalySettings anomaly;
  std::string learn_baseline, against_baseline;
};

/// --threshold-z, else PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD, else 3: a flag beats the
/// environment, which beats the default.
double warning_z(const Options& o) {
  if (o.threshold_z) {
    if (!(std::isfinite(*o.threshold_z) && *o.threshold_z > 0))
      throw UsageError("--threshold-z: must be a number above 0, got " + util::format_number(*o.threshold_z));
    return *o.threshold_z;
  }
  // The flag is a number CLI11 has read: only the environment and the default are left.
  return cli::resolve_setting({}, {}, cli::k_anomaly_threshold_variable, 3.0,
                              [](const cli::SettingText& given) -> Expected<double> {
                                auto z = util::parse_number(given.text);
                                if (!z || !(std::isfinite(*z) && *z > 0))
                                  return cli::got_text("must be a number above 0", given);
                                return *z;
                              });
}

Settings check(const Options& o) {
  Settings s;
  s.format = o.format;
  if (s.format != "ndjson" && s.format != "json" && s.format != "table")
    throw UsageError("--format: unknown format " + util::quote(o.format) + " (one of ndjson json table)");
  s.series.model = parse_model(o.model).value_or_throw<UsageError>();
  if (!o.step.empty())
    s.series.step = positive_duration(o.step, "--step");
  if (!o.season.empty()) {
    auto d = time::parse_duration(o.season);
    if (!d)
      throw UsageError("--season: " + d.error());
    s.series.season = *d;
  }
  s.threshold = o.threshold;
  if (s.threshold && !std::isfinite(*s.threshold))
    throw UsageError("--threshold: must be a finite number");
  if (o.below && !s.threshold)
    throw UsageError("--below needs --threshold VALUE");
  s.below = o.below;
  s.horizon = o.horizon.empty() ? std::chrono::duration_cast<time::Duration>(std::chrono::hours(s.threshold ? 24 * 30 : 24))
                                : positive_duration(o.horizon, "--horizon");
  if (!o.every.empty()) {
    s.every = positive_duration(o.every, "--every");
    if (*s.every > s.horizon)
      throw UsageError("--every " + o.every + " is longer than the horizon (" + time::format_duration(s.horizon) + ")");
  }
  s.confidence = parse_confidence(o.confidence);
  s.robust = o.robust;
  if (!o.smooth.empty())
    s.smooth = positive_duration(o.smooth, "--smooth");
  s.follow = o.follow;
  s.scores = o.scores;
  s.anomalies = o.anomalies || o.scores;
  if (!s.anomalies && (o.method != "auto" || (o.threshold_z && o.against_baseline.empty()) || o.window != 100))
    throw UsageError(std::string(o.method != "auto" ? "--method" : o.window != 100 ? "--window" : "--threshold-z") +
                     " shapes anomaly detection: add --anomalies (--threshold-z also serves --against-baseline)");
  s.anomaly.method = parse_anomaly_method(o.method).value_or_throw<UsageError>();
  s.anomaly.warning_z = warning_z(o);
  s.anomaly.critical_z = s.anomaly.warning_z + 1;
  if (o.window < 10 || o.window > 100'000)
    throw UsageError("--window: from 10 to 100000 points, got " + std::to_string(o.window));
  s.anomaly.window = o.window;
  if (s.series.season) {
    s.anomaly.season = *s.series.season;
    s.anomaly.use_season = s.series.season->count() > 0;
    if (!s.anomaly.use_season && s.anomaly.method == AnomalyMethod::seasonal)
      throw UsageError("--method seasonal needs a season: drop --season 0");
  }
  if (s.anomalies && (s.threshold || s.smooth || s.every || !o.horizon.empty()))
    throw UsageError("--anomalies scores points; --threshold, --smooth, --every and --horizon belong to forecasts");
  s.learn_baseline = o.learn_baseline;
  s.against_baseline = o.against_baseline;
  const int modes = (s.anomalies ? 1 : 0) + (s.learn_baseline.empty() ? 0 : 1) + (s.against_baseline.empty() ? 0 : 1);
  if (modes > 1)
    throw UsageError("--anomalies, --learn-baseline and --against-baseline are separate runs: give one of them");
  if (modes == 1 && s.anomalies == false && (s.threshold || s.smooth || s.every || !o.horizon.empty() || s.follow))
    throw UsageError(std::string(s.learn_baseline.empty() ? "--against-baseline" : "--learn-baseline") +
                     " works on samples, not forecasts: drop --threshold, --smooth, --every, --horizon and --follow");
  s.series.online = o.follow;
  s.series.robust = o.robust;
  if (s.follow && s.format != "ndjson")
    throw UsageError("--follow writes NDJSON records as they come: drop --format " + s.format);
  return s;
}

/// Most steps a forecast may look ahead: beyond, a horizon is a typo or a step too small.
constexpr double k_max_horizon_steps = 1e7;

/// What is kept per series beyond its model.
struct Tracked {
  std::string name;
  record::Tags tags;
  std::string unit;
  std::unique_ptr<Series> series; ///< null with --anomalies: nothing is forecast
  std::unique_ptr<AnomalyDetector> detector; ///< with --anomalies only
  std::unique_ptr<stats::MovingAverage> sma;
  std::unique_ptr<stats::ExponentialAverage> ema;
  std::deque<time::TimePoint> episodes; ///< times of the window's last anomaly episodes (at most 64)
};

std::string series_text(const Tracked& t) { return record::series_key(t.name, t.tags); }

/// Whether a value's square overflows a double (|v| past 1e154), so no spread can be had.
bool beyond_squares(std::span<const double> values) {
  return std::any_of(values.begin(), values.end(), [](double v) { return std::abs(v) > 1e154; });
}

} // namespace

struct Analyzer::Impl {
  Impl(const Settings& s, Sink out, util::Diagnostics& d) : settings(s), sink(std::move(out)), diagnostics(d) {
    if (!settings.learn_baseline.empty())
      baseline = Baseline::load(settings.learn_baseline, IfMissing::empty);
    else if (!settings.against_baseline.empty())
      baseline = Baseline::load(settings.against_baseline);
  }

  void add(record::Record& record) {
    if (!record.is_sample()) {
      ++derived;
      return;
    }
    if (!settings.learn_baseline.empty()) {
      ++samples;
      learned += baseline.add(record) ? 1 : 0;
      return;
    }
    if (!settings.against_baseline.empty()) {
      ++samples;
      check_baseline(record);
      return;
    }
    auto [index, fresh] = series_index.find_or_add(record);
    if (fresh)
      tracked.push_back(make_tracked(record));
    Tracked& t = *tracked[index];
    if (t.sma)
      emit_smoothed(t, record);
    if (settings.anomalies) {
      const AnomalyScore a = t.detector->update(record.ts, record.value);
      if (a.anomalous || settings.scores)
        sink(anomaly_record(t, record, a));
      return;
    }
    errors.add(record);
    if (t.series->add(record.ts, record.value) && settings.follow)
      for (auto& f : forecasts(t))
        sink(f);
  }

  void finish() {
    if (derived > 0)
      diagnostics.info(std::to_string(derived) + " derived records (with a kind) were read and left out: pm-predict models samples");
    if (!settings.learn_baseline.empty()) {
      baseline.save(settings.learn_baseline);
      diagnostics.info("learned " + std::to_string(learned) + " samples into " + settings.learn_baseline + " (" +
                       std::to_string(baseline.series().size()) + " series, " + std::to_string(baseline.points()) +
                       " samples in all)");
      return;
    }
    if (!settings.against_baseline.empty()) {
      if (unknown > 0)
        diagnostics.warning(std::to_string(unknown) + " samples were not judged: their series are not in " +
                            settings.against_baseline + " (or have too few points there)");
      return;
    }
    if (settings.anomalies)
      return;
    fit_all();
    std::vector<SeriesEvidence> evidence;
    for (auto& t : tracked) {
      if (util::stop_requested())
        break;
      report_notes(*t);
      sink(trend(*t));
      for (auto& f : forecasts(*t))
        sink(f);
      evidence.push_back({&t->name, &t->tags, &t->unit, t->series.get(), &t->episodes});
    }
    say_notes();
    RecommendSettings rs;
    rs.horizon = settings.horizon;
    rs.confidence = settings.confidence;
    for (const auto& r : recommend(evidence, errors, rs))
      sink(r);
  }

  std::unique_ptr<Tracked> make_tracked(const record::Record& record) {
    auto t = std::make_unique<Tracked>();
    t->name = record.name;
    t->tags = record.tags;
    t->unit = record.unit;
    if (settings.anomalies)
      t->detector = std::make_unique<AnomalyDetector>(settings.anomaly);
    else
      t->series = std::make_unique<Series>(settings.series);
    if (settings.smooth) {
      t->sma = std::make_unique<stats::MovingAverage>(*settings.smooth);
      // Weights of the same mean age as the simple average's (half its width).
      t->ema = std::make_unique<stats::ExponentialAverage>(
          std::chrono::duration_cast<time::Duration>(*settings.smooth * (std::log(2.0) / 2)));
    }
    return t;
  }

  /// Fits every series, on as many threads as there are cores (at most 8): series are
  /// independent, and the input has been read.
  void fit_all() {
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i = next++; i < tracked.size(); i = next++) {
        if (util::stop_requested())
          return;
        tracked[i]->series->finish();
        find_episodes(*tracked[i]);
      }
    };
    const std::size_t threads =
        std::min<std::size_t>({std::max(1u, std::thread::hardware_concurrency()), 8, tracked.size() / 4 + 1});
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < threads; ++i)
      pool.emplace_back(work);
    work();
    for (auto& thread : pool)
      thread.join();
  }

  /// The anomaly episodes of the steps a fitted series' parameters were fitted on (the last
  /// fit_steps of its window), scored as --anomalies scores points, for the burst
  /// recommendation: found beside the fit, off the reading thread, at a bounded cost.
  void find_episodes(Tracked& t) const {
    const Series& s = *t.series;
    if (!s.fitted())
      return;
    const auto all = s.window();
    const auto window = all.last(std::min(all.size(), fit_steps(s.season().period)));
    AnomalyDetector detector(settings.anomaly);
    const time::TimePoint first = s.last_step_time() - s.step() * static_cast<long long>(window.size() - 1);
    for (std::size_t i = 0; i < window.size(); ++i) {
      const time::TimePoint ts = first + s.step() * static_cast<long long>(i);
      if (std::isnan(window[i]) || !detector.update(ts, window[i]).anomalous)
        continue;
      t.episodes.push_back(ts);
      if (t.episodes.size() > 64)
        t.episodes.pop_front();
    }
  }

  record::Record derived_record(const Tracked& t, std::string_view kind, time::TimePoint ts) const {
    record::Record r;
    r.ts = ts;
    r.has_ts = true;
    r.kind = std::string(kind);
    r.name = t.name;
    r.tags = t.tags;
    r.unit = t.unit;
    return r;
  }

  /// A `deviation` record for a sample outside its learned cell.
  void check_baseline(const record::Record& sample) {
    BaselineSettings bs;
    bs.warning_z = settings.anomaly.warning_z;
    bs.critical_z = settings.anomaly.critical_z;
    const auto d = baseline.check(sample, bs);
    if (!d) {
      ++unknown;
      return;
    }
    if (!d->severity)
      return;
    record::Record r;
    r.ts = sample.ts;
    r.has_ts = true;
    r.kind = "deviation";
    r.name = sample.name;
    r.tags = sample.tags;
    r.unit = sample.unit;
    r.value = sample.value;
    r.has_value = true;
    r.add_field("expected", d->expected);
    r.add_field("low", d->low);
    r.add_field("high", d->high);
    r.add_field("p05", d->p05);
    r.add_field("p95", d->p95);
    r.add_field("z", d->z);
    r.add_field("cell", d->cell);
    r.add_field("level", to_string(d->level));
    r.add_field("points", static_cast<double>(d->points));
    r.add_field("severity", record::to_string(*d->severity));
    sink(r);
  }

  /// An `anomaly` record (or, with --scores, a `score` record for every point).
  record::Record anomaly_record(const Tracked& t, const record::Record& sample, const AnomalyScore& a) const {
    record::Record r = derived_record(t, a.anomalous && !settings.scores ? "anomaly" : "score", sample.ts);
    r.value = sample.value;
    r.has_value = true;
    if (a.warming_up) {
      r.add_field("score", 0.0);
      r.add_raw_field("warming_up", "true");
    } else {
      r.add_raw_field("expected", "[" + util::format_number(a.expected_low) + "," + util::format_number(a.expected_high) + "]");
      r.add_field("z", a.z == 0 ? 0.0 : a.z); // never -0
      r.add_field("score", a.score);
      if (a.anomalous)
        r.add_field("severity", a.severity);
    }
    r.add_field("method", a.method);
    return r;
  }

  void emit_smoothed(const Tracked& t, const record::Record& sample) {
    const std::string suffix = time::format_duration(*settings.smooth);
    record::Record r = record::sample(sample.ts, t.name + ":sma" + suffix, t.sma->add(sample.ts, sample.value), t.unit);
    r.tags = t.tags;
    sink(r);
    r.name = t.name + ":ema" + suffix;
    r.value = t.ema->add(sample.ts, sample.value);
    sink(r);
  }

  /// Collects what each series' fit had to settle for; say_notes() prints each note once,
  /// with the series it concerns, so fifty constant series make one line, not fifty.
  void report_notes(const Tracked& t) {
    const Series& s = *t.series;
    if (!s.note().empty())
      notes[s.note()].push_back(series_text(t));
    if (s.late() > 0)
      diagnostics.warning(series_text(t) + ": " + std::to_string(s.late()) +
                          " points older than a later point's step were left out (input out of time order)");
    if (s.steps_dropped() > 0)
      diagnostics.info(series_text(t) + ": fitted on the last " + std::to_string(s.window().size()) + " steps of " +
                       time::format_duration(s.step()) + "; " + std::to_string(s.steps_dropped()) +
                       " older steps were not used");
  }

  /// A note on a series that may come at every forecast (online), kept once.
  void note_once(const std::string& note, const Tracked& t) {
    auto& series = notes[note];
    std::string text = series_text(t);
    if (std::find(series.begin(), series.end(), text) == series.end())
      series.push_back(std::move(text));
  }

  void say_notes() {
    for (const auto& [note, series] : notes) {
      if (series.size() == 1) {
        diagnostics.warning(series.front() + ": " + note);
        continue;
      }
      std::string names = series[0] + ", " + series[1];
      if (series.size() > 2)
        names += " and " + std::to_string(series.size() - 2) + " more";
      diagnostics.warning(std::to_string(series.size()) + " series: " + note + " (" + names + ")");
    }
  }

  /// Steps ahead for a duration past the last step: the nearest whole step, at least one.
  std::size_t steps_for(const Series& s, time::Duration d) const {
    const double steps = static_cast<double>(d.count()) / static_cast<double>(s.step().count());
    if (steps > k_max_horizon_steps)
      throw UsageError("--horizon " + time::format_duration(d) + " is " + util::format_number(std::round(steps)) +
                       " steps of " + time::format_duration(s.step()) + " ahead (at most 10000000): give a longer --step");
    return std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(steps)));
  }

  std::vector<record::Record> forecasts(const Tracked& t) {
    std::vector<record::Record> out;
    const Series& s = *t.series;
    if (!s.fitted())
      return out;
    std::vector<time::Duration> ahead;
    if (settings.every)
      for (auto d = *settings.every; d <= settings.horizon; d += *settings.every)
        ahead.push_back(d);
    if (ahead.empty() || ahead.back() != settings.horizon)
      ahead.push_back(settings.horizon);
    const std::string& trend_word = s.trend().direction;
    // A percentage, a duration or a size that was never negative is not forecast below
    // zero: the forecast and its bounds are cut at 0, which can only raise the coverage.
    const bool floored = s.lowest() >= 0 && (t.unit == "percent" || t.unit == "%" || record::base_unit(t.unit));
    std::optional<bool> huge; // whether the window holds values whose squares overflow
    for (auto d : ahead) {
      const std::size_t h = steps_for(s, d);
      Interval f = s.model().forecast(h, settings.confidence);
      if (floored)
        for (double* v : {&f.mean, &f.lower, &f.upper})
          *v = std::isnan(*v) ? *v : std::max(0.0, *v);
      record::Record r = derived_record(t, "forecast", s.last_step_time() + d);
      r.value = f.mean;
      r.has_value = std::isfinite(f.mean);
      if (!r.has_value) {
        note_once("forecasts past the range of a double were not written", t);
        continue;
      }
      if (std::isfinite(f.lower) && std::isfinite(f.upper)) {
        r.add_field("lower", f.lower);
        r.add_field("upper", f.upper);
      }
      r.add_field("confidence", settings.confidence);
      r.add_field("trend", trend_word);
      r.add_field("model", to_string(s.model().kind()));
      if (!s.model().code().empty())
        r.add_field(s.model().kind() == ModelKind::arima ? "arima" : "ets", s.model().code());
      if (s.season().period > 0)
        r.add_field("season", time::format_duration(s.season().length));
      r.add_field("step", time::format_duration(s.step()));
      r.add_field("horizon", time::format_duration(d));
      if (!std::isfinite(f.lower)) {
        if (!huge)
          huge = beyond_squares(s.window()); // once a series, not once a step of the path
        r.add_field("note", *huge ? "no interval: the values are too large to judge the spread"
                                  : "no interval: too few points to judge the spread");
      }
      out.push_back(std::move(r));
    }
    if (!settings.follow) // online, the next step asks again: what is kept saves the work
      s.model().forget(); // in a batch, millions of steps ahead are not kept for every series
    return out;
  }

  record::Record trend(const Tracked& t) {
    const Series& s = *t.series;
    const TrendFit& fit = s.trend();
    record::Record r = derived_record(t, "trend", s.fitted() ? s.last_step_time() : s.last_time());
    r.add_field("slope", fit.line.slope);
    r.add_field("slope_se", fit.slope_se);
    r.add_field("r2", fit.line.r2);
    r.add_field("trend", fit.direction);
    r.add_field("method", settings.robust ? "theil-sen" : "least-squares");
    r.add_field("points", static_cast<double>(s.points()));
    r.add_field("last", s.last_value());
    if (settings.threshold && s.fitted())
      add_eta(s, r);
    return r;
  }

  /// When the forecast, its upper and its lower bound first reach the threshold.
  void add_eta(const Series& s, record::Record& r) {
    const double v = *settings.threshold;
    const bool below = settings.below;
    auto reached = [&](double x) { return below ? x <= v : x >= v; };
    r.add_field("threshold", v);
    r.add_field("direction", below ? "below" : "above");
    if (reached(s.last_value())) {
      r.add_field("eta", time::format_timestamp(s.last_time()));
      r.add_field("note", std::string("already ") + (below ? "at or below " : "at or above ") + util::format_number(v));
      return;
    }
    const Crossing c = find_crossing(s.model(), steps_for(s, settings.horizon), v, below, settings.confidence);
    auto at = [&](std::size_t h) { return time::format_timestamp(s.last_step_time() + s.step() * static_cast<long long>(h)); };
    const std::string horizon = time::format_duration(settings.horizon);
    if (c.mean) {
      r.add_field("eta", at(*c.mean));
      r.add_field("eta_in", time::format_duration(s.step() * static_cast<long long>(*c.mean)));
    } else {
      r.add_raw_field("eta", "null");
      r.add_field("note", "does not reach " + util::format_number(v) + " within " + horizon);
    }
    if (c.early)
      r.add_field("eta_low", at(*c.early));
    if (c.late)
      r.add_field("eta_high", at(*c.late));
    else if (c.mean)
      r.add_field("note", "the interval's far end does not reach " + util::format_number(v) + " within " + horizon);
  }

  const Settings settings;
  Sink sink;
  util::Diagnostics& diagnostics;
  record::SeriesIndex series_index;
  std::vector<std::unique_ptr<Tracked>> tracked;
  std::map<std::string, std::vector<std::string>> notes; ///< note → series, in order seen
  std::size_t derived = 0;
  ErrorRates errors;
  Baseline baseline;        ///< --learn-baseline, --against-baseline
  std::size_t samples = 0;  ///< samples read, with a baseline (no series are tracked then)
  std::size_t learned = 0;  ///< samples learned this run
  std::size_t unknown = 0;  ///< samples the baseline could not judge
};

Analyzer::Analyzer(const Options& options, Sink sink, util::Diagnostics& diagnostics)
    : m_impl(std::make_unique<Impl>(check(options), std::move(sink), diagnostics)) {}
Analyzer::~Analyzer() = default;
void Analyzer::add(record::Record& record) { m_impl->add(record); }
void Analyzer::finish() { m_impl->finish(); }
std::size_t Analyzer::series_count() const { return std::max(m_impl->tracked.size(), m_impl->samples); }

namespace {

std::string short_number(double v) {
  if (!std::isfinite(v))
    return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

/// The columns of a table for people: $COLUMNS, else stdout's terminal width, else 100.
std::size_t table_width(int fd) {
  const auto columns = cli::environment("COLUMNS");
  const std::size_t width = util::terminal_width(::isatty(fd) == 1 ? fd : -1, columns ? columns->c_str() : nullptr);
  return width ? width : 100;
}

/// A score near 1 with the digits that tell it apart: 0.99, 0.9973, 0.9999999.
std::string score_text(double score) {
  char text[32];
  int digits = 2;
  while (digits < 12 && 1 - score < std::pow(10.0, -digits + 1) && score < 1)
    ++digits;
  std::snprintf(text, sizeof text, "%.*f", digits, score);
  return text;
}

/// The records of a run grouped by series, in the order the series first came.
std::vector<std::vector<const record::Record*>> by_series(const std::vector<record::Record>& records) {
  std::vector<std::vector<const record::Record*>> groups;
  std::map<std::string, std::size_t> index;
  for (const auto& r : records) {
    auto [it, fresh] = index.try_emplace(r.series_key(), groups.size());
    if (fresh)
      groups.emplace_back();
    groups[it->second].push_back(&r);
  }
  return groups;
}

/// One JSON document: per series its name, tags, unit, trend, forecasts, anomalies (or
/// scores) and recommendations.
std::string render_json(const std::vector<record::Record>& records) {
  nlohmann::json doc = nlohmann::json::array();
  for (const auto& group : by_series(records)) {
    const record::Record& first = *group.front();
    nlohmann::json entry;
    entry["name"] = first.name;
    nlohmann::json tags = nlohmann::json::object();
    for (const auto& [k, v] : first.tags)
      tags[k] = v;
    entry["tags"] = tags;
    if (!first.unit.empty())
      entry["unit"] = first.unit;
    for (const record::Record* r : group) {
      auto parsed = nlohmann::json::parse(record::to_json(*r));
      if (r->kind == "trend")
        entry["trend"] = std::move(parsed);
      else
        entry[r->kind == "forecast" ? "forecasts" : r->kind == "recommendation" ? "recommendations"
              : r->kind == "score" ? "scores" : r->kind == "anomaly" ? "anomalies" : "samples"].push_back(std::move(parsed));
    }
    doc.push_back(std::move(entry));
  }
  return doc.dump(2) + "\n";
}

/// Names the series of a table's rows (`rows[i + 1][0]` is the series of `about[i]`): of
/// two or more series, without the tags all of them have, which a line after the table gives.
void name_series(std::vector<std::vector<std::string>>& rows, const std::vector<const record::Record*>& about,
                 std::string& footnote) {
  record::Tags shared;
  const bool several = std::any_of(about.begin(), about.end(), [&](const record::Record* r) {
    return r->name != about.front()->name || r->tags != about.front()->tags;
  });
  if (several) {
    shared = about.front()->tags;
    for (const record::Record* r : about)
      std::erase_if(shared, [&](const auto& tag) { return std::find(r->tags.begin(), r->tags.end(), tag) == r->tags.end(); });
  }
  for (std::size_t i = 0; i < about.size(); ++i) {
    record::Tags own;
    for (const auto& tag : about[i]->tags)
      if (std::find(shared.begin(), shared.end(), tag) == shared.end())
        own.push_back(tag);
    rows[i + 1][0] = record::series_key(about[i]->name, own);
  }
  if (!shared.empty())
    footnote = "every series also has " + record::series_key("", shared);
}

/// The table for people: one row per series (model, last value, forecast at the horizon
/// and its interval, trend, eta), or with --anomalies one row per anomaly; then the
/// recommendations.
std::string render_table(const std::vector<record::Record>& records, const Settings& settings, std::size_t width) {
  std::string out;
  std::string footnote;
  std::vector<std::vector<std::string>> rows;
  std::vector<const record::Record*> about; // the record of each row after the head
  if (settings.anomalies) {
    rows.push_back({"SERIES", "TIME", "VALUE", "EXPECTED", "Z", "SCORE", "SEVERITY", "METHOD"});
    for (const auto& r : records) {
      const auto f = r.extra_fields();
      if (r.kind != "anomaly" && !(r.kind == "score" && f.contains("severity")))
        continue;
      const auto& e = f["expected"];
      about.push_back(&r);
      rows.push_back({"", time::format_timestamp(r.ts), short_number(r.value),
                      short_number(e[0].get<double>()) + ".." + short_number(e[1].get<double>()),
                      short_number(f.value("z", NAN)), score_text(f.value("score", 0.0)), f.value("severity", ""),
                      f.value("method", "")});
    }
    name_series(rows, about, footnote);
    util::append_table(out, std::move(rows), width, {{"METHOD", "SCORE", "Z", "EXPECTED"}, "SERIES", 24, {0, 1, 6, 7}, 0});
  } else {
    rows.push_back({"SERIES", "MODEL", "LAST", "FORECAST", "INTERVAL", "TREND"});
    if (settings.threshold)
      rows.front().push_back("ETA");
    for (const auto& group : by_series(records)) {
      const record::Record* trend = nullptr;
      const record::Record* forecast = nullptr;
      for (const record::Record* r : group) {
        if (r->kind == "trend")
          trend = r;
        else if (r->kind == "forecast")
          forecast = r;
      }
      if (!trend)
        continue;
      std::vector<std::string> row(rows.front().size());
      about.push_back(trend);
      const auto fields = trend->extra_fields();
      row[2] = short_number(fields.value("last", NAN));
      row[5] = fields.value("trend", "");
      if (settings.threshold) {
        auto eta = fields.find("eta");
        row[6] = eta == fields.end() || eta->is_null() ? "never" : fields.value("eta_in", "now");
        if (eta != fields.end() && eta->is_null())
          row[6] = "> " + time::format_duration(settings.horizon);
      }
      if (forecast) {
        const auto ff = forecast->extra_fields();
        row[1] = ff.value("model", "");
        for (const char* code : {"ets", "arima"})
          if (ff.contains(code))
            row[1] += " " + ff.value(code, "");
        row[3] = short_number(forecast->value);
        row[4] = ff.contains("lower") ? short_number(ff.value("lower", NAN)) + ".." + short_number(ff.value("upper", NAN)) : "-";
      }
      rows.push_back(std::move(row));
    }
    name_series(rows, about, footnote);
    util::append_table(out, std::move(rows), width, {{"MODEL", "LAST", "TREND"}, "SERIES", 24, {0, 1, 5, 6}, 0});
  }
  if (!footnote.empty())
    util::append_wrapped(out, "", footnote, "  ", width);
  bool first = true;
  for (const auto& r : records)
    if (r.kind == "recommendation") {
      const auto f = r.extra_fields();
      const std::string severity = f.value("severity", "") + "  ";
      out += first ? "\nRECOMMENDATIONS\n" : "";
      util::append_wrapped(out, severity, f.value("message", ""), std::string(severity.size(), ' '), width);
      first = false;
    }
  return out;
}

} // namespace

int run(const Options& options, cli::Context& context) {
  const Settings settings = check(options);
  const time::TimePoint now = options.clock.now();
  const input::Selection selection = options.selection.resolve(now);
  cli::OutputTarget target(context, options.output);
  util::Output& out = target.stream();
  std::vector<record::Record> kept; // for --format json and table
  Analyzer analyzer(options, [&](const record::Record& r) {
    if (settings.format != "ndjson") {
      kept.push_back(r);
      return;
    }
    auto& buffer = out.buffer();
    record::append_json(buffer, r);
    buffer += '\n';
    out.maybe_drain();
  }, context.diagnostics);
  auto read = cli::read_records(options.input, context.tool, selection, context.diagnostics, now, [&](record::Record& record) {
    analyzer.add(record);
    return !util::stop_requested();
  });
  analyzer.finish();
  if (analyzer.series_count() == 0)
    context.diagnostics.warning(std::string("no samples selected: nothing to ") + (settings.anomalies ? "score" : !settings.learn_baseline.empty() ? "learn" : !settings.against_baseline.empty() ? "judge" : "predict"));
  if (settings.format == "json")
    out.write(render_json(kept));
  else if (settings.format == "table")
    out.write(render_table(kept, settings, table_width(out.fd())));
  target.commit();
  return context.diagnostics.bad_input_count() > 0 || read.incomplete() ? 1 : 0;
}

} // namespace pm::predict
