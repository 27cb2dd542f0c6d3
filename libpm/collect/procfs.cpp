// Reading /proc and /sys through a root that tests can redirect.
#include "libpm/collect/procfs.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pm::collect {

namespace {

std::string strip_slash(std::string root) {
  while (root.size() > 1 && root.back() == '/')
    root.pop_back();
  return root;
}

std::string join(const std::string& root, std::string_view relative) {
  std::string path;
  path.reserve(root.size() + 1 + relative.size());
  path = root;
  if (!relative.empty() && relative.front() != '/')
    path += '/';
  path += relative;
  return path;
}

} // namespace

ProcFs::ProcFs(std::string proc_root, std::string sys_root)
    : m_proc_root(strip_slash(proc_root.empty() ? std::string("/proc") : std::move(proc_root))),
      m_sys_root(strip_slash(sys_root.empty() ? std::string("/sys") : std::move(sys_root))) {}

std::string ProcFs::proc_path(std::string_view relative) const { return join(m_proc_root, relative); }
std::string ProcFs::sys_path(std::string_view relative) const { return join(m_sys_root, relative); }

bool read_whole_file(const char* path, std::string& buffer) {
  buffer.clear();
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  // /proc files are generated per read() call: read in large chunks until end of file.
  char chunk[16384];
  bool ok = true;
  for (;;) {
    ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      ok = false;
      break;
    }
    if (got == 0)
      break;
    buffer.append(chunk, static_cast<std::size_t>(got));
  }
  ::close(fd);
  if (!ok)
    buffer.clear();
  return ok;
}

bool ProcFs::read_proc(std::string_view relative, std::string& buffer) const {
  return read_whole_file(proc_path(relative).c_str(), buffer);
}

bool ProcFs::read_sys(std::string_view relative, std::string& buffer) const {
  return read_whole_file(sys_path(relative).c_str(), buffer);
}

bool ProcFs::proc_exists(std::string_view relative) const {
  return ::access(proc_path(relative).c_str(), F_OK) == 0;
}

bool ProcFs::sys_exists(std::string_view relative) const { return ::access(sys_path(relative).c_str(), F_OK) == 0; }

std::string ProcFs::map_path(std::string_view absolute) const {
  auto under = [&](std::string_view prefix) {
    return absolute == prefix || (absolute.size() > prefix.size() && absolute.substr(0, prefix.size()) == prefix &&
                                  absolute[prefix.size()] == '/');
  };
  if (under("/sys"))
    return m_sys_root + std::string(absolute.substr(4));
  if (under("/proc"))
    return m_proc_root + std::string(absolute.substr(5));
  return std::string(absolute);
}

} // namespace pm::collect
