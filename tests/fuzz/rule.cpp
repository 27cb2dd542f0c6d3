// Fuzz target: one alert rule expression (pm-alert --rule). A rule that is read must write
// back in the canonical form, and the canonical form must read back as the same rule.
#include "tests/fuzz/fuzz.hpp"

#include "libpm/alert/rule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  std::string_view text = fuzz::text_of(data, size);
  for (bool unbounded : {false, true}) { // --rule, and pm-report's --fail-on
    std::string canonical;
    try {
      canonical = alert::parse_rule(text, "--rule", unbounded).canonical();
    } catch (const UsageError& e) {
      PM_FUZZ_CHECK(std::string_view(e.what()).starts_with("--rule"), e.what());
      continue;
    }
    std::string again;
    try {
      again = alert::parse_rule(canonical, "--rule", unbounded).canonical();
    } catch (const UsageError& e) {
      fuzz::fail(__FILE__, __LINE__, "the canonical form reads back", canonical + "\n  " + e.what());
    }
    PM_FUZZ_CHECK(again == canonical, canonical + "\n  read back as " + again);
  }
  return 0;
}
