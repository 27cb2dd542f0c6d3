// Unit tests of text for people: display widths, cutting and wrapping, tables fitted to a width.
#include "libpm/util/table.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace pm;

namespace {

/// The widest line of `text`, in display columns.
std::size_t widest(const std::string& text) {
  std::istringstream in(text);
  std::size_t most = 0;
  for (std::string line; std::getline(in, line);)
    most = std::max(most, util::display_width(line));
  return most;
}

util::Rows forecasts() {
  return {{"series", "model", "value", "trend"},
          {"system.filesystem.usage{mount=\"/\"}", "holt", "90.0%", "increasing"},
          {"system.filesystem.usage{mount=\"/boot\"}", "ses", "30.0%", "stable"}};
}

} // namespace

TEST_CASE("display width counts code points and skips colour escapes") {
  CHECK(util::display_width("abc") == 3);
  CHECK(util::display_width("µs ▁▂") == 5);
  CHECK(util::display_width("\033[31;1mFAIL\033[0m") == 4);
}

TEST_CASE("cut_to_width ends a cut text with an ellipsis and leaves escapes whole") {
  CHECK(util::cut_to_width("abcdef", 4) == "abc…");
  CHECK(util::cut_to_width("abcdef", 6) == "abcdef");
  CHECK(util::cut_to_width("abcdef", 0) == "abcdef");
  CHECK(util::cut_to_width("µµµµµ", 3) == "µµ…");
  const std::string cut = util::cut_to_width("\033[31mREGRESSION\033[0m", 4);
  CHECK(cut == "\033[31mREG…");
  CHECK(util::display_width(cut) == 4);
}

TEST_CASE("append_wrapped breaks at spaces and breaks a word wider than a line, losing nothing") {
  std::string out;
  util::append_wrapped(out, "  - ", "one two three four", "    ", 12);
  CHECK(out == "  - one two\n    three\n    four\n");
  out.clear();
  util::append_wrapped(out, "  ", "abcdefghijklmnopqrstuvwxyz", "    ", 10);
  CHECK(out == "  abcdefgh\n    ijklmn\n    opqrst\n    uvwxyz\n");
  out.clear();
  util::append_wrapped(out, "", "a word", "", 0); // no limit
  CHECK(out == "a word\n");
  out.clear();
  util::append_wrapped(out, "key  ", "exactly10!", "     ", 15); // fills the line exactly
  CHECK(out == "key  exactly10!\n");
}

TEST_CASE("a table that fits is aligned, left and right as asked") {
  std::string out;
  util::append_table(out, forecasts(), 0, {{}, "series", 0, {0, 1, 3}});
  CHECK(out == "  series                                  model  value  trend\n"
               "  system.filesystem.usage{mount=\"/\"}      holt   90.0%  increasing\n"
               "  system.filesystem.usage{mount=\"/boot\"}  ses    30.0%  stable\n");
}

TEST_CASE("a table too wide drops its optional columns in order, then cuts the shrink column") {
  std::string out;
  util::append_table(out, forecasts(), 54, {{"trend", "model"}, "series", 0, {0, 1, 3}});
  CHECK(out == "  series                                  model  value\n"
               "  system.filesystem.usage{mount=\"/\"}      holt   90.0%\n"
               "  system.filesystem.usage{mount=\"/boot\"}  ses    30.0%\n");
  out.clear();
  util::append_table(out, forecasts(), 40, {{"trend", "model"}, "series", 0, {0, 1, 3}});
  CHECK(widest(out) == 40);
  // Cut in the middle: the tags that tell the two apart stay.
  CHECK(out == "  series                           value\n"
               "  system.filesystem.…e{mount=\"/\"}  90.0%\n"
               "  system.filesystem.…unt=\"/boot\"}  30.0%\n");
}

TEST_CASE("shrink_first cuts the shrink column before a column is dropped, only as far as needed") {
  std::string out;
  util::append_table(out, forecasts(), 60, {{"trend", "model"}, "series", 24, {0, 1, 3}});
  CHECK(widest(out) <= 60);
  CHECK(out.find("increasing") != std::string::npos); // nothing dropped
  CHECK(out.find("model") != std::string::npos);
  out.clear();
  util::append_table(out, forecasts(), 45, {{"trend", "model"}, "series", 24, {0, 1, 3}});
  CHECK(widest(out) <= 45);
  // The trend dropped, then the series given all the room left.
  CHECK(out == "  series                         model  value\n"
               "  system.filesystem…{mount=\"/\"}  holt   90.0%\n"
               "  system.filesystem…nt=\"/boot\"}  ses    30.0%\n");
  CHECK(widest(out) == 45);
}

TEST_CASE("a table that cannot fit is expanded, one block per row, nothing left out") {
  std::string out;
  util::append_table(out, forecasts(), 20, {{"trend"}, "series", 0, {0, 1, 3}});
  CHECK(widest(out) <= 20);
  CHECK(out == "  system.filesystem.\n"
               "    usage{mount=\"/\"}\n"
               "    model  holt\n"
               "    value  90.0%\n"
               "    trend  increasin\n"
               "           g\n" // a word wider than the line is broken, not cut
               "  system.filesystem.\n"
               "    usage{mount=\"/bo\n"
               "    ot\"}\n"
               "    model  ses\n"
               "    value  30.0%\n"
               "    trend  stable\n");
}

TEST_CASE("terminal_width takes COLUMNS when it is a positive number, else the terminal, else 0") {
  CHECK(util::terminal_width(-1, "57") == 57);
  CHECK(util::terminal_width(-1, "0") == 0);
  CHECK(util::terminal_width(-1, "wide") == 0);
  CHECK(util::terminal_width(-1, nullptr) == 0);
}

TEST_CASE("at every width from 20 to 120 no line of a table is wider, and every cell is there") {
  util::Rows rows = forecasts();
  rows.push_back({"api.request.duration{module=\"db\",status=\"200\"}", "arima (0,0,0) with mean", "96.5ms",
                  "stable +29.3ms/h"});
  for (std::size_t width = 20; width <= 120; ++width) {
    for (std::size_t first : {0, 24}) {
      std::string out;
      util::append_table(out, rows, width, {{"trend", "model"}, "series", first, {0, 1, 3}});
      INFO("width " << width << ", shrink_first " << first << ":\n" << out);
      CHECK(widest(out) <= width);
      CHECK(out.find("90.0%") != std::string::npos);
      CHECK(out.find("96.5ms") != std::string::npos);
    }
  }
}
