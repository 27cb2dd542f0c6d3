// A strict RFC 8259 check of JSON text, iterative so that deep nesting cannot overflow the stack.
#include "libpm/util/json_check.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <vector>

namespace pm::util {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

struct Checker {
  std::string_view text;
  std::size_t pos = 0;
  std::string& why;

  bool fail(std::string message) {
    why = std::move(message);
    return false;
  }
  void skip_blanks() {
    while (pos < text.size() && is_blank(text[pos]))
      ++pos;
  }
  char peek() const { return pos < text.size() ? text[pos] : '\0'; }

  // A string from its opening quote; `raw` gets its text between the quotes, escapes as written.
  bool string(std::string_view& raw) {
    const std::size_t start = ++pos;
    while (true) {
      if (pos >= text.size())
        return fail("unclosed string");
      const auto c = static_cast<unsigned char>(text[pos]);
      if (c == '"')
        break;
      if (c < 0x20)
        return fail("control character in a string");
      if (c == '\\') {
        const char e = pos + 1 < text.size() ? text[pos + 1] : '\0';
        if (e == 'u') {
          for (std::size_t k = 2; k < 6; ++k)
            if (pos + k >= text.size() || !is_hex(text[pos + k]))
              return fail("bad \\u escape in a string (four hex digits expected)");
          pos += 6;
        } else if (std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos && e != '\0') {
          pos += 2;
        } else {
          return fail("bad escape in a string");
        }
        continue;
      }
      if (c < 0x80) {
        ++pos;
        continue;
      }
      // Non-ASCII: the whole run up to the next ASCII byte must be valid UTF-8.
      std::size_t end = pos;
      while (end < text.size() && static_cast<unsigned char>(text[end]) >= 0x80)
        ++end;
      if (find_invalid_utf8(text.substr(pos, end - pos)) != std::string_view::npos)
        return fail("not valid UTF-8 in a string");
      pos = end;
    }
    raw = text.substr(start, pos - start);
    ++pos;
    return true;
  }

  bool number() {
    const std::size_t start = pos;
    if (peek() == '-')
      ++pos;
    if (!is_digit(peek()))
      return fail("bad number " + quote(text.substr(start, pos + 1 - start)));
    if (peek() == '0')
      ++pos;
    else
      while (is_digit(peek()))
        ++pos;
    if (peek() == '.') {
      ++pos;
      if (!is_digit(peek()))
        return fail("bad number: digits expected after the decimal point");
      while (is_digit(peek()))
        ++pos;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos;
      if (peek() == '+' || peek() == '-')
        ++pos;
      if (!is_digit(peek()))
        return fail("bad number: digits expected in the exponent");
      while (is_digit(peek()))
        ++pos;
    }
    // What may follow a number; anything else (`01`, `1.2.3`, `1x`) is not one number.
    const char next = peek();
    if (pos < text.size() && !is_blank(next) && next != ',' && next != ']' && next != '}')
      return fail("bad number " + quote(text.substr(start, pos + 1 - start)));
    return true;
  }

  bool literal() {
    for (std::string_view word : {"true", "false", "null"}) {
      if (text.substr(pos, word.size()) == word) {
        pos += word.size();
        const char next = peek();
        if (pos < text.size() && !is_blank(next) && next != ',' && next != ']' && next != '}')
          break;
        return true;
      }
    }
    return fail("bad literal (true, false or null expected)");
  }

  // One value and everything nested in it, with an explicit stack of open containers.
  bool value() {
    struct Open {
      char close;
      std::vector<std::string_view> keys; // an object's keys, checked for repeats when it closes
    };
    std::vector<Open> open;
    auto close_object = [&](Open& object) {
      auto& keys = object.keys;
      std::sort(keys.begin(), keys.end());
      auto repeated = std::adjacent_find(keys.begin(), keys.end());
      if (repeated != keys.end())
        return fail("repeated key " + quote(*repeated));
      return true;
    };
    while (true) {
      skip_blanks();
      const char c = peek();
      // A scalar or the opening of a container.
      if (c == '{' || c == '[') {
        if (open.size() >= static_cast<std::size_t>(k_max_json_depth))
          return fail("nested deeper than " + std::to_string(k_max_json_depth) + " levels");
        ++pos;
        open.push_back(Open{c == '{' ? '}' : ']', {}});
        skip_blanks();
        if (peek() == open.back().close) {
          ++pos;
          open.pop_back();
        } else if (c == '{') {
          if (peek() != '"')
            return fail("object key must be a string");
          std::string_view key;
          if (!string(key))
            return false;
          open.back().keys.push_back(key);
          skip_blanks();
          if (peek() != ':')
            return fail("':' expected after an object key");
          ++pos;
          continue; // the member's value
        } else {
          continue; // the first element
        }
      } else if (c == '"') {
        std::string_view ignored;
        if (!string(ignored))
          return false;
      } else if (c == '-' || is_digit(c)) {
        if (!number())
          return false;
      } else if (c == 't' || c == 'f' || c == 'n') {
        if (!literal())
          return false;
      } else {
        return fail(pos >= text.size() ? "value expected" : "unexpected " + quote(text.substr(pos, 1)));
      }
      // After a complete value: close containers or go on to the next member.
      while (true) {
        if (open.empty())
          return true;
        skip_blanks();
        const char after = peek();
        auto& top = open.back();
        if (after == top.close) {
          ++pos;
          if (top.close == '}' && !close_object(top))
            return false;
          open.pop_back();
          continue;
        }
        if (after != ',')
          return fail(std::string("',' or '") + top.close + "' expected");
        ++pos;
        skip_blanks();
        if (top.close == '}') {
          if (peek() != '"')
            return fail("object key must be a string");
          std::string_view key;
          if (!string(key))
            return false;
          top.keys.push_back(key);
          skip_blanks();
          if (peek() != ':')
            return fail("':' expected after an object key");
          ++pos;
        } else if (peek() == ']') {
          return fail("value expected after ','");
        }
        break;
      }
    }
  }
};

} // namespace

bool is_strict_json(std::string_view text, std::string& why) {
  Checker checker{text, 0, why};
  if (!checker.value())
    return false;
  checker.skip_blanks();
  if (checker.pos != text.size())
    return checker.fail("unexpected text after the value");
  return true;
}

} // namespace pm::util
