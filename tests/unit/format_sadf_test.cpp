// Unit tests of the sysstat `sadf -j` parser (libpm/format/sadf).
#include "format_helpers.hpp"

#include "libpm/format/sadf.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <optional>

using pm::format::Format;
using pm::format::testing::parse;
using pm::format::testing::read_fixture;

namespace {

// The records whose NDJSON starts with `prefix`.
std::vector<std::string> starting(const std::vector<std::string>& records, std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto& r : records)
    if (r.starts_with(prefix))
      out.push_back(r);
  return out;
}

// Sets TZ for one scope (mktime reads it), then puts the old value back.
class ScopedTz {
public:
  explicit ScopedTz(const char* zone) {
    if (const char* old = std::getenv("TZ"))
      m_old = old;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~ScopedTz() {
    if (m_old)
      setenv("TZ", m_old->c_str(), 1);
    else
      unsetenv("TZ");
    tzset();
  }
  ScopedTz(const ScopedTz&) = delete;
  ScopedTz& operator=(const ScopedTz&) = delete;

private:
  std::optional<std::string> m_old;
};

const std::string k_entry_head = R"({"sysstat": {"hosts": [{"nodename": "db-1", "statistics": [)";

} // namespace

TEST_CASE("sadf: real `sadf -j -- -A` output maps to pm-sample's names, stamped and tagged with the host") {
  std::string text = read_fixture("format/sadf/sadf_A.json");
  REQUIRE(text.starts_with("{\"sysstat\": {"));
  auto parsed = parse(text, Format::sadf);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.warnings == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 128); // 64 per sample, two samples
  CHECK(parsed.records[0] ==
        R"({"ts":"2026-12-03T12:47:51.000Z","name":"system.cpu.usage","value":100,"unit":"percent","tags":{"cpu":"total","host":"vm"}})");
  // -u ALL: user is usr + nice + guest + gnice (75.12 + 8.29), system sys + irq + soft.
  CHECK(parsed.records[1] ==
        R"({"ts":"2026-12-03T12:47:51.000Z","name":"system.cpu.user","value":83.41,"unit":"percent","tags":{"cpu":"total","host":"vm"}})");
  CHECK(starting(parsed.records, R"({"ts":"2026-12-03T12:47:51.000Z","name":"system.cpu.idle")").size() == 3);
  // Memory: total is memused + memfree + buffers + cached + slab (kB), as /proc/meminfo's MemTotal.
  CHECK(starting(parsed.records, R"({"ts":"2026-12-03T12:47:51.000Z","name":"system.memory.total","value":25275973632,)")
            .size() == 1);
  CHECK(starting(parsed.records, R"({"ts":"2026-12-03T12:47:51.000Z","name":"system.memory.available","value":23596843008,)")
            .size() == 1);
  CHECK(starting(parsed.records, R"({"ts":"2026-12-03T12:47:51.000Z","name":"system.load.1m","value":11.22,"tags":{"host":"vm"}})")
            .size() == 1);
  CHECK(starting(parsed.records,
                 R"({"ts":"2026-12-03T12:47:51.000Z","name":"system.disk.write_bytes","value":4160256,"unit":"bytes/s","tags":{"device":"vda","host":"vm"}})")
            .size() == 1);
  CHECK(starting(parsed.records, R"({"ts":"2026-12-03T12:47:52.000Z","name":"system.network.rx_bytes")").size() == 4);
  CHECK(starting(parsed.records, R"({"ts":"2026-12-03T12:47:51.000Z","name":"system.interrupts","value":1476.47,)").size() ==
        1);
}

TEST_CASE("sadf: the format is detected from sadf's first line, and not from a record") {
  CHECK(pm::format::detect_format("{\"sysstat\": {") == Format::sadf);
  CHECK(pm::format::detect_format("{ \"sysstat\" :{\"hosts\":[]}}") == Format::sadf);
  CHECK(pm::format::detect_format(R"({"ts":"2026-11-22T10:00:00Z","name":"sysstat","value":1})") == Format::ndjson);
  CHECK(pm::format::detect_format(R"({"sysstat_x": 1})") == Format::ndjson);
  CHECK(*pm::format::parse_format("sadf") == Format::sadf);
  auto detected = parse(read_fixture("format/sadf/sadf_A.json"), std::nullopt);
  CHECK(detected.errors == std::vector<std::string>{});
  CHECK(detected.records.size() == 128);
}

TEST_CASE("sadf: `sadf -T` local times (utc 0) are read in the process's time zone") {
  ScopedTz paris("Europe/Paris");
  auto parsed = parse(read_fixture("format/sadf/sadf_local_paris.json"), Format::sadf);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(!parsed.records.empty());
  // 13:47:51 in Paris in December is 12:47:51 UTC, the same instant as the UTC fixture.
  CHECK(parsed.records[0].starts_with(R"({"ts":"2026-12-03T12:47:51.000Z","name":"system.cpu.usage","value":100,)"));
  // -u without ALL: user is user + nice, system as sadf gives it.
  CHECK(parsed.records[1] ==
        R"({"ts":"2026-12-03T12:47:51.000Z","name":"system.cpu.user","value":83.41,"unit":"percent","tags":{"cpu":"total","host":"vm"}})");
  CHECK(parsed.records.back().starts_with(R"({"ts":"2026-12-03T12:47:52.000Z",)"));
}

TEST_CASE("sadf: records come out on the line that closes each entry; documents may follow one another") {
  std::string doc = k_entry_head +
                    "\n{\"timestamp\": {\"date\": \"2026-01-02\", \"time\": \"03:04:05\", \"utc\": 1},\n"
                    "\"queue\": {\"ldavg-1\": 0.5}\n},\n"
                    "{\"timestamp\": {\"date\": \"2026-01-02\", \"time\": \"03:14:05\", \"utc\": 1}, \"queue\": {\"ldavg-1\": 0.75}}\n"
                    "]}]}}\n";
  pm::format::SadfParser parser;
  std::vector<std::pair<int, std::string>> seen;
  std::string error;
  int number = 0;
  std::string_view rest = doc;
  while (!rest.empty()) {
    auto end = rest.find('\n');
    ++number;
    REQUIRE(parser.parse_line(rest.substr(0, end), [&](pm::record::Record& r) { seen.emplace_back(number, pm::record::to_json(r)); }, error));
    rest.remove_prefix(end + 1);
  }
  REQUIRE(parser.finish([](pm::record::Record&) {}, error));
  REQUIRE(seen.size() == 2);
  CHECK(seen[0] == std::pair<int, std::string>{4, R"({"ts":"2026-01-02T03:04:05.000Z","name":"system.load.1m","value":0.5,"tags":{"host":"db-1"}})"});
  CHECK(seen[1].first == 5);

  auto twice = parse(doc + doc, Format::sadf);
  CHECK(twice.errors == std::vector<std::string>{});
  CHECK(twice.records.size() == 4);
}

TEST_CASE("sadf: malformed documents are errors naming the line; the rest is not read") {
  auto bad = parse(k_entry_head + "\n{\"timestamp\": {\"date\": \"2026-01-02\", \"time\": \"03:04:05\", \"utc\": 1},\n"
                                  "\"queue\": {\"ldavg-1\": 0.5,}}\n]}]}}\n",
                   Format::sadf);
  CHECK(bad.records.empty());
  REQUIRE(bad.errors.size() == 2);
  CHECK(bad.errors[0] == "in:3: invalid JSON: expected a member name in double quotes, got \"}\"");
  CHECK(bad.errors[1] == "in:4: the 1 lines after the malformed sadf JSON above were not read");

  auto number = parse(k_entry_head + "{\"timestamp\": 1.2.3}]}]}}\n", Format::sadf);
  REQUIRE(number.errors.size() == 1);
  CHECK(number.errors[0] == "in:1: invalid JSON: \"1.2.3\" is not a number, true, false or null");

  auto truncated = parse(k_entry_head + "\n{\"timestamp\": {\"date\": \"2026-01-02\", \"time\": \"03:04:05\", \"utc\": 1}}\n", Format::sadf);
  CHECK(truncated.records.empty());
  REQUIRE(truncated.errors.size() == 1);
  CHECK(truncated.errors[0] == "in:2: the sadf document ends early (truncated?): 5 objects or arrays are still open");

  auto other = parse("{\"sysstat\": {\"version\": 1}}\n", Format::sadf);
  REQUIRE(other.errors.size() == 1);
  CHECK(other.errors[0] == "in:1: not sadf -j output: no \"sysstat\": {\"hosts\": [...]} in the document");

  auto array = parse("[1, 2]\n", Format::sadf);
  REQUIRE(array.errors.size() == 1);
  CHECK(array.errors[0] == "in:1: not sadf -j output: the document must be a JSON object, got \"[\"");

  auto after = parse("{\"sysstat\": {\"hosts\": []}} x\n", Format::sadf);
  REQUIRE(after.errors.size() == 1);
  CHECK(after.errors[0] == "in:1: invalid JSON: text after the end of the sadf document: \"x\"");
}

TEST_CASE("sadf: a bad entry rejects its closing line and the document goes on") {
  auto parsed = parse(k_entry_head +
                          "\n{\"timestamp\": {\"date\": \"2026-13-02\", \"time\": \"03:04:05\", \"utc\": 1}},\n"
                          "{\"timestamp\": {\"date\": \"2026-01-02\", \"time\": \"03:04:05\", \"utc\": 1}, \"queue\": {\"ldavg-1\": \"high\"}},\n"
                          "{\"queue\": {\"ldavg-1\": 1}},\n"
                          "{\"timestamp\": {\"date\": \"2026-01-02\", \"time\": \"03:24:05\", \"utc\": 1}, \"queue\": {\"ldavg-1\": 2}}\n"
                          "]}]}}\n",
                      Format::sadf);
  REQUIRE(parsed.errors.size() == 3);
  CHECK(parsed.errors[0].starts_with("in:2: sadf sample at 2026-13-02 03:04:05: "));
  CHECK(parsed.errors[1] == "in:3: sadf sample at 2026-01-02 03:04:05: \"ldavg-1\" must be a number, got \"high\"");
  CHECK(parsed.errors[2] == "in:4: sadf statistics entry without a \"timestamp\" object");
  REQUIRE(parsed.records.size() == 1);
  CHECK(parsed.records[0] == R"({"ts":"2026-01-02T03:24:05.000Z","name":"system.load.1m","value":2,"tags":{"host":"db-1"}})");
}

TEST_CASE("sadf: memory stays bounded: an entry past the limit is refused") {
  std::string huge = k_entry_head + "\n{\"timestamp\": {\"date\": \"2026-01-02\", \"time\": \"03:04:05\", \"utc\": 1}, \"x\": [\n";
  std::string row(1000, ' ');
  row += "0,\n";
  for (std::size_t i = 0; i * row.size() < pm::format::SadfParser::k_max_entry_bytes + row.size(); ++i)
    huge += row;
  auto parsed = parse(huge, Format::sadf);
  CHECK(parsed.records.empty());
  REQUIRE(!parsed.errors.empty());
  CHECK(parsed.errors[0].ends_with(": a sadf statistics entry longer than 16 MiB"));
}
