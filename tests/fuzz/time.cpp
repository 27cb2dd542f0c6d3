// Fuzz target: timestamps, epoch seconds, durations and --since/--until arguments. What is
// read must write back in the canonical form and read back the same.
#include "tests/fuzz/fuzz.hpp"

#include "libpm/time/time.hpp"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  std::string_view text = fuzz::text_of(data, size);

  if (auto ts = time::parse_timestamp(text)) {
    std::string written = time::format_timestamp(*ts);
    PM_FUZZ_CHECK(written.size() == 24 && written.back() == 'Z', written); // years 0001..9999 only
    auto back = time::parse_timestamp(written);
    PM_FUZZ_CHECK(back && *back == *ts, std::string(text) + " -> " + written);
  } else {
    PM_FUZZ_CHECK(!ts.error().empty(), std::string(text));
  }

  if (auto d = time::parse_duration(text)) {
    PM_FUZZ_CHECK(d->count() >= 0 && *d <= time::k_max_duration, std::string(text));
    std::string written = time::format_duration(*d);
    auto back = time::parse_duration(written);
    PM_FUZZ_CHECK(back && *back == *d, std::string(text) + " -> " + written);
  }

  const auto now = time::TimePoint{} + std::chrono::milliseconds(1'764'000'000'000); // 2025-11-24
  if (auto spec = time::parse_time_spec(text, now)) {
    std::string written = time::format_timestamp(*spec);
    PM_FUZZ_CHECK(written.size() == 24, std::string(text) + " -> " + written);
  }

  if (size == sizeof(double)) { // the bytes of a double as epoch seconds
    double seconds;
    std::memcpy(&seconds, data, sizeof seconds);
    if (auto ts = time::from_epoch_seconds(seconds)) {
      std::string written = time::format_timestamp(*ts);
      PM_FUZZ_CHECK(written.size() == 24 && written.substr(0, 4) >= "1970", written); // 1970..9999
    }
  }
  return 0;
}
