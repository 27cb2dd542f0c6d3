// Fuzz target: pm-predict's baseline file (--against-baseline, --learn-baseline). What
// parses must write back and parse again to the same text, and every series must answer
// a check with finite figures.
#include "tests/fuzz/fuzz.hpp"

#include "libpm/predict/baseline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  std::string_view text = fuzz::text_of(data, size);
  predict::Baseline baseline;
  try {
    baseline = predict::Baseline::parse(text, "baseline.json");
  } catch (const Error& e) {
    PM_FUZZ_CHECK(std::string_view(e.what()).starts_with("baseline.json"), e.what());
    return 0;
  }
  std::string written = baseline.to_json();
  std::string why;
  PM_FUZZ_CHECK(util::is_strict_json(written, why), written + "\n  " + why);
  std::string again;
  try {
    again = predict::Baseline::parse(written, "written").to_json();
  } catch (const Error& e) {
    fuzz::fail(__FILE__, __LINE__, "a written baseline parses", written + "\n  " + e.what());
  }
  PM_FUZZ_CHECK(again == written, written + "\n  written again as " + again);

  auto ts = time::TimePoint(std::chrono::milliseconds(1'764'000'000'000));
  for (const auto& series : baseline.series()) {
    for (double value : {0.0, 1.0, -1e300, 1e300}) {
      auto deviation = baseline.check(series.key(), ts, value, predict::BaselineSettings{3, 4, 1});
      if (!deviation)
        continue;
      PM_FUZZ_CHECK(std::isfinite(deviation->expected) && std::isfinite(deviation->stddev) &&
                        !std::isnan(deviation->z) && deviation->stddev > 0,
                    series.key() + " " + std::to_string(deviation->expected) + " " +
                        std::to_string(deviation->stddev) + " " + std::to_string(deviation->z));
    }
  }
  return 0;
}
