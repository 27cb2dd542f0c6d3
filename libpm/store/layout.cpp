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
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

namespace pm::store {

namespace {

// The names in a directory, or none when it does not exist. Below the store's own
// directory (`follow` false) a symbolic link is not followed: `refused` is set and the
// caller lists the link as a segment, so that reading it reports it.
std::vector<std::string> list_directory(const std::string& path, bool follow = true, bool* refused = nullptr) {
  std::vector<std::string> names;
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
  DIR* dir = fd < 0 ? nullptr : ::fdopendir(fd);
  if (dir == nullptr) {
    int error = errno;
    if (fd >= 0)
      ::close(fd);
    struct stat link {};
    // O_NOFOLLOW|O_DIRECTORY on a link gives ELOOP or ENOTDIR, depending on the kernel.
    if (!follow && (error == ELOOP || error == ENOTDIR) && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
      error = ELOOP;
    if (error == ELOOP && refused != nullptr) {
      *refused = true;
      return names;
    }
    if (error == ENOENT || error == ENOTDIR)
      return names;
    throw Error("cannot read the store " + path + ": " + util::errno_text(error));
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

// The start of a UTC day, or nullopt for a date that does not exist.
std::optional<time::TimePoint> day_start(int y, int m, int d) {
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok())
    return std::nullopt;
  return std::chrono::time_point_cast<time::Duration>(date::sys_days{ymd});
}

// A directory name of exactly `width` digits, in [low, high].
std::optional<int> parse_part(std::string_view text, std::size_t width, int low, int high) {
  if (text.size() != width)
    return std::nullopt;
  auto value = parse_digits(text);
  if (!value || *value < low || *value > high)
    return std::nullopt;
  return value;
}

} // namespace

time::TimePoint segment_start(time::TimePoint ts) { return date::floor<std::chrono::hours>(ts); }

std::string segment_name(time::TimePoint start) {
  std::string stamp = time::format_timestamp(start); // 2026-11-22T10:00:00.000Z
  return stamp.substr(0, 4) + "/" + stamp.substr(5, 2) + "/" + stamp.substr(8, 2) + "/" + stamp.substr(11, 2) + ".ndjson";
}

std::optional<time::TimePoint> parse_segment_name(std::string_view relative) {
  if (relative.size() != 20 || relative[4] != '/' || relative[7] != '/' || relative[10] != '/' ||
      relative.substr(13) != ".ndjson")
    return std::nullopt;
  auto y = parse_part(relative.substr(0, 4), 4, 0, 9999);
  auto m = parse_part(relative.substr(5, 2), 2, 1, 12);
  auto d = parse_part(relative.substr(8, 2), 2, 1, 31);
  auto h = parse_part(relative.substr(11, 2), 2, 0, 23);
  if (!y || !m || !d || !h)
    return std::nullopt;
  auto day = day_start(*y, *m, *d);
  if (!day)
    return std::nullopt;
  return *day + std::chrono::hours(*h);
}

std::vector<Segment> list_segments(const std::string& directory, std::optional<time::TimePoint> since,
                                   std::optional<time::TimePoint> until) {
  // Each level keeps only the entries whose span [start, end) meets [since, until).
  auto meets = [&](time::TimePoint start, time::TimePoint end) {
    return (!since || end > *since) && (!until || start < *until);
  };
  std::vector<Segment> segments;
  for (const auto& year_name : list_directory(directory)) {
    auto y = parse_part(year_name, 4, 0, 9999);
    if (!y || !meets(*day_start(*y, 1, 1), *day_start(*y + 1, 1, 1)))
      continue;
    const std::string year_path = directory + "/" + year_name;
    bool refused = false;
    auto months = list_directory(year_path, false, &refused);
    if (refused)
      segments.push_back(Segment{*day_start(*y, 1, 1), year_path});
    for (const auto& month_name : months) {
      auto m = parse_part(month_name, 2, 1, 12);
      if (!m || !meets(*day_start(*y, *m, 1), *m == 12 ? *day_start(*y + 1, 1, 1) : *day_start(*y, *m + 1, 1)))
        continue;
      const std::string month_path = year_path + "/" + month_name;
      refused = false;
      auto days = list_directory(month_path, false, &refused);
      if (refused)
        segments.push_back(Segment{*day_start(*y, *m, 1), month_path});
      for (const auto& day_name : days) {
        auto d = parse_part(day_name, 2, 1, 31);
        auto start_of_day = d ? day_start(*y, *m, *d) : std::nullopt;
        if (!start_of_day || !meets(*start_of_day, *start_of_day + std::chrono::hours(24)))
          continue;
        const std::string day_path = month_path + "/" + day_name;
        refused = false;
        auto files = list_directory(day_path, false, &refused);
        if (refused)
          segments.push_back(Segment{*start_of_day, day_path});
        for (const auto& file : files) {
          auto start = parse_segment_name(year_name + "/" + month_name + "/" + day_name + "/" + file);
          if (!start || !meets(*start, *start + k_segment_span))
            continue;
          segments.push_back(Segment{*start, day_path + "/" + file});
        }
      }
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
