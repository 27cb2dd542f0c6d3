// Fuzz target: pm-predict's fits over any series. The first bytes choose the options (model,
// --threshold, --below, --robust, --every, --step, --season, --anomalies, --follow), the rest
// are points: a spacing (same time, jittered, one step, a gap, slightly back in time) and a
// value (small, huge, tiny, zero, constant runs). Every record written must hold finite
// figures in order: lower <= value <= upper, eta_low <= eta <= eta_high, r2 in [0, 1], a score
// in [0, 1].
#include "tests/fuzz/fuzz.hpp"

#include "libpm/predict/models.hpp"
#include "libpm/predict/run.hpp"
#include "libpm/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace {

using namespace pm;

constexpr std::size_t k_max_points = 500;  // a run stays well within the fuzzer's 10 s limit

double value_of(std::uint8_t kind, std::uint8_t a, std::uint8_t b, double last) {
  const double raw = static_cast<double>(static_cast<std::int16_t>(a << 8 | b));
  switch (kind % 8) {
  case 0: return last;                 // a constant run
  case 1: return raw * 1e300 / 32768;  // near the largest doubles
  case 2: return raw * 1e-300;         // near the smallest
  case 3: return 0;
  case 4: return 50 + raw / 1000;      // a percentage-like level with noise
  default: return raw;
  }
}

time::Duration spacing_of(std::uint8_t kind, time::Duration step) {
  switch (kind % 8) {
  case 0: return time::Duration::zero();                 // a duplicate time
  case 1: return step + std::chrono::milliseconds(kind); // jitter
  case 2: return step * (1 + kind % 8);                  // a gap
  case 3: return -std::chrono::milliseconds(kind * 7);   // slightly out of order
  default: return step;
  }
}

void check_record(const record::Record& r, const predict::Options& options) {
  const auto extra = r.extra_fields();
  auto number = [&](const char* key) -> std::optional<double> {
    auto it = extra.find(key);
    if (it == extra.end())
      return std::nullopt;
    PM_FUZZ_CHECK(it->is_number(), record::to_json(r));
    return it->get<double>();
  };
  auto stamp = [&](const char* key) -> std::optional<std::string> {
    auto it = extra.find(key);
    if (it == extra.end() || it->is_null()) // null: it does not cross within the horizon
      return std::nullopt;
    PM_FUZZ_CHECK(it->is_string(), record::to_json(r));
    return it->get<std::string>();
  };
  const std::string text = record::to_json(r);
  std::string why;
  PM_FUZZ_CHECK(util::is_strict_json(text, why), text + "\n  " + why);
  if (r.has_value)
    PM_FUZZ_CHECK(std::isfinite(r.value), text);
  if (r.kind == "forecast") {
    auto lower = number("lower"), upper = number("upper"), confidence = number("confidence");
    PM_FUZZ_CHECK(r.has_value && confidence && *confidence == std::stod(options.confidence), text);
    PM_FUZZ_CHECK(lower.has_value() == upper.has_value(), text);
    if (!lower) { // a band that cannot be judged is said to be missing
      PM_FUZZ_CHECK(stamp("note"), text);
      return;
    }
    PM_FUZZ_CHECK(std::isfinite(*lower) && std::isfinite(*upper), text);
    PM_FUZZ_CHECK(*lower <= r.value && r.value <= *upper, text);
  } else if (r.kind == "trend") {
    for (const char* key : {"slope", "slope_se", "r2"})
      if (auto x = number(key))
        PM_FUZZ_CHECK(std::isfinite(*x), text);
    if (auto r2 = number("r2"))
      PM_FUZZ_CHECK(*r2 >= 0 && *r2 <= 1, text);
    auto eta = stamp("eta"), low = stamp("eta_low"), high = stamp("eta_high");
    // The stamps are ISO 8601 in one width, so text order is time order.
    if (eta && low)
      PM_FUZZ_CHECK(*low <= *eta, text);
    if (eta && high)
      PM_FUZZ_CHECK(*eta <= *high, text);
  } else if (r.kind == "anomaly" || r.kind == "score") {
    if (auto score = number("score"))
      PM_FUZZ_CHECK(*score >= 0 && *score <= 1, text);
    if (auto z = number("z"))
      PM_FUZZ_CHECK(!std::isnan(*z), text);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4)
    return 0;
  predict::Options options;
  const std::uint8_t flags = data[1], more = data[2], step_code = data[3];
  static const std::string names = predict::model_names();
  static const std::vector<std::string_view> models = util::split(names, ' ');
  options.model = std::string(models[data[0] % models.size()]);
  options.clock = time::Clock(time::TimePoint(std::chrono::milliseconds(1'764'000'000'000)));
  const time::Duration step = std::chrono::seconds(1 + step_code % 120);
  options.anomalies = more & 8;
  if (options.anomalies) {
    options.scores = more & 16;
  } else {
    if (flags & 1)
      options.threshold = (flags & 2) ? 90.0 : -5.0;
    options.below = options.threshold && (flags & 4);
    // A horizon of 100 or 2000 steps: a threshold's default of 30 days in 1 s steps is 2.6
    // million steps a series, linear but past the fuzzer's 10 s under the sanitizers.
    options.horizon = time::format_duration(step * ((flags & 32) ? 2000 : 100));
    if (flags & 16)
      options.every = time::format_duration(step * 10);
  }
  options.robust = flags & 8;
  if (more & 1)
    options.step = "1m";
  if (more & 2)
    options.season = (more & 4) ? "1h" : "0";
  options.follow = more & 32;
  options.confidence = (more & 64) ? "0.8" : "0.95";

  util::Diagnostics diagnostics;
  std::vector<record::Record> out;
  std::optional<predict::Analyzer> analyzer;
  try {
    analyzer.emplace(options, [&](const record::Record& r) { out.push_back(r); }, diagnostics);
  } catch (const UsageError&) {
    return 0; // an option combination pm-predict refuses (say --follow with --anomalies)
  }
  time::TimePoint ts(std::chrono::milliseconds(1'763'000'000'000));
  double last = 1;
  std::size_t points = 0;
  for (std::size_t at = 4; at + 3 <= size && points < k_max_points; at += 3, ++points) {
    ts += spacing_of(data[at] >> 3, step);
    last = value_of(data[at], data[at + 1], data[at + 2], last);
    auto record = record::sample(ts, (data[at] & 0x80) ? "disk.usage" : "api.latency", last,
                                 (data[at] & 0x40) ? "%" : "s");
    analyzer->add(record);
  }
  try {
    analyzer->finish();
  } catch (const UsageError& e) {
    // A horizon past the 10 million steps pm-predict forecasts, should the step inferred
    // from the points be far shorter than the one they were written at.
    PM_FUZZ_CHECK(std::string_view(e.what()).starts_with("--horizon"), e.what());
    return 0;
  }
  for (const auto& r : out)
    check_record(r, options);
  return 0;
}
