// Reading the history store.
#include "libpm/store/reader.hpp"

#include "libpm/store/layout.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/file.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace pm::store {

namespace {

// Reads a whole segment while holding a shared lock, so no half-written batch is seen.
// Returns false when the segment went away (pruned meanwhile).
// A symbolic link, FIFO or directory where a segment belongs throws Error (see open_regular).
bool read_segment(const std::string& path, std::string& content) {
  int fd = util::open_regular(path, O_RDONLY).release();
  if (fd < 0)
    return false;
  while (::flock(fd, LOCK_SH) != 0 && errno == EINTR) {
  }
  try {
    util::read_fd_into(fd, path, content);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd); // releases the lock
  return true;
}

// A line of a segment and its time, to put the segment in time order.
struct Entry {
  time::TimePoint ts;
  std::size_t offset;
  std::size_t length;
  std::size_t number;
};

// The time of a stored line without parsing all of it: stored lines are canonical and
// open with `{"ts":"YYYY-MM-DDTHH:MM:SS.mmmZ"`.
bool quick_time(std::string_view line, time::TimePoint& ts) {
  constexpr std::string_view k_head = "{\"ts\":\"";
  if (line.size() < k_head.size() + 25 || line.substr(0, k_head.size()) != k_head || line[k_head.size() + 24] != '"')
    return false;
  auto parsed = time::parse_timestamp(line.substr(k_head.size(), 24));
  if (!parsed)
    return false;
  ts = *parsed;
  return true;
}

} // namespace

ReadStats read(const std::string& directory, const input::Selection& selection, time::TimePoint oldest,
               util::Diagnostics& diagnostics, bool strict, const std::function<bool(record::Record&)>& on_record) {
  ReadStats stats;
  input::Selection range = selection;
  if (!range.since || *range.since < oldest)
    range.since = oldest;
  if (range.until && *range.until <= *range.since)
    return stats;

  struct stat st;
  if (::stat(directory.c_str(), &st) != 0 && errno == ENOENT) {
    diagnostics.warning("the history store " + directory + " does not exist yet: no records");
    return stats;
  }
  record::Parser parser;
  record::Record record;
  std::string error;
  std::string content;
  std::vector<Entry> entries;
  auto bad_line = [&](const std::string& path, std::size_t number, const std::string& reason) {
    if (strict)
      throw Error(path + ":" + std::to_string(number) + ": " + reason);
    diagnostics.bad_input(path, number, reason);
    ++stats.rejected;
  };

  for (const auto& segment : list_segments(directory, range.since, range.until)) {
    try {
      if (!read_segment(segment.path, content))
        continue;
    } catch (const Error& e) {
      if (strict)
        throw;
      std::string what = e.what();
      if (const std::string head = "cannot open " + segment.path + ": "; what.starts_with(head))
        what = "cannot read it: " + what.substr(head.size());
      diagnostics.bad_input(segment.path, 0, what + "; skipped");
      ++stats.rejected;
      continue;
    }
    ++stats.segments;
    entries.clear();
    std::size_t number = 0;
    for (std::size_t begin = 0; begin < content.size();) {
      ++number;
      std::size_t nl = content.find('\n', begin);
      if (nl == std::string::npos) {
        diagnostics.warning(segment.path + ":" + std::to_string(number) +
                            ": skipping a torn last line (a write cut short); the next pm-ingest moves it to rejected/");
        break;
      }
      std::string_view line(content.data() + begin, nl - begin);
      Entry entry{{}, begin, nl - begin, number};
      begin = nl + 1;
      if (!quick_time(line, entry.ts)) {
        if (util::trim(line).empty())
          continue;
        if (!parser.parse(line, record, error)) {
          bad_line(segment.path, number, error);
          continue;
        }
        if (!record.has_ts) {
          bad_line(segment.path, number, "missing field \"ts\"");
          continue;
        }
        entry.ts = record.ts;
      }
      entries.push_back(entry);
    }
    // Late records were appended after newer ones: put the segment in time order.
    auto earlier = [](const Entry& a, const Entry& b) { return a.ts < b.ts; };
    if (!std::is_sorted(entries.begin(), entries.end(), earlier))
      std::stable_sort(entries.begin(), entries.end(), earlier);
    for (const auto& entry : entries) {
      if (!range.selects_time(entry.ts))
        continue;
      std::string_view line(content.data() + entry.offset, entry.length);
      if (!parser.parse(line, record, error)) {
        bad_line(segment.path, entry.number, error);
        continue;
      }
      ++stats.records;
      if (!selection.selects_series(record))
        continue;
      if (!on_record(record))
        return stats;
    }
  }
  return stats;
}

} // namespace pm::store
