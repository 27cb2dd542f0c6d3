// Fuzz target: pm-sample's --state file. What parses must write back as itself; a previous
// reading that passes state_unusable gives rates against the fixture machine's reading, and
// those records must be valid. The first byte says how to read the rest: odd, as the whole
// file; even, as the file without its `end` line, which is added with the right checksum
// (most mutations would otherwise stop at the checksum).
#include "tests/fuzz/fuzz.hpp"

#include "libpm/collect/emitter.hpp"
#include "libpm/collect/sample.hpp"
#include "libpm/collect/sampler.hpp"
#include "libpm/collect/state.hpp"

#include <array>

namespace {

// POSIX cksum, written again here so that the checksum is checked against another reading
// of the standard than the one in state.cpp.
std::uint32_t posix_cksum(std::string_view data) {
  std::uint32_t crc = 0;
  auto feed = [&](unsigned char byte) {
    crc ^= static_cast<std::uint32_t>(byte) << 24;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 0x80000000U) ? (crc << 1) ^ 0x04C11DB7U : crc << 1;
  };
  for (char c : data)
    feed(static_cast<unsigned char>(c));
  for (std::size_t n = data.size(); n != 0; n >>= 8)
    feed(static_cast<unsigned char>(n & 0xFFU));
  return ~crc;
}

// The fixture machine of tests/fixtures/proc/t1, read once: the reading a run takes now.
// Its times are those of the seeds' t0 readings plus 2 s.
struct Machine {
  pm::collect::ProcFs fs{PM_FIXTURES "/proc/t1/proc", PM_FIXTURES "/proc/t1/sys"};
  std::vector<const pm::collect::Collector*> collectors;
  std::unique_ptr<pm::collect::Sampler> sampler;
  pm::collect::Reading current;

  Machine() {
    std::vector<std::string> unavailable;
    // filesystem reads the real mounts (statvfs), not the fixture: left out.
    collectors = pm::collect::select_collectors(fs, {}, {"filesystem"}, unavailable);
    sampler = std::make_unique<pm::collect::Sampler>(fs, collectors, pm::collect::Settings{});
    current = sampler->take(pm::time::TimePoint(std::chrono::milliseconds(1'764'000'002'000)), 1'002'000'000'000);
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  if (size == 0)
    return 0;
  std::string text(fuzz::text_of(data + 1, size - 1));
  if (data[0] % 2 == 0) {
    if (!text.empty() && text.back() != '\n')
      text += '\n';
    text += "end " + std::to_string(posix_cksum(text)) + "\n";
  }
  auto previous = collect::parse_state(text);
  if (!previous) {
    PM_FUZZ_CHECK(!previous.error().empty(), text);
    return 0;
  }
  std::string written = collect::format_state(*previous);
  auto again = collect::parse_state(written);
  PM_FUZZ_CHECK(again.has_value(), written + "\n  " + (again ? std::string() : again.error()));
  PM_FUZZ_CHECK(collect::format_state(*again) == written, written);

  static Machine machine;
  if (collect::state_unusable(*previous, machine.current, collect::k_state_max_age))
    return 0;
  // take() again so that report() reads the files of the reading it reports.
  machine.current = machine.sampler->take(machine.current.wall, machine.current.monotonic_ns);
  std::string out;
  collect::Emitter emitter(out, {{"host", "fuzz"}});
  emitter.begin_sample(machine.current.wall);
  machine.sampler->report(&*previous, machine.current, emitter);
  static record::Parser parser;
  for (std::string_view line : fuzz::lines_of(out)) {
    record::Record r;
    std::string error;
    PM_FUZZ_CHECK(parser.parse_general(line, r, error), std::string(line) + "\n  " + error);
    fuzz::check_parsed_record(r, parser);
  }
  return 0;
}
