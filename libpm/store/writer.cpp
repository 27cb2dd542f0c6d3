// Appending to the history store.
#include "libpm/store/writer.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/file.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/strings.hpp"

#include <cerrno>
#include <algorithm>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <climits>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

namespace pm::store {

namespace {

constexpr std::size_t k_max_open_files = 32; // enough for a stream; late records rarely span more hours

// Holds an exclusive (or shared) flock for a scope; waits for it, through EINTR.
class FileLock {
public:
  FileLock(int fd, const std::string& path, int operation = LOCK_EX) : m_fd(fd) {
    while (::flock(fd, operation) != 0) {
      if (errno != EINTR)
        throw Error("cannot lock " + path + ": " + util::errno_text(errno));
    }
  }
  ~FileLock() { ::flock(m_fd, LOCK_UN); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

private:
  int m_fd;
};

void write_all(int fd, const std::string& path, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw Error("cannot write " + path + ": " + util::errno_text(errno));
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

std::size_t read_at(int fd, const std::string& path, char* data, std::size_t size, off_t offset) {
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, data + done, size - done, offset + static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw Error("cannot read " + path + ": " + util::errno_text(errno));
    }
    if (n == 0)
      break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

// Read and write: a torn tail is read back before it is cut off. `relative` is opened
// beneath the store without following a symbolic link anywhere below it, and must be a
// regular file (a FIFO there would otherwise block the writer for ever).
int open_for_append(const std::string& directory, const std::string& relative) {
  return util::open_beneath(directory, relative, O_RDWR | O_APPEND | O_CREAT, 0600, true).release();
}

time::TimePoint hour_start(long long hour) { return time::TimePoint{std::chrono::hours(hour)}; }

} // namespace

Writer::Writer(std::string directory, const time::Clock& clock) : m_directory(std::move(directory)), m_clock(clock) {}

Writer::~Writer() {
  for (auto& [hour, fd] : m_files)
    ::close(fd);
}

void Writer::add_piece(time::TimePoint ts, Piece piece) {
  long long hour = std::chrono::floor<std::chrono::hours>(ts.time_since_epoch()).count();
  if (hour != m_last_hour || m_last_pending == nullptr) {
    m_last_pending = &m_pending[hour];
    m_last_hour = hour;
  }
  m_last_piece = piece;
  auto& pieces = m_last_pending->pieces;
  if (!pieces.empty()) {
    Piece& back = pieces.back();
    bool adjacent = piece.data == nullptr ? back.data == nullptr && back.offset + back.size == piece.offset
                                          : back.data != nullptr && back.data + back.size == piece.data;
    if (adjacent) {
      back.size += piece.size;
      return;
    }
  }
  pieces.push_back(piece);
}

std::string_view Writer::last_line() const {
  const char* data = m_last_piece.data != nullptr ? m_last_piece.data : m_arena.data() + m_last_piece.offset;
  return std::string_view(data, m_last_piece.size);
}

std::size_t Writer::pending_bytes() const {
  std::size_t total = 0;
  for (const auto& [hour, pending] : m_pending)
    for (const auto& piece : pending.pieces)
      total += piece.size;
  for (const auto& rejection : m_rejections)
    total += rejection.raw.size();
  return total;
}

void Writer::reject(std::string_view source, std::size_t line, std::string_view raw, std::string_view reason) {
  m_rejections.push_back(Rejection{std::string(source), line, std::string(reason), std::string(raw)});
}

int Writer::open_segment(long long hour) {
  if (auto it = m_files.find(hour); it != m_files.end())
    return it->second;
  int fd = open_for_append(m_directory, segment_name(hour_start(hour)));
  m_files.emplace(hour, fd);
  return fd;
}

void Writer::write_segment(long long hour, const Pending& pending) {
  const std::string path = m_directory + "/" + segment_name(hour_start(hour));
  for (int attempt = 0;; ++attempt) {
    int fd = open_segment(hour);
    FileLock lock(fd, path);
    struct stat st;
    if (::fstat(fd, &st) != 0)
      throw Error("cannot read " + path + ": " + util::errno_text(errno));
    if (st.st_nlink == 0 && attempt < 3) {
      // Pruned by another writer while we held it open: start a new file.
      ::close(fd);
      m_files.erase(hour);
      continue;
    }
    if (st.st_size > 0)
      repair_torn_tail(fd, path);
    // A write cut short (a full disk, a file size limit) is undone while the lock is held,
    // so the segment never keeps half a batch or a torn line.
    const off_t before = ::lseek(fd, 0, SEEK_END);
    try {
      write_pieces(fd, path, pending);
    } catch (const Error&) {
      if (before >= 0 && ::ftruncate(fd, before) != 0) {
        // Left for the torn-tail repair of the next writer.
      }
      throw;
    }
    break;
  }
  m_touched.insert(hour);
}

void Writer::write_pieces(int fd, const std::string& path, const Pending& pending) {
  m_iovecs.clear();
  for (const auto& piece : pending.pieces) {
    const char* data = piece.data != nullptr ? piece.data : m_arena.data() + piece.offset;
    m_iovecs.push_back(iovec{const_cast<char*>(data), piece.size});
  }
  std::size_t first = 0;
  while (first < m_iovecs.size()) {
    int count = static_cast<int>(std::min<std::size_t>(m_iovecs.size() - first, IOV_MAX));
    ssize_t n = ::writev(fd, m_iovecs.data() + first, count);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw Error("cannot write " + path + ": " + util::errno_text(errno));
    }
    auto done = static_cast<std::size_t>(n);
    while (first < m_iovecs.size() && done >= m_iovecs[first].iov_len)
      done -= m_iovecs[first++].iov_len;
    if (done > 0) { // a short write: go on from the middle of this piece
      m_iovecs[first].iov_base = static_cast<char*>(m_iovecs[first].iov_base) + done;
      m_iovecs[first].iov_len -= done;
    }
  }
}

void Writer::repair_torn_tail(int fd, const std::string& path) {
  struct stat st;
  if (::fstat(fd, &st) != 0)
    throw Error("cannot read " + path + ": " + util::errno_text(errno));
  const auto size = static_cast<std::size_t>(st.st_size);
  char last = '\n';
  if (size == 0 || read_at(fd, path, &last, 1, st.st_size - 1) != 1 || last == '\n')
    return;
  // Find where the torn line starts, reading backwards, then count the lines before it.
  std::string chunk(1 << 16, '\0');
  std::size_t tail_start = 0;
  for (std::size_t end = size; end > 0;) {
    std::size_t begin = end > chunk.size() ? end - chunk.size() : 0;
    std::size_t n = read_at(fd, path, chunk.data(), end - begin, static_cast<off_t>(begin));
    std::string_view view(chunk.data(), n);
    if (auto nl = view.rfind('\n'); nl != std::string_view::npos) {
      tail_start = begin + nl + 1;
      break;
    }
    end = begin;
  }
  std::size_t line = 1;
  for (std::size_t at = 0; at < tail_start;) {
    std::size_t n = read_at(fd, path, chunk.data(), std::min(chunk.size(), tail_start - at), static_cast<off_t>(at));
    if (n == 0)
      break;
    line += static_cast<std::size_t>(std::count(chunk.data(), chunk.data() + n, '\n'));
    at += n;
  }
  std::string raw(size - tail_start, '\0');
  raw.resize(read_at(fd, path, raw.data(), raw.size(), static_cast<off_t>(tail_start)));
  // Keep the torn line before cutting it off, so that a crash here loses nothing.
  auto queued = std::move(m_rejections);
  m_rejections.clear();
  reject(path, line, raw, "torn last line (a write cut short, e.g. by a crash) moved out of the segment");
  flush_rejected();
  m_rejections = std::move(queued);
  if (::ftruncate(fd, static_cast<off_t>(tail_start)) != 0)
    throw Error("cannot repair " + path + ": " + util::errno_text(errno));
  ++m_torn;
}

void Writer::flush() {
  for (auto& [hour, pending] : m_pending)
    if (!pending.pieces.empty())
      write_segment(hour, pending);
  m_pending.clear();
  m_last_pending = nullptr;
  m_arena.clear(); // keeps its capacity for the next batch
  if (!m_rejections.empty())
    flush_rejected();
  if (m_files.size() > k_max_open_files) {
    for (auto& [hour, fd] : m_files)
      ::close(fd);
    m_files.clear();
  }
}

void Writer::flush_rejected() {
  const std::string folder = rejected_directory(m_directory);
  const time::TimePoint now = m_clock.now();
  const std::string stamp = time::format_timestamp(now);
  const std::string base = folder + "/" + stamp.substr(0, 10);
  const std::string lines_path = base + ".lines";
  const std::string reasons_path = base + ".reasons";
  const std::string relative = folder.substr(m_directory.size() + 1) + "/" + stamp.substr(0, 10);
  int lines_fd = open_for_append(m_directory, relative + ".lines");
  int reasons_fd = -1;
  try {
    reasons_fd = open_for_append(m_directory, relative + ".reasons");
    FileLock lock(lines_fd, lines_path); // guards both files
    struct stat st;
    if (::fstat(lines_fd, &st) != 0)
      throw Error("cannot read " + lines_path + ": " + util::errno_text(errno));
    std::size_t offset = static_cast<std::size_t>(st.st_size);
    std::string lines, reasons;
    for (const auto& r : m_rejections) {
      lines += r.raw;
      lines += '\n';
      reasons += "{\"at\":\"" + stamp + "\",\"source\":";
      util::append_json_string(reasons, r.source);
      reasons += ",\"line\":" + std::to_string(r.line) + ",\"reason\":";
      util::append_json_string(reasons, r.reason);
      reasons += ",\"offset\":" + std::to_string(offset) + ",\"length\":" + std::to_string(r.raw.size()) + "}\n";
      offset += r.raw.size() + 1;
    }
    write_all(lines_fd, lines_path, lines.data(), lines.size());
    write_all(reasons_fd, reasons_path, reasons.data(), reasons.size());
  } catch (...) {
    ::close(lines_fd);
    if (reasons_fd >= 0)
      ::close(reasons_fd);
    throw;
  }
  ::close(lines_fd);
  ::close(reasons_fd);
  m_rejections.clear();
}

std::size_t Writer::prune(time::TimePoint cutoff) {
  std::size_t removed = 0;
  std::set<std::string> days;
  for (const auto& segment : list_segments(m_directory, std::nullopt, cutoff)) {
    if (segment.start + k_segment_span > cutoff)
      continue;
    long long hour = std::chrono::floor<std::chrono::hours>(segment.start.time_since_epoch()).count();
    if (auto it = m_files.find(hour); it != m_files.end()) {
      ::close(it->second);
      m_files.erase(it);
    }
    int fd = -1;
    try {
      fd = util::open_regular(segment.path, O_RDONLY).release();
    } catch (const Error&) {
      // Not a regular file (a link, a FIFO): unlinking the name harms no target.
      ::unlink(segment.path.c_str());
      continue;
    }
    if (fd < 0)
      continue; // another writer pruned it first
    {
      FileLock lock(fd, segment.path); // not while a writer is appending to it
      if (::unlink(segment.path.c_str()) == 0)
        ++removed;
    }
    ::close(fd);
    days.insert(segment.path.substr(0, segment.path.find_last_of('/')));
  }
  // Day, month and year directories left empty; rmdir fails, as it should, on one that is not.
  for (const auto& day : days) {
    std::string path = day;
    for (int level = 0; level < 3 && ::rmdir(path.c_str()) == 0; ++level)
      path = path.substr(0, path.find_last_of('/'));
  }
  // Rejected input of days that ended before the cutoff.
  const std::string folder = rejected_directory(m_directory);
  std::string last_day = time::format_timestamp(cutoff - std::chrono::hours(24)).substr(0, 10);
  // Not through a link planted as rejected/: its target's files are not ours to remove.
  int folder_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (DIR* dir = folder_fd < 0 ? nullptr : ::fdopendir(folder_fd)) {
    std::vector<std::string> old;
    while (const dirent* entry = ::readdir(dir)) {
      std::string_view name = entry->d_name;
      auto dot = name.find('.');
      if (dot == 10 && (name.substr(dot) == ".lines" || name.substr(dot) == ".reasons") && name.substr(0, 10) < last_day)
        old.emplace_back(name);
    }
    for (const auto& name : old)
      ::unlinkat(::dirfd(dir), name.c_str(), 0);
    ::closedir(dir); // closes folder_fd
  } else if (folder_fd >= 0) {
    ::close(folder_fd);
  }
  return removed;
}

} // namespace pm::store
