// Unit tests of the Monitoring Plugins output parser (libpm/format/nagios).
#include "format_helpers.hpp"

#include "libpm/format/nagios.hpp"

#include <catch2/catch.hpp>

using pm::format::Format;
using pm::format::testing::parse;
using pm::format::testing::read_fixture;

TEST_CASE("nagios: real check_load output gives its state, then one record per label, named after the service") {
  std::string text = read_fixture("format/nagios/check_load.txt");
  REQUIRE(text.starts_with("LOAD OK - total load average:"));
  auto parsed = parse(text, Format::nagios);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 4);
  CHECK(parsed.records[0] == R"({"name":"nagios.state","value":0,"tags":{"service":"load"},)"
                             R"("output":"LOAD OK - total load average: 1.14, 0.65, 0.37"})");
  CHECK(parsed.records[1].starts_with(R"({"name":"load.load1","value":)"));
  CHECK(parsed.records[1].ends_with(R"(,"tags":{"service":"load"},"warn":"15.000","crit":"30.000","min":0})"));
  CHECK(parsed.records[3].starts_with(R"({"name":"load.load15","value":)"));
}

TEST_CASE("nagios: a status line without perfdata still stores the plugin's state") {
  auto parsed = parse("DISK CRITICAL - free space: / 3% (1 GiB)\n", Format::nagios);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 1);
  CHECK(parsed.records[0] ==
        R"x({"name":"nagios.state","value":2,"tags":{"service":"disk"},"output":"DISK CRITICAL - free space: / 3% (1 GiB)"})x");

  // Every state word and form of the guidelines; no service word gives no service tag.
  auto forms = parse("PROCS WARNING: 510 processes\n", Format::nagios);
  REQUIRE(forms.records.size() == 1);
  CHECK(forms.records[0].starts_with(R"({"name":"nagios.state","value":1,"tags":{"service":"procs"})"));
  auto bare = parse("UNKNOWN - could not open /proc\n", Format::nagios);
  REQUIRE(bare.records.size() == 1);
  CHECK(bare.records[0] == R"({"name":"nagios.state","value":3,"output":"UNKNOWN - could not open /proc"})");
}

TEST_CASE("nagios: a log of status lines gives one state per line; long output stays long output") {
  auto parsed = parse("DISK OK - free space: / 40%\n"
                      "DISK CRITICAL - free space: / 3% | /=97%;90;95\n"
                      "/var fine, Disk OK on /home\n" // long output: the state word is not the second word
                      "Disk OK on /boot\n"             // long output: not `STATE - ` nor `STATE:`
                      "HTTP OK: HTTP/1.1 200 OK\n",
                      Format::nagios);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 4);
  CHECK(parsed.records[0].starts_with(R"({"name":"nagios.state","value":0,"tags":{"service":"disk"})"));
  CHECK(parsed.records[1].starts_with(R"({"name":"nagios.state","value":2,"tags":{"service":"disk"})"));
  CHECK(parsed.records[2] == R"({"name":"disk","value":97,"unit":"percent","tags":{"label":"/","service":"disk"},)"
                             R"("warn":"90","crit":"95"})");
  CHECK(parsed.records[3].starts_with(R"({"name":"nagios.state","value":0,"tags":{"service":"http"})"));
}

TEST_CASE("nagios: output that is not plugin output is rejected line by line") {
  auto parsed = parse("hello world\n\nsomething else\n", Format::nagios);
  CHECK(parsed.records.empty());
  REQUIRE(parsed.errors.size() == 2);
  CHECK(parsed.errors[0] == "in:1: not Monitoring Plugins output: \"hello world\" has no state (\"SERVICE STATE - "
                            "text\", STATE one of OK, WARNING, CRITICAL, UNKNOWN) and no performance data after \"|\"");
  CHECK(parsed.errors[1].starts_with("in:3: not Monitoring Plugins output: \"something else\""));

  // check_tcp's own text when the port is closed says no state (its exit status does).
  auto refused = parse(read_fixture("format/nagios/check_tcp_refused.txt"), Format::nagios);
  CHECK(refused.records.empty());
  REQUIRE(refused.errors.size() == 1);
  CHECK(refused.errors[0].starts_with("in:1: not Monitoring Plugins output: \"connect to address 127.0.0.1"));
}

TEST_CASE("nagios: PluginState::skip (pm-sample's exec checks) gives perfdata only, as before") {
  auto run = [](std::string_view text) {
    pm::format::NagiosParser parser("health.web", pm::format::PluginState::skip);
    std::vector<std::string> records;
    std::size_t errors = 0;
    pm::util::Diagnostics diagnostics([&](std::string_view) { ++errors; });
    pm::format::parse_lines(text, parser, "in", diagnostics,
                            [&](pm::record::Record& r) { records.push_back(pm::record::to_json(r)); });
    CHECK(errors == 0);
    return records;
  };
  CHECK(run("PROCS OK: 95 processes | procs=95;500;1000;0;\n") ==
        std::vector<std::string>{R"({"name":"health.web.procs","value":95,"warn":"500","crit":"1000","min":0})"});
  CHECK(run(read_fixture("format/nagios/check_tcp_refused.txt")).empty());
  CHECK(run("DISK CRITICAL - free space: / 3%\n").empty());
}

TEST_CASE("nagios: real check_disk output: byte values, mount points as the label tag") {
  std::string text = read_fixture("format/nagios/check_disk.txt");
  auto parsed = parse(text, Format::nagios);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 4);
  CHECK(parsed.records[0].starts_with(R"({"name":"nagios.state","value":0,"tags":{"service":"disk"})"));
  CHECK(parsed.records[1].starts_with(R"({"name":"disk","value":)"));
  CHECK(parsed.records[1].find(R"("unit":"bytes","tags":{"label":"/","service":"disk"})") != std::string::npos);
  CHECK(parsed.records[3].find(R"("tags":{"label":"/dev/shm","service":"disk"})") != std::string::npos);
}

TEST_CASE("nagios: UOMs scale to seconds and bytes, ranges scale endpoint by endpoint") {
  auto parsed = parse("HTTP OK: 200 - 512 bytes in 0.25 second |time=250ms;@100:~;500;0; size=2KB;;;0;4KB "
                      "cache=1.5MiB used=42% errors=7c\n",
                      Format::nagios);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 6);
  CHECK(parsed.records[0].starts_with(R"({"name":"nagios.state","value":0,"tags":{"service":"http"})"));
  CHECK(parsed.records[1] == R"({"name":"http.time","value":0.25,"unit":"seconds","tags":{"service":"http"},)"
                             R"("warn":"@0.1:~","crit":"0.5","min":0})");
  CHECK(parsed.records[2] == R"({"name":"http.size","value":2000,"unit":"bytes","tags":{"service":"http"},"min":0,"max":4000})");
  CHECK(parsed.records[3] == R"({"name":"http.cache","value":1572864,"unit":"bytes","tags":{"service":"http"}})");
  CHECK(parsed.records[4] == R"({"name":"http.used","value":42,"unit":"percent","tags":{"service":"http"}})");
  CHECK(parsed.records[5] == R"({"name":"http.errors","value":7,"unit":"count","tags":{"service":"http"},"type":"counter"})");
}

TEST_CASE("nagios: long output is skipped, perfdata continues after a later |, quoted labels") {
  auto parsed = parse("DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n"
                      "/ 15272 MB (77%);\n"
                      "/boot 68 MB (69%);\n"
                      "/home 69357 MB (27%);\n"
                      "/var/log 819 MB (84%); | /boot=68MB;88;93;0;98\n"
                      "'home dir'=69357MB;253404;253409;0;253414 'it''s'=1\n",
                      Format::nagios);
  REQUIRE(parsed.errors == std::vector<std::string>{});
  REQUIRE(parsed.records.size() == 5);
  CHECK(parsed.records[0].starts_with(R"({"name":"nagios.state","value":0,"tags":{"service":"disk"})"));
  CHECK(parsed.records[1] == R"({"name":"disk","value":2.643e+09,"unit":"bytes","tags":{"label":"/","service":"disk"},)"
                             R"("warn":"5.948e+09","crit":"5.958e+09","min":0,"max":5.968e+09})");
  CHECK(parsed.records[2].starts_with(R"({"name":"disk","value":6.8e+07,"unit":"bytes","tags":{"label":"/boot","service":"disk"})"));
  CHECK(parsed.records[3].starts_with(R"({"name":"disk","value":6.9357e+10,"unit":"bytes","tags":{"label":"home dir","service":"disk"})"));
  CHECK(parsed.records[4] == R"({"name":"disk","value":1,"tags":{"label":"it's","service":"disk"}})");
}

TEST_CASE("nagios: the prefix option names the records; no service word gives perfdata") {
  pm::format::ParserOptions options;
  options.nagios_prefix = "health.web";
  auto named = parse("PROCS OK: 95 processes | procs=95;500;1000;0;\n", Format::nagios, options);
  REQUIRE(named.records.size() == 2);
  CHECK(named.records[1] ==
        R"({"name":"health.web.procs","value":95,"tags":{"service":"procs"},"warn":"500","crit":"1000","min":0})");

  // Perfdata without a state word: the text does not say the state, so no state record.
  auto plain = parse("all fine|x=1\n", Format::nagios);
  REQUIRE(plain.records.size() == 1);
  CHECK(plain.records[0] == R"({"name":"perfdata.x","value":1})");
}

TEST_CASE("nagios: U values are skipped and counted; malformed perfdata rejects its line") {
  auto parsed = parse("CHECK OK | a=U b=2\n", Format::nagios);
  REQUIRE(parsed.records.size() == 2); // the state and b
  CHECK(parsed.warnings.size() == 1);
  CHECK(parsed.warnings[0] == "warning: in: skipped 1 perfdata value \"U\" (a record holds a finite number)");

  auto bad = parse("CHECK OK | a=1 b=x c=3\n", Format::nagios);
  CHECK(bad.records.empty()); // the state record too: a line is accepted or rejected whole
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0] == "in:1: perfdata \"b\": value must be a number, got \"x\"");

  auto range = parse("CHECK OK | t=5ms;1:x\n", Format::nagios);
  REQUIRE(range.errors.size() == 1);
  CHECK(range.errors[0] == "in:1: perfdata \"t\": warn \"1:x\" is not a threshold range");

  auto noeq = parse("CHECK OK | lonely\n", Format::nagios);
  REQUIRE(noeq.errors.size() == 1);
  CHECK(noeq.errors[0] == "in:1: perfdata item \"lonely\" needs label=value");
}

TEST_CASE("nagios: scale_for_uom follows the guidelines and Icinga's prefixes") {
  using pm::format::scale_for_uom;
  CHECK(scale_for_uom("us").factor == Approx(1e-6));
  CHECK(scale_for_uom("KB").factor == 1000);
  CHECK(scale_for_uom("KiB").factor == 1024);
  CHECK(scale_for_uom("TB").unit == "bytes");
  CHECK(scale_for_uom("c").counter);
  CHECK(scale_for_uom("dBm").unit == "dBm");
  CHECK(scale_for_uom("").unit.empty());
}
