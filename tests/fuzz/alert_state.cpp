// Fuzz target: pm-alert's --state file, loaded into an engine of fixed rules (a threshold
// with `for`, window aggregates, absent, an anomaly score). What loads must save and load
// again to the same text, and the engine must go on evaluating from it.
#include "tests/fuzz/fuzz.hpp"

#include "libpm/alert/engine.hpp"
#include "libpm/alert/rule.hpp"

namespace {

// The rules of the seeds in corpus/alert_state (written by pm-alert --state with these).
constexpr std::string_view k_rules = R"(high_cpu: system.cpu.usage > 80 for 1m severity=warning clear=70
db_slow: p95(api.request.duration{module="database"}) over 5m > 0.5 severity=warning
errors: error_rate(api.request.duration) by (module) over 5m > 0.05 severity=critical repeat=10m
stale: absent(system.cpu.usage) for 10m severity=critical
odd_memory: anomaly(system.memory.usage) > 0.9 severity=warning
)";

std::vector<pm::alert::Rule> rules() {
  static const auto parsed = pm::alert::parse_rules_text(k_rules, "fuzz rules");
  return parsed;
}

std::string reload(std::string_view saved) {
  pm::alert::Engine engine(rules());
  engine.load_state(saved);
  return engine.save_state();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  std::string_view text = fuzz::text_of(data, size);
  alert::Engine engine(rules());
  try {
    engine.load_state(text);
  } catch (const Error& e) {
    PM_FUZZ_CHECK(std::string_view(e.what()).starts_with("state: "), e.what());
    return 0;
  }
  std::string saved = engine.save_state();
  std::string why;
  PM_FUZZ_CHECK(util::is_strict_json(saved, why), saved + "\n  " + why);
  std::string again;
  try {
    again = reload(saved);
  } catch (const Error& e) {
    fuzz::fail(__FILE__, __LINE__, "a saved state loads", saved + "\n  " + e.what());
  }
  PM_FUZZ_CHECK(again == saved, saved + "\n  saved again as " + again);

  // Go on from the loaded state: a few records, then the end of the run.
  static record::Parser parser;
  auto ts = time::TimePoint(std::chrono::milliseconds(1'764'000'000'000));
  auto sink = [&](const alert::Event& event) { fuzz::check_parsed_record(event.to_record(), parser); };
  for (int i = 0; i < 3; ++i) {
    auto at = ts + std::chrono::minutes(i);
    engine.process(record::sample(at, "system.cpu.usage", 95.0 - i), sink);
    engine.process(record::sample(at, "system.memory.usage", 50.0 + 40 * i), sink);
    auto request = record::sample(at, "api.request.duration", 0.7, "seconds");
    request.set_tag("module", "database");
    request.set_tag("status", i == 1 ? "500" : "200");
    engine.process(request, sink);
  }
  engine.finish(ts + std::chrono::minutes(20), sink);
  std::string after = engine.save_state();
  PM_FUZZ_CHECK(util::is_strict_json(after, why), after + "\n  " + why);
  return 0;
}
