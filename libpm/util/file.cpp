// Opening files without following symbolic links or blocking on FIFOs.
#include "libpm/util/file.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/output.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>

namespace pm::util {

namespace {

[[noreturn]] void refuse(const std::string& path, int error) {
  if (error == ELOOP)
    throw Error("cannot open " + path + ": it is a symbolic link, which pm does not follow here");
  throw Error("cannot open " + path + ": " + errno_text(error));
}

// The last step of both: `name` under `dir_fd` (AT_FDCWD for a plain path).
UniqueFd open_leaf(int dir_fd, const char* name, const std::string& path, int flags, unsigned mode) {
  // O_NONBLOCK so that opening a FIFO cannot wait for a writer or a reader.
  int fd = ::openat(dir_fd, name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) {
    int error = errno;
    if (error == ENOENT && !(flags & O_CREAT))
      return UniqueFd();
    // ENXIO: a FIFO opened for writing without a reader; EISDIR: a directory for writing.
    if (error == ENXIO)
      throw Error("cannot open " + path + ": it is a FIFO, not a regular file");
    if (error == EISDIR)
      throw Error("cannot open " + path + ": it is a directory, not a regular file");
    refuse(path, error);
  }
  UniqueFd owned(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    throw Error("cannot open " + path + ": " + errno_text(errno));
  if (!S_ISREG(st.st_mode))
    throw Error("cannot open " + path + ": it is " + std::string(file_kind(st.st_mode)) + ", not a regular file");
  if (int status = ::fcntl(fd, F_GETFL); status < 0 || ::fcntl(fd, F_SETFL, status & ~O_NONBLOCK) != 0)
    throw Error("cannot open " + path + ": " + errno_text(errno));
  return owned;
}

} // namespace

UniqueFd open_regular(const std::string& path, int flags, unsigned mode) {
  return open_leaf(AT_FDCWD, path.c_str(), path, flags, mode);
}

UniqueFd open_beneath(const std::string& root, std::string_view relative, int flags, unsigned mode,
                      bool create_directories) {
  UniqueFd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) {
    int error = errno;
    if (error == ENOENT && create_directories) {
      if (::mkdir(root.c_str(), 0700) != 0 && errno != EEXIST) {
        // A missing parent of the store: made as mkdir -p would.
        for (std::size_t slash = root.find('/', 1); slash != std::string::npos; slash = root.find('/', slash + 1))
          ::mkdir(root.substr(0, slash).c_str(), 0700);
        if (::mkdir(root.c_str(), 0700) != 0 && errno != EEXIST)
          throw Error("cannot create " + root + ": " + errno_text(errno));
      }
      dir = UniqueFd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    }
    if (!dir.valid()) {
      if (errno == ENOENT && !(flags & O_CREAT))
        return UniqueFd();
      throw Error("cannot open " + root + ": " + errno_text(errno));
    }
  }
  std::string path = root;
  std::size_t begin = 0;
  while (true) {
    std::size_t slash = relative.find('/', begin);
    const std::string name(relative.substr(begin, slash == std::string_view::npos ? std::string_view::npos : slash - begin));
    path += '/';
    path += name;
    if (slash == std::string_view::npos)
      return open_leaf(dir.get(), name.c_str(), path, flags, mode);
    begin = slash + 1;
    if (name.empty())
      continue;
    int next = ::openat(dir.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0 && errno == ENOENT && create_directories) {
      if (::mkdirat(dir.get(), name.c_str(), 0700) != 0 && errno != EEXIST)
        throw Error("cannot create " + path + ": " + errno_text(errno));
      next = ::openat(dir.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (next < 0) {
      int error = errno;
      if (error == ENOENT && !create_directories)
        return UniqueFd();
      if (error == ENOTDIR) {
        // O_NOFOLLOW|O_DIRECTORY on a link gives ELOOP on Linux, but ENOTDIR elsewhere: tell which.
        struct stat st {};
        if (::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
          refuse(path, ELOOP);
        throw Error("cannot open " + path + ": it is not a directory");
      }
      refuse(path, error);
    }
    dir = UniqueFd(next);
  }
}

std::string_view file_kind(unsigned mode) {
  if (S_ISREG(mode))
    return "a regular file";
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISSOCK(mode))
    return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode))
    return "a device";
  return "something else";
}

} // namespace pm::util
