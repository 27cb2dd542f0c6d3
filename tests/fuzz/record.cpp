// Fuzz target: one NDJSON line through the canonical fast path, the plain path and the
// general parser, which must agree; what is accepted must serialise to strict JSON that
// reads back the same.
#include "tests/fuzz/fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  std::string_view line = fuzz::text_of(data, size);
  static record::Parser parser; // reused as in a stream, so stale buffers would show

  record::Record general;
  std::string error;
  bool general_ok = parser.parse_general(line, general, error);

  record::Record canonical;
  bool canonical_ok = record::parse_canonical(line, canonical);
  time::TimePoint ts{};
  bool checked_ok = record::is_canonical(line, ts);
  PM_FUZZ_CHECK(checked_ok == canonical_ok, std::string(line));
  if (canonical_ok) {
    PM_FUZZ_CHECK(general_ok, std::string(line) + "\n  general parser: " + error);
    PM_FUZZ_CHECK(fuzz::same_record(canonical, general),
                  fuzz::describe(canonical) + "\n  general parser: " + fuzz::describe(general));
    PM_FUZZ_CHECK(ts == canonical.ts, std::string(line));
    // Canonical means byte for byte what append_json writes: pm-ingest stores it unchanged.
    PM_FUZZ_CHECK(record::to_json(canonical) == line, std::string(line) + "\n  written " + fuzz::describe(canonical));
  }

  record::Record plain;
  if (record::parse_plain(line, plain)) {
    PM_FUZZ_CHECK(general_ok, std::string(line) + "\n  general parser: " + error);
    PM_FUZZ_CHECK(fuzz::same_record(plain, general),
                  fuzz::describe(plain) + "\n  general parser: " + fuzz::describe(general));
  }

  record::Record through_parse;
  std::string parse_error;
  bool parse_ok = parser.parse(line, through_parse, parse_error);
  PM_FUZZ_CHECK(parse_ok == general_ok, std::string(line) + "\n  " + parse_error + " / " + error);
  if (!general_ok) {
    PM_FUZZ_CHECK(!error.empty(), std::string(line));
    PM_FUZZ_CHECK(parse_error == error, parse_error + " / " + error);
    return 0;
  }
  PM_FUZZ_CHECK(fuzz::same_record(through_parse, general), fuzz::describe(through_parse));

  // Stored lines must stay strict JSON (jq reads the store) and read back unchanged.
  std::string written = record::to_json(general);
  std::string why;
  PM_FUZZ_CHECK(util::is_strict_json(written, why), written + "\n  " + why);
  record::Record back;
  PM_FUZZ_CHECK(parser.parse_general(written, back, error), written + "\n  " + error);
  PM_FUZZ_CHECK(fuzz::same_record(back, general), written + "\n  read back as " + fuzz::describe(back));
  PM_FUZZ_CHECK(record::to_json(back) == written, written);
  return 0;
}
