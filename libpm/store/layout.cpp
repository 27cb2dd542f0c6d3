// Where the history store lives and how it is laid out.
#include "libpm/store/layout.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <date/date.h>
#include <dirent.h>
#include <sys/stat.h>

namespace pm::store {

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// The names in a directory, or none when it does not exist.
std::vector<std::string> list_directory(const std::string& path) {
  std::vector<std::string> names;
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT || errno == ENOTDIR)
      return names;
    throw Error("cannot read the store " + path + ": " + util::errno_text(errno));
  }
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.')
      names.emplace_back(entry->d_name);
  }
  ::closedir(dir);
  return names;
}

std::optional<int> parse_digits(std::string_view text) {
  int value = 0;
  if (text.empty())
    return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// The UTC day a day directory is named after.
std::optional<time::TimePoint> parse_day(std::string_view day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-')
    return std::nullopt;
  auto y = parse_digits(day.substr(0, 4));
  auto m = parse_digits(day.substr(5, 2));
  auto d = parse_digits(day.substr(8, 2));
  if (!y || !m || !d)
    return std::nullopt;
  date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*m)}, date::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok())
    return std::nullopt;
  return std::chrono::time_point_cast<time::Duration>(date::sys_days{ymd});
}

} // namespace

std::string default_directory() {
  if (auto value = environment("PM_HISTORY"); !value.empty())
    return value;
  if (auto value = environment("XDG_STATE_HOME"); !value.empty())
    return value + "/pm";
  if (auto value = environment("HOME"); !value.empty())
    return value + "/.local/state/pm";
  throw Error("no history store: set PM_HISTORY or HOME, or name the store with --history DIR");
}

std::string resolve_directory(std::string_view given) {
  return given.empty() ? default_directory() : std::string(given);
}

time::Duration resolve_retention(std::string_view flag) {
  std::string where = "--retention";
  std::string text(flag);
  if (text.empty()) {
    text = environment("PERFORMANCE_MONITOR_RETENTION_PERIOD");
    where = "PERFORMANCE_MONITOR_RETENTION_PERIOD";
  }
  if (text.empty())
    return k_default_retention;
  auto retention = time::parse_duration(text);
  if (!retention)
    throw UsageError(where + ": " + retention.error());
  if (retention->count() <= 0)
    throw UsageError(where + ": the retention period must be longer than zero");
  return *retention;
}

time::TimePoint segment_start(time::TimePoint ts) { return date::floor<std::chrono::hours>(ts); }

std::string segment_name(time::TimePoint start) {
  std::string stamp = time::format_timestamp(start); // 2026-11-22T10:00:00.000Z
  std::string name = stamp.substr(0, 10);
  name += '/';
  name += stamp.substr(11, 2);
  name += ".ndjson";
  return name;
}

std::optional<time::TimePoint> parse_segment_name(std::string_view day, std::string_view file) {
  auto start = parse_day(day);
  if (!start || file.size() != 9 || file.substr(2) != ".ndjson")
    return std::nullopt;
  auto hour = parse_digits(file.substr(0, 2));
  if (!hour || *hour > 23)
    return std::nullopt;
  return *start + std::chrono::hours(*hour);
}

std::vector<Segment> list_segments(const std::string& directory, std::optional<time::TimePoint> since,
                                   std::optional<time::TimePoint> until) {
  std::vector<Segment> segments;
  const auto day = std::chrono::hours(24);
  for (const auto& day_name : list_directory(directory)) {
    auto day_start = parse_day(day_name);
    if (!day_start || (since && *day_start + day <= *since) || (until && *day_start >= *until))
      continue;
    std::string day_path = directory + "/" + day_name;
    for (const auto& file : list_directory(day_path)) {
      auto start = parse_segment_name(day_name, file);
      if (!start || (since && *start + k_segment_span <= *since) || (until && *start >= *until))
        continue;
      segments.push_back(Segment{*start, day_path + "/" + file});
    }
  }
  std::sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) { return a.start < b.start; });
  return segments;
}

void make_directories(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) == 0 || errno == EEXIST)
    return;
  if (errno == ENOENT) {
    auto slash = path.find_last_of('/');
    if (slash != std::string::npos && slash > 0) {
      make_directories(path.substr(0, slash));
      if (::mkdir(path.c_str(), 0700) == 0 || errno == EEXIST)
        return;
    }
  }
  throw Error("cannot create " + path + ": " + util::errno_text(errno));
}

} // namespace pm::store
