// Buffered output to a file descriptor, and files replaced atomically.
#include "libpm/util/output.hpp"

#include "libpm/util/error.hpp"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pm::util {

std::string errno_text(int error) {
  std::string text = std::strerror(error);
  if (!text.empty())
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

Output::Output(int fd, std::string name) : m_fd(fd), m_name(std::move(name)) { m_buffer.reserve(k_capacity); }

Output::~Output() = default;

void Output::drain() {
  std::size_t done = 0;
  while (done < m_buffer.size()) {
    ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int error = errno;
      m_buffer.clear();
      if (error == EPIPE)
        throw BrokenPipe();
      throw Error("cannot write to " + m_name + ": " + errno_text(error));
    }
    done += static_cast<std::size_t>(n);
  }
  m_buffer.clear();
}

namespace {

// Removes the temporary files `PATH.tmp.XXXXXX` that writers killed before their rename
// left beside `path`. A live writer holds a lock on its temporary file, so a file whose
// lock can be taken belongs to nobody.
void remove_stale_temporaries(const std::string& path) {
  const auto slash = path.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".tmp.";
  int folder_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* dir = folder_fd < 0 ? nullptr : ::fdopendir(folder_fd);
  if (dir == nullptr) {
    if (folder_fd >= 0)
      ::close(folder_fd);
    return;
  }
  while (const dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name.size() != prefix.size() + 6 || !name.starts_with(prefix))
      continue;
    int fd = ::openat(::dirfd(dir), entry->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
      continue;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() && ::flock(fd, LOCK_EX | LOCK_NB) == 0)
      ::unlinkat(::dirfd(dir), entry->d_name, 0);
    ::close(fd);
  }
  ::closedir(dir);
}

} // namespace

AtomicFile::AtomicFile(const std::string& path, unsigned mode) : Output(-1, path), m_path(path) {
  remove_stale_temporaries(path);
  m_temp_path = path + ".tmp.XXXXXX";
  int fd = ::mkstemp(m_temp_path.data());
  if (fd < 0)
    throw Error("cannot create " + m_temp_path + ": " + errno_text(errno));
  // Held until the rename: it tells remove_stale_temporaries that this file is alive.
  ::flock(fd, LOCK_EX);
  // The file replaced keeps its mode (a 0600 file stays 0600); a new one gets `mode`.
  struct stat st {};
  mode_t final_mode;
  if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    final_mode = st.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    final_mode = static_cast<mode_t>(mode) & ~mask;
  }
  ::fchmod(fd, final_mode);
  set_fd(fd);
}

AtomicFile::~AtomicFile() {
  if (!m_committed) {
    ::close(fd());
    ::unlink(m_temp_path.c_str());
  }
}

void AtomicFile::commit() {
  flush();
  if (::fsync(fd()) != 0 || ::close(fd()) != 0) {
    int error = errno;
    ::unlink(m_temp_path.c_str());
    m_committed = true;
    throw Error("cannot write " + m_path + ": " + errno_text(error));
  }
  m_committed = true;
  if (::rename(m_temp_path.c_str(), m_path.c_str()) != 0) {
    int error = errno;
    ::unlink(m_temp_path.c_str());
    throw Error("cannot replace " + m_path + ": " + errno_text(error));
  }
}

void write_file_atomically(const std::string& path, std::string_view content, unsigned mode) {
  AtomicFile file(path, mode);
  file.write(content);
  file.commit();
}

void make_parent_directories(const std::string& path, unsigned mode) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0)
    return;
  std::string dir = path.substr(0, slash);
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0)
    return; // the common case: one stat, nothing to create
  make_parent_directories(dir, mode);
  if (::mkdir(dir.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST)
    throw Error("cannot create directory " + dir + ": " + errno_text(errno));
}

void read_fd_into(int fd, const std::string& path, std::string& content, std::size_t max_bytes) {
  content.clear();
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0)
    content.reserve(std::min(static_cast<std::size_t>(st.st_size), max_bytes));
  char buffer[1 << 16];
  while (content.size() <= max_bytes) {
    const std::size_t room = max_bytes - content.size(); // one byte past it tells "larger"
    ssize_t n = ::read(fd, buffer, room >= sizeof buffer ? sizeof buffer : room + 1);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw Error("cannot read " + path + ": " + errno_text(errno));
    }
    if (n == 0)
      return;
    content.append(buffer, static_cast<std::size_t>(n));
  }
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw Error("cannot read " + path + ": " + errno_text(errno));
  std::string content;
  try {
    read_fd_into(fd, path, content, max_bytes);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return content;
}

} // namespace pm::util
