// pm-predict's run: records into series, series into models, models into trend and forecast
// records (NDJSON, a JSON document, or a table for people).
#include "libpm/predict/run.hpp"

#include <CLI/CLI.hpp>

#include "libpm/predict/models.hpp"
#include "libpm/predict/series.hpp"
#include "libpm/record/record.hpp"
#include "libpm/record/series_index.hpp"
#include "libpm/stats/smoothing.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/signals.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sys/ioctl.h>
#include <thread>
#include <unistd.h>

namespace pm::predict {

void add_options(CLI::App& app, Options& options) {
  cli::add_input_options(app, options.input);
  cli::add_selection_options(app, options.selection);
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
};

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
  std::unique_ptr<Series> series;
  std::unique_ptr<stats::MovingAverage> sma;
  std::unique_ptr<stats::ExponentialAverage> ema;
};

/// One series' results, for the JSON document and the table.
struct Result {
  const Tracked* tracked = nullptr;
  record::Record trend;
  std::vector<record::Record> forecasts;
};

std::string series_text(const Tracked& t) {
  record::Record r;
  r.name = t.name;
  r.tags = t.tags;
  return r.series_key();
}

class Runner {
public:
  Runner(const Settings& settings, cli::Context& context, util::Output& out)
      : m_settings(settings), m_context(context), m_out(out) {}

  void add(record::Record& record) {
    if (!record.is_sample()) {
      ++m_derived;
      return;
    }
    auto [index, fresh] = m_index.find_or_add(record);
    if (fresh) {
      auto t = std::make_unique<Tracked>();
      t->name = record.name;
      t->tags = record.tags;
      t->unit = record.unit;
      t->series = std::make_unique<Series>(m_settings.series);
      if (m_settings.smooth) {
        t->sma = std::make_unique<stats::MovingAverage>(*m_settings.smooth);
        // Weights of the same mean age as the simple average's (half its width).
        t->ema = std::make_unique<stats::ExponentialAverage>(
            std::chrono::duration_cast<time::Duration>(*m_settings.smooth * (std::log(2.0) / 2)));
      }
      m_tracked.push_back(std::move(t));
    }
    Tracked& t = *m_tracked[index];
    if (t.sma)
      emit_smoothed(t, record);
    if (t.series->add(record.ts, record.value) && m_settings.follow)
      for (auto& f : forecasts(t))
        write(f);
  }

  void finish() {
    if (m_derived > 0)
      m_context.diagnostics.info(std::to_string(m_derived) +
                                 " derived records (with a kind) were read and left out: pm-predict models samples");
    fit_all();
    for (auto& t : m_tracked) {
      if (util::stop_requested())
        break;
      report_notes(*t);
      Result result;
      result.tracked = t.get();
      result.trend = trend(*t);
      result.forecasts = forecasts(*t);
      if (m_settings.format == "ndjson") {
        write(result.trend);
        for (auto& f : result.forecasts)
          write(f);
      } else {
        m_results.push_back(std::move(result));
      }
    }
    say_notes();
    if (m_settings.format == "json")
      render_json();
    else if (m_settings.format == "table")
      render_table();
  }

  std::size_t series_count() const { return m_tracked.size(); }

private:
  /// Fits every series, on as many threads as there are cores (at most 8): series are
  /// independent, and the input has been read.
  void fit_all() {
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i = next++; i < m_tracked.size(); i = next++) {
        if (util::stop_requested())
          return;
        m_tracked[i]->series->finish();
      }
    };
    const std::size_t threads =
        std::min<std::size_t>({std::max(1u, std::thread::hardware_concurrency()), 8, m_tracked.size() / 4 + 1});
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < threads; ++i)
      pool.emplace_back(work);
    work();
    for (auto& thread : pool)
      thread.join();
  }

  void write(const record::Record& r) {
    auto& buffer = m_out.buffer();
    record::append_json(buffer, r);
    buffer += '\n';
    m_out.maybe_drain();
  }

  record::Record derived(const Tracked& t, std::string_view kind, time::TimePoint ts) const {
    record::Record r;
    r.ts = ts;
    r.has_ts = true;
    r.kind = std::string(kind);
    r.name = t.name;
    r.tags = t.tags;
    r.unit = t.unit;
    return r;
  }

  void emit_smoothed(const Tracked& t, const record::Record& sample) {
    const std::string suffix = time::format_duration(*m_settings.smooth);
    record::Record r = record::sample(sample.ts, t.name + ":sma" + suffix, t.sma->add(sample.ts, sample.value), t.unit);
    r.tags = t.tags;
    write(r);
    r.name = t.name + ":ema" + suffix;
    r.value = t.ema->add(sample.ts, sample.value);
    write(r);
  }

  /// Collects what each series' fit had to settle for; say_notes() prints each note once,
  /// with the series it concerns, so fifty constant series make one line, not fifty.
  void report_notes(const Tracked& t) {
    const Series& s = *t.series;
    if (!s.note().empty())
      m_notes[s.note()].push_back(series_text(t));
    if (s.late() > 0)
      m_context.diagnostics.warning(series_text(t) + ": " + std::to_string(s.late()) +
                                    " points older than a later point's step were left out (input out of time order)");
    if (s.steps_dropped() > 0)
      m_context.diagnostics.info(series_text(t) + ": fitted on the last " + std::to_string(s.window().size()) +
                                 " steps of " + time::format_duration(s.step()) + "; " +
                                 std::to_string(s.steps_dropped()) + " older steps were not used");
  }

  void say_notes() {
    for (const auto& [note, series] : m_notes) {
      if (series.size() == 1) {
        m_context.diagnostics.warning(series.front() + ": " + note);
        continue;
      }
      std::string names = series[0] + ", " + series[1];
      if (series.size() > 2)
        names += " and " + std::to_string(series.size() - 2) + " more";
      m_context.diagnostics.warning(std::to_string(series.size()) + " series: " + note + " (" + names + ")");
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
    if (m_settings.every)
      for (auto d = *m_settings.every; d <= m_settings.horizon; d += *m_settings.every)
        ahead.push_back(d);
    if (ahead.empty() || ahead.back() != m_settings.horizon)
      ahead.push_back(m_settings.horizon);
    const std::string& trend_word = s.trend().direction;
    for (auto d : ahead) {
      const std::size_t h = steps_for(s, d);
      Interval f = s.model().forecast(h, m_settings.confidence);
      record::Record r = derived(t, "forecast", s.last_step_time() + d);
      r.value = f.mean;
      r.has_value = std::isfinite(f.mean);
      if (!r.has_value)
        continue;
      if (std::isfinite(f.lower) && std::isfinite(f.upper)) {
        r.add_field("lower", f.lower);
        r.add_field("upper", f.upper);
      }
      r.add_field("confidence", m_settings.confidence);
      r.add_field("trend", trend_word);
      r.add_field("model", to_string(s.model().kind()));
      if (!s.model().code().empty())
        r.add_field("ets", s.model().code());
      if (s.season().period > 0)
        r.add_field("season", time::format_duration(s.season().length));
      r.add_field("step", time::format_duration(s.step()));
      r.add_field("horizon", time::format_duration(d));
      if (!std::isfinite(f.lower))
        r.add_field("note", "no interval: too few points to judge the spread");
      out.push_back(std::move(r));
    }
    return out;
  }

  record::Record trend(const Tracked& t) {
    const Series& s = *t.series;
    const TrendFit& fit = s.trend();
    record::Record r = derived(t, "trend", s.fitted() ? s.last_step_time() : s.last_time());
    r.add_field("slope", fit.line.slope);
    r.add_field("slope_se", fit.slope_se);
    r.add_field("r2", fit.line.r2);
    r.add_field("trend", fit.direction);
    r.add_field("method", m_settings.robust ? "theil-sen" : "least-squares");
    r.add_field("points", static_cast<double>(s.points()));
    r.add_field("last", s.last_value());
    if (m_settings.threshold && s.fitted())
      add_eta(s, r);
    return r;
  }

  /// When the forecast, its upper and its lower bound first reach the threshold.
  void add_eta(const Series& s, record::Record& r) {
    const double v = *m_settings.threshold;
    const bool below = m_settings.below;
    auto reached = [&](double x) { return below ? x <= v : x >= v; };
    r.add_field("threshold", v);
    r.add_field("direction", below ? "below" : "above");
    if (reached(s.last_value())) {
      r.add_field("eta", time::format_timestamp(s.last_time()));
      r.add_field("note", std::string("already ") + (below ? "at or below " : "at or above ") + util::format_number(v));
      return;
    }
    const Crossing c = find_crossing(s.model(), steps_for(s, m_settings.horizon), v, below, m_settings.confidence);
    auto at = [&](std::size_t h) { return time::format_timestamp(s.last_step_time() + s.step() * static_cast<long long>(h)); };
    const std::string horizon = time::format_duration(m_settings.horizon);
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

  void render_json() {
    nlohmann::json doc = nlohmann::json::array();
    for (const auto& result : m_results) {
      nlohmann::json entry;
      entry["name"] = result.tracked->name;
      nlohmann::json tags = nlohmann::json::object();
      for (const auto& [k, v] : result.tracked->tags)
        tags[k] = v;
      entry["tags"] = tags;
      if (!result.tracked->unit.empty())
        entry["unit"] = result.tracked->unit;
      entry["trend"] = nlohmann::json::parse(record::to_json(result.trend));
      entry["forecasts"] = nlohmann::json::array();
      for (const auto& f : result.forecasts)
        entry["forecasts"].push_back(nlohmann::json::parse(record::to_json(f)));
      doc.push_back(std::move(entry));
    }
    m_out.write(doc.dump(2));
    m_out.write("\n");
  }

  void render_table();

  const Settings& m_settings;
  cli::Context& m_context;
  util::Output& m_out;
  record::SeriesIndex m_index;
  std::vector<std::unique_ptr<Tracked>> m_tracked;
  std::vector<Result> m_results;
  std::map<std::string, std::vector<std::string>> m_notes; ///< note → series, in order seen
  std::size_t m_derived = 0;
};

std::string short_number(double v) {
  if (!std::isfinite(v))
    return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

/// The columns of a table for people: stdout's terminal width, else $COLUMNS, else 100.
std::size_t table_width(int fd) {
  winsize size{};
  if (::isatty(fd) == 1 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS"))
    if (auto n = util::parse_integer(columns); n && *n >= 40 && *n <= 1000)
      return static_cast<std::size_t>(*n);
  return 100;
}

void Runner::render_table() {
  struct Row {
    std::string series, model, last, forecast, interval, trend, eta;
  };
  std::vector<Row> rows;
  rows.push_back({"SERIES", "MODEL", "LAST", "FORECAST", "INTERVAL", "TREND", m_settings.threshold ? "ETA" : ""});
  for (const auto& result : m_results) {
    Row row;
    row.series = series_text(*result.tracked);
    const auto fields = result.trend.extra_fields();
    row.last = short_number(fields.value("last", NAN));
    row.trend = fields.value("trend", "");
    if (m_settings.threshold) {
      auto eta = fields.find("eta");
      row.eta = eta == fields.end() || eta->is_null() ? "never" : fields.value("eta_in", "now");
      if (eta != fields.end() && eta->is_null())
        row.eta = "> " + time::format_duration(m_settings.horizon);
    }
    if (!result.forecasts.empty()) {
      const auto& f = result.forecasts.back();
      const auto ff = f.extra_fields();
      row.model = ff.value("model", "");
      if (ff.contains("ets"))
        row.model += " " + ff.value("ets", "");
      row.forecast = short_number(f.value);
      row.interval = ff.contains("lower") ? short_number(ff.value("lower", NAN)) + ".." + short_number(ff.value("upper", NAN))
                                          : "-";
    }
    rows.push_back(std::move(row));
  }
  // Every column but the series at its widest; the series gets what is left of the width.
  auto widest = [&](auto member) {
    std::size_t w = 0;
    for (const auto& r : rows)
      w = std::max(w, (r.*member).size());
    return w;
  };
  const std::size_t wm = widest(&Row::model), wl = widest(&Row::last), wf = widest(&Row::forecast),
                    wi = widest(&Row::interval), wt = widest(&Row::trend), we = widest(&Row::eta);
  const std::size_t others = wm + wl + wf + wi + wt + we + 6 * 2;
  const std::size_t width = table_width(m_out.fd());
  const std::size_t ws = std::max<std::size_t>(12, std::min(widest(&Row::series), width > others ? width - others : 12));
  auto cut = [](std::string text, std::size_t w) {
    if (text.size() > w)
      text = text.substr(0, w - 1) + "~";
    return text;
  };
  std::string out;
  char line[2048];
  for (const auto& r : rows) {
    std::snprintf(line, sizeof line, "%-*s  %-*s  %*s  %*s  %-*s  %-*s  %s", static_cast<int>(ws), cut(r.series, ws).c_str(),
                  static_cast<int>(wm), r.model.c_str(), static_cast<int>(wl), r.last.c_str(), static_cast<int>(wf),
                  r.forecast.c_str(), static_cast<int>(wi), r.interval.c_str(), static_cast<int>(wt), r.trend.c_str(),
                  r.eta.c_str());
    std::string text = line;
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    out += text;
    out += '\n';
  }
  m_out.write(out);
}

} // namespace

int run(const Options& options, cli::Context& context) {
  const Settings settings = check(options);
  const time::TimePoint now = options.clock.now();
  const input::Selection selection = options.selection.resolve(now);
  cli::OutputTarget target(context, options.output);
  Runner runner(settings, context, target.stream());
  cli::read_records(options.input, context.tool, selection, context.diagnostics, now, [&](record::Record& record) {
    runner.add(record);
    return !util::stop_requested();
  });
  runner.finish();
  if (runner.series_count() == 0)
    context.diagnostics.warning("no samples selected: nothing to predict");
  target.commit();
  return context.diagnostics.bad_input_count() > 0 ? 1 : 0;
}

} // namespace pm::predict
