// Timestamps, durations and the clock.
#include "libpm/time/time.hpp"

#include "libpm/util/strings.hpp"

#include <cmath>
#include <date/date.h>

namespace pm::time {

namespace {

using namespace std::chrono;

// A cursor over the text being parsed, so each step reads like the grammar.
struct Cursor {
  std::string_view text;
  std::size_t pos = 0;

  bool at_end() const { return pos >= text.size(); }
  char peek() const { return at_end() ? '\0' : text[pos]; }
  bool accept(char c) {
    if (peek() != c)
      return false;
    ++pos;
    return true;
  }
  // Reads exactly `count` digits.
  std::optional<int> digits(int count) {
    int value = 0;
    for (int i = 0; i < count; ++i) {
      char c = peek();
      if (c < '0' || c > '9')
        return std::nullopt;
      value = value * 10 + (c - '0');
      ++pos;
    }
    return value;
  }
};

// 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the range of the canonical form.
constexpr TimePoint k_first_time{Duration{-62135596800000LL}};
constexpr TimePoint k_end_of_time{Duration{253402300800000LL}};

Unexpected bad_time(std::string_view text, std::string_view why) {
  return unexpected("invalid time " + util::quote(text) + ": " + std::string(why));
}

// Parses the date and time parts; `require_zone` says whether a missing zone is an error.
Expected<TimePoint> parse_rfc3339(std::string_view text, bool require_zone, bool allow_date_only) {
  Cursor c{text};
  auto year = c.digits(4);
  if (!year || !c.accept('-'))
    return bad_time(text, "expected YYYY-MM-DD");
  auto month = c.digits(2);
  if (!month || !c.accept('-'))
    return bad_time(text, "expected YYYY-MM-DD");
  auto day = c.digits(2);
  if (!day)
    return bad_time(text, "expected YYYY-MM-DD");
  if (*year == 0)
    return bad_time(text, "out of range (years 0001 to 9999 in UTC)");
  auto ymd = date::year{*year} / date::month{static_cast<unsigned>(*month)} / date::day{static_cast<unsigned>(*day)};
  if (!ymd.ok())
    return bad_time(text, "no such date");
  TimePoint result = time_point_cast<Duration>(date::sys_days{ymd});
  if (c.at_end()) {
    if (!allow_date_only)
      return bad_time(text, "expected a time after the date");
    return result;
  }
  if (!(c.accept('T') || c.accept('t') || c.accept(' ')))
    return bad_time(text, "expected 'T' between date and time");
  auto hour = c.digits(2);
  if (!hour || !c.accept(':'))
    return bad_time(text, "expected HH:MM");
  auto minute = c.digits(2);
  if (!minute)
    return bad_time(text, "expected HH:MM");
  int second = 0;
  long long millis = 0;
  if (c.accept(':')) {
    auto s = c.digits(2);
    if (!s)
      return bad_time(text, "expected seconds after HH:MM:");
    second = *s;
    if (c.accept('.') || c.accept(',')) {
      int count = 0;
      while (c.peek() >= '0' && c.peek() <= '9') {
        if (count < 3)
          millis = millis * 10 + (c.peek() - '0');
        ++count;
        ++c.pos;
      }
      if (count == 0)
        return bad_time(text, "expected digits after the decimal point");
      for (int i = count; i < 3; ++i)
        millis *= 10;
    }
  } else if (require_zone) {
    return bad_time(text, "expected seconds");
  }
  if (*hour > 23 || *minute > 59 || second > 60) // 60: a leap second, folded into the next
    return bad_time(text, "hour, minute or second out of range");
  result += hours{*hour} + minutes{*minute} + seconds{second} + milliseconds{millis};
  if (c.at_end()) {
    if (require_zone)
      return bad_time(text, "missing time zone ('Z' or an offset such as +02:00)");
    return result;
  }
  if (c.accept('Z') || c.accept('z')) {
    // UTC
  } else if (c.peek() == '+' || c.peek() == '-') {
    int sign = c.peek() == '-' ? -1 : 1;
    ++c.pos;
    auto oh = c.digits(2);
    c.accept(':');
    auto om = c.digits(2);
    if (!oh || !om || *oh > 23 || *om > 59)
      return bad_time(text, "expected an offset such as +02:00");
    result -= sign * (hours{*oh} + minutes{*om});
  } else {
    return bad_time(text, "unexpected text after the time");
  }
  if (!c.at_end())
    return bad_time(text, "unexpected text after the time zone");
  // The canonical form has four year digits: an offset must not carry a time past them.
  if (result < k_first_time || result >= k_end_of_time)
    return bad_time(text, "out of range (years 0001 to 9999 in UTC)");
  return result;
}

Unexpected too_long(std::string_view text) {
  return unexpected("invalid duration " + util::quote(text) + ": longer than " + format_duration(k_max_duration) + " " +
                    std::string(k_duration_too_long));
}

} // namespace

Expected<TimePoint> parse_timestamp(std::string_view text) { return parse_rfc3339(text, true, false); }

Expected<TimePoint> from_epoch_seconds(double seconds) {
  // 253402300800 is 10000-01-01T00:00:00Z: the canonical form has four year digits.
  if (!std::isfinite(seconds) || seconds < 0 || seconds >= 253402300800.0)
    return unexpected("epoch seconds " + util::format_number(seconds) + " out of range");
  return TimePoint{Duration{std::llround(seconds * 1000.0)}};
}

double to_epoch_seconds(TimePoint time) {
  return static_cast<double>(time.time_since_epoch().count()) / 1000.0;
}

void append_timestamp(std::string& out, TimePoint time) {
  auto day = date::floor<date::days>(time);
  date::year_month_day ymd{day};
  auto ms = (time - day).count();
  int y = static_cast<int>(ymd.year());
  unsigned mo = static_cast<unsigned>(ymd.month());
  unsigned d = static_cast<unsigned>(ymd.day());
  long long h = ms / 3600000, mi = ms / 60000 % 60, s = ms / 1000 % 60, f = ms % 1000;
  char buffer[32];
  auto put = [&](char* p, long long value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  if (y < 0 || y > 9999)
    y = y < 0 ? 0 : 9999;
  put(buffer, y, 4);
  buffer[4] = '-';
  put(buffer + 5, mo, 2);
  buffer[7] = '-';
  put(buffer + 8, d, 2);
  buffer[10] = 'T';
  put(buffer + 11, h, 2);
  buffer[13] = ':';
  put(buffer + 14, mi, 2);
  buffer[16] = ':';
  put(buffer + 17, s, 2);
  buffer[19] = '.';
  put(buffer + 20, f, 3);
  buffer[23] = 'Z';
  out.append(buffer, 24);
}

std::string format_timestamp(TimePoint time) {
  std::string out;
  append_timestamp(out, time);
  return out;
}

Expected<Duration> parse_duration(std::string_view text) {
  std::string_view rest = util::trim(text);
  if (rest.empty())
    return unexpected("invalid duration \"\": expected a number and a unit such as 90s, 15m, 24h or 7d");
  if (auto seconds = util::parse_number(rest)) {
    if (*seconds < 0)
      return unexpected("invalid duration " + util::quote(text) + ": must not be negative");
    if (*seconds * 1000.0 > static_cast<double>(k_max_duration.count()))
      return too_long(text);
    return Duration{std::llround(*seconds * 1000.0)};
  }
  double total = 0;
  while (!rest.empty()) {
    std::size_t n = 0;
    while (n < rest.size() && ((rest[n] >= '0' && rest[n] <= '9') || rest[n] == '.'))
      ++n;
    auto number = util::parse_number(rest.substr(0, n));
    if (!number)
      return unexpected("invalid duration " + util::quote(text) +
                        ": expected a number and a unit such as 90s, 15m, 24h or 7d");
    rest.remove_prefix(n);
    std::size_t u = 0;
    while (u < rest.size() && rest[u] >= 'a' && rest[u] <= 'z')
      ++u;
    std::string_view unit = rest.substr(0, u);
    rest.remove_prefix(u);
    double factor = unit == "ms" ? 1.0
                    : unit == "s" ? 1e3
                    : unit == "m" ? 60e3
                    : unit == "h" ? 3600e3
                    : unit == "d" ? 86400e3
                    : unit == "w" ? 604800e3
                    : unit == "y" ? 365 * 86400e3
                                  : 0.0;
    if (factor == 0.0)
      return unexpected("invalid duration " + util::quote(text) + ": unknown unit " + util::quote(unit) +
                        " (use ms, s, m, h, d, w or y)");
    total += *number * factor;
    if (total > static_cast<double>(k_max_duration.count()))
      return too_long(text);
  }
  return Duration{std::llround(total)};
}

std::string format_duration(Duration d) {
  long long ms = d.count();
  if (ms == 0)
    return "0s";
  std::string out;
  if (ms < 0) {
    out += '-';
    ms = -ms;
  }
  if (ms % 1000 != 0 && ms < 1000)
    return out + std::to_string(ms) + "ms";
  struct Unit {
    long long ms;
    const char* suffix;
  };
  static constexpr Unit k_units[] = {{86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}, {1, "ms"}};
  for (const auto& unit : k_units) {
    if (ms >= unit.ms) {
      out += std::to_string(ms / unit.ms);
      out += unit.suffix;
      ms %= unit.ms;
    }
  }
  return out;
}

Expected<TimePoint> parse_time_spec(std::string_view text, TimePoint now) {
  std::string_view t = util::trim(text);
  if (t.size() >= 10 && t[4] == '-' && t[7] == '-')
    return parse_rfc3339(t, false, true);
  if (auto epoch = util::parse_number(t); epoch && *epoch >= 1e9) // a bare number this large is a time
    return from_epoch_seconds(*epoch);
  auto d = parse_duration(t);
  if (!d) {
    // A duration past the range is told as such, with the range, not as an unreadable time.
    if (d.error().ends_with(k_duration_too_long))
      return unexpected("invalid time " + util::quote(text) + ": as a duration, " +
                        d.error().substr(d.error().find(": longer than ") + 2));
    return unexpected("invalid time " + util::quote(text) +
                      ": expected a duration back from now (15m, 24h, 7d) or a time (2026-11-20T10:00Z)");
  }
  return now - *d;
}

TimePoint Clock::now() const {
  if (m_pinned)
    return *m_pinned;
  return time_point_cast<Duration>(system_clock::now());
}

} // namespace pm::time
