// pm-report --follow's view: bounded rings and series, the order of the lines, fitting a screen.
#include "libpm/alert/rule.hpp"
#include "libpm/report/follow.hpp"
#include "libpm/util/table.hpp"

#include <catch2/catch.hpp>

using namespace pm;

namespace {

record::Record sample(int second, std::string name, double value, std::string unit = {}, record::Tags tags = {}) {
  record::Record r = record::sample(time::TimePoint{std::chrono::seconds(1795341600 + second)}, std::move(name), value,
                                    std::move(unit));
  r.tags = std::move(tags);
  return r;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines)
    out += line + "\n";
  return out;
}

} // namespace

TEST_CASE("follow: a series keeps only its last values; min, mean and max are over them") {
  report::FollowLimits limits;
  limits.points = 10;
  report::FollowView view(limits, {}, "");
  for (int i = 0; i < 1000; ++i)
    view.add(sample(i, "q", i, "count"));
  report::Screen screen;
  screen.rows = 0;
  screen.columns = 80;
  screen.glyphs = report::Glyphs::ascii;
  auto lines = view.frame(screen);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "pm-report  health HEALTHY  2026-11-22T10:16:39Z  1000 records  1 series");
  // The last ten values 990..999: last 999, min 990, mean 994.5, max 999, a rising ramp.
  CHECK(lines[3] == "  q         999    990  994.5    999  _.--:=++*#");
}

TEST_CASE("follow: series beyond the limit are counted, not kept, and the frame says so") {
  report::FollowLimits limits;
  limits.series = 3;
  report::FollowView view(limits, {}, "");
  for (int s = 0; s < 10; ++s)
    for (int i = 0; i < 3; ++i)
      view.add(sample(i, "m" + std::to_string(s), i));
  report::Screen screen;
  screen.rows = 0;
  auto text = joined(view.frame(screen));
  CHECK(text.find("30 records  10 series") != std::string::npos);
  CHECK(text.find("  m0 ") != std::string::npos);
  CHECK(text.find("  m3 ") == std::string::npos);
  CHECK(text.find("  7 series not followed (at most 3)\n") != std::string::npos);
}

TEST_CASE("follow: alerting series first, then the key figures, a frame fits rows and columns") {
  report::FollowView view(report::FollowLimits{}, {alert::parse_rule("hot: disk.temp > 50", "--rule")}, "");
  for (int i = 0; i < 30; ++i) {
    view.add(sample(i, "aaa.first.by.name", i));
    view.add(sample(i, "system.load.1m", 0.5));
    view.add(sample(i, "system.cpu.usage", 10 + i, "percent", {{"cpu", "total"}}));
    view.add(sample(i, "system.cpu.usage", 10, "percent", {{"cpu", "0"}}));
    view.add(sample(i, "disk.temp", i == 29 ? 70 : 40, "celsius"));
    view.add(sample(i, "net.rate", 14100, "packets/s"));
  }
  report::Screen screen;
  screen.rows = 13;
  screen.columns = 60;
  auto lines = view.frame(screen);
  REQUIRE(lines.size() == 13);
  for (const auto& line : lines)
    CHECK(util::display_width(line) <= 60);
  auto text = joined(lines);
  INFO(text);
  CHECK(lines[0].starts_with("pm-report  health DEGRADED  "));
  CHECK(lines[1] == "  - alert hot (warning) on disk.temp");
  CHECK(lines[3] == "Active alerts (1)");
  CHECK(lines[4] == "  10:00:29  warning   hot: disk.temp = 70 (above 50)");
  auto starts = [&](std::size_t i, std::string_view what) { return lines[i].starts_with(what); };
  CHECK(starts(7, "  disk.temp "));
  CHECK(lines[7].find("70°C") != std::string::npos);
  CHECK(starts(8, "  system.cpu.usage total "));
  CHECK(starts(9, "  system.load.1m "));
  CHECK(starts(10, "  aaa.first.by.name "));
  CHECK(starts(11, "  net.rate "));
  CHECK(starts(12, "  system.cpu.usage 0 ")); // one CPU of many after the rest
  // Unicode blocks by default.
  CHECK(text.find("█") != std::string::npos);

  // Three lines fewer: what does not fit is counted on the last line.
  screen.rows = 10;
  lines = view.frame(screen);
  REQUIRE(lines.size() == 10);
  CHECK(lines[8].starts_with("  system.cpu.usage total "));
  CHECK(lines[9] == "  4 more series not shown (choose with --metric)");
}

TEST_CASE("follow: rates read as 14.1k/s, bytes in KiB, percentages with one decimal") {
  report::FollowView view(report::FollowLimits{}, {}, "");
  view.add(sample(0, "a.rate", 14100, "packets/s"));
  view.add(sample(0, "b.bytes", 14438, "bytes/s"));
  view.add(sample(0, "c.pct", 42.04, "percent"));
  report::Screen screen;
  screen.rows = 0;
  auto text = joined(view.frame(screen));
  INFO(text);
  CHECK(text.find("\n  a.rate     14.1k/s ") != std::string::npos);
  CHECK(text.find("\n  b.bytes  14.1KiB/s ") != std::string::npos);
  CHECK(text.find("\n  c.pct        42.0% ") != std::string::npos);
}

TEST_CASE("follow: sparklines in ASCII or Unicode, mid height when flat") {
  CHECK(report::sparkline(std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7}, report::Glyphs::ascii) == "_.-:=+*#");
  CHECK(report::sparkline(std::vector<double>{0, 7}) == "▁█");
  CHECK(report::sparkline(std::vector<double>{5, 5}, report::Glyphs::ascii) == "::");
  CHECK(report::sparkline(std::vector<double>{}).empty());
}
