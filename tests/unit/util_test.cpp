// Unit tests of libpm/util: numbers, JSON strings, globs, atomic files, diagnostics.
#include "libpm/util/diagnostics.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/json_check.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/strings.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

using namespace pm::util;

TEST_CASE("numbers are written in the shortest form that reads back the same") {
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(3.0) == "3");
  CHECK(format_number(-2.5e-7) == "-2.5e-07");
  CHECK(format_number(1e21) == "1e+21");
  CHECK(format_number(123456789012.0) == "123456789012");
  double tricky = 0.1 + 0.2;
  CHECK(std::stod(format_number(tricky)) == tricky);
}

TEST_CASE("numbers parse only when the whole text is a finite number") {
  CHECK(parse_number("42") == 42.0);
  CHECK(parse_number("+1.5") == 1.5);
  CHECK(parse_number("-3e2") == -300.0);
  CHECK_FALSE(parse_number("12abc"));
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("inf"));
  CHECK_FALSE(parse_number("nan"));
  CHECK(parse_integer("-17") == -17);
  CHECK_FALSE(parse_integer("1.5"));
}

TEST_CASE("JSON strings are escaped and invalid UTF-8 is replaced") {
  std::string out;
  append_json_string(out, "a\"b\\c\nd\te\x01");
  CHECK(out == R"("a\"b\\c\nd\te\u0001")");
  out.clear();
  append_json_string(out, "caf\xC3\xA9 \xE2\x82\xAC");
  CHECK(out == "\"caf\xC3\xA9 \xE2\x82\xAC\"");
  out.clear();
  append_json_string(out, "bad \xFF\xC3 end");
  CHECK(out == "\"bad \xEF\xBF\xBD\xEF\xBF\xBD end\"");
}

TEST_CASE("quote cuts long text for messages") {
  CHECK(quote("abc") == "\"abc\"");
  CHECK(quote(std::string(100, 'x')) == "\"" + std::string(60, 'x') + "...\"");
}

TEST_CASE("trim and split and iequals") {
  CHECK(trim("  a b \t\n") == "a b");
  auto parts = split("a,,b", ',');
  REQUIRE(parts.size() == 3);
  CHECK(parts[1].empty());
  CHECK(iequals("OK", "ok"));
  CHECK_FALSE(iequals("OK", "oks"));
}

TEST_CASE("globs match like the shell") {
  CHECK(glob_match("system.cpu.*", "system.cpu.usage"));
  CHECK_FALSE(glob_match("system.cpu.*", "system.memory.usage"));
  CHECK(glob_match("system.?pu.usage", "system.cpu.usage"));
  CHECK(glob_match("exact", "exact"));
  CHECK_FALSE(glob_match("exact", "exactly"));
}

TEST_CASE("an atomic file appears whole on commit and not at all otherwise") {
  auto dir = std::filesystem::temp_directory_path() / ("pm-util-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "out.txt").string();
  {
    AtomicFile file(path, 0600);
    file.write("hello\n");
    CHECK_FALSE(std::filesystem::exists(path));
    file.commit();
  }
  CHECK(read_file(path) == "hello\n");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  {
    AtomicFile file(path);
    file.write("half");
  } // dropped without commit
  CHECK(read_file(path) == "hello\n");
  CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("reading a missing file names it") {
  CHECK_THROWS_WITH(read_file("/nonexistent/pm"), "cannot read /nonexistent/pm: no such file or directory");
}

TEST_CASE("diagnostics count bad input and format source and line") {
  std::vector<std::string> lines;
  Diagnostics diagnostics([&](std::string_view line) { lines.emplace_back(line); });
  diagnostics.bad_input("stdin", 42, "\"value\" must be a number, got \"abc\"");
  diagnostics.warning("segment cut");
  CHECK(diagnostics.bad_input_count() == 1);
  CHECK(diagnostics.warning_count() == 1);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "stdin:42: \"value\" must be a number, got \"abc\"");
  CHECK(lines[1] == "warning: segment cut");
}

TEST_CASE("a diagnostic longer than k_max_message is cut at a character boundary") {
  std::vector<std::string> lines;
  Diagnostics diagnostics([&](std::string_view line) { lines.emplace_back(line); });
  std::string tag = "x"; // then é (two bytes: C3 A9) on and on, so that the cut falls inside one
  for (std::size_t i = 0; i < pm::util::k_max_message; ++i)
    tag += "\xC3\xA9";
  diagnostics.warning("m{h=\"" + tag + "\"}: too few points");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].size() < pm::util::k_max_message + 40);
  CHECK(pm::util::find_invalid_utf8(lines[0]) == std::string::npos);
  CHECK(lines[0].ends_with(" more bytes)"));
  CHECK(lines[0].starts_with("warning: m{h=\""));
  diagnostics.warning(std::string(pm::util::k_max_message - 9, 'a')); // exactly the limit with "warning: "
  CHECK(lines[1].size() == pm::util::k_max_message);
}

TEST_CASE("Expected carries a value or a message") {
  pm::Expected<int> good = 3;
  pm::Expected<int> bad = pm::unexpected("no");
  CHECK(*good == 3);
  CHECK_FALSE(bad);
  CHECK(bad.error() == "no");
  CHECK_THROWS_AS(std::move(bad).value_or_throw<pm::UsageError>(), pm::UsageError);
}

TEST_CASE("strict JSON: RFC 8259 values pass, near misses are refused with the reason") {
  std::string why;
  for (const char* good : {"0", "-0", "1.5e+3", "-0.25E-2", "true", "false", "null", "\"\"", "\"\\u00e9\\n\\/\"",
                           "[]", "{}", " [1, [2, {\"a\": [null]}]] ", "{\"a\":1,\"b\":{\"a\":2}}", "\"\xc3\xa9\""}) {
    INFO(good);
    CHECK(is_strict_json(good, why));
  }
  struct Case {
    const char* text;
    const char* why;
  };
  for (auto [text, reason] : std::initializer_list<Case>{
           {"1.2.3", "bad number \"1.2.\""},
           {"01", "bad number \"01\""},
           {"-", "bad number \"-\""},
           {"1.", "bad number: digits expected after the decimal point"},
           {"1e", "bad number: digits expected in the exponent"},
           {"+1", "unexpected \"+\""},
           {"tru", "bad literal (true, false or null expected)"},
           {"nulll", "bad literal (true, false or null expected)"},
           {"[1,,2]", "unexpected \",\""},
           {"[1,2,]", "value expected after ','"},
           {"[1 2]", "',' or ']' expected"},
           {"{\"a\":1,}", "object key must be a string"},
           {"{\"a\" 1}", "':' expected after an object key"},
           {"{\"a\":1,\"a\":2}", "repeated key \"a\""},
           {"\"\\u12\"", "bad \\u escape in a string (four hex digits expected)"},
           {"\"\\x\"", "bad escape in a string"},
           {"\"a\tb\"", "control character in a string"},
           {"\"\xff\"", "not valid UTF-8 in a string"},
           {"\"open", "unclosed string"},
           {"[1] 2", "unexpected text after the value"},
           {"", "value expected"},
       }) {
    INFO(text);
    CHECK_FALSE(is_strict_json(text, why));
    CHECK(why == reason);
  }
}

TEST_CASE("strict JSON: nesting is bounded without recursion") {
  std::string why;
  std::string deep = std::string(1024, '[') + std::string(1024, ']');
  CHECK(is_strict_json(deep, why));
  std::string deeper = std::string(100000, '[') + std::string(100000, ']');
  CHECK_FALSE(is_strict_json(deeper, why));
  CHECK(why == "nested deeper than 1024 levels");
}

TEST_CASE("find_invalid_utf8 finds the first byte that starts no valid sequence") {
  using std::string_view;
  CHECK(find_invalid_utf8("plain ascii, long enough for the word loop") == string_view::npos);
  CHECK(find_invalid_utf8("caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80") == string_view::npos);
  CHECK(find_invalid_utf8("abcdefgh\xff") == 8);
  CHECK(find_invalid_utf8("a\xc0\xaf") == 1);         // overlong '/'
  CHECK(find_invalid_utf8("ab\xed\xa0\x80") == 2);    // a surrogate
  CHECK(find_invalid_utf8("\xf4\x90\x80\x80") == 0);  // past U+10FFFF
  CHECK(find_invalid_utf8("x\xe6\x97") == 1);         // cut short
}
