// An owned file descriptor that closes itself: sockets, pipes, /dev/null.
#pragma once

#include <unistd.h>
#include <utility>

namespace pm::util {

/// Owns one file descriptor (or none, -1) and closes it when dropped. Move-only.
class UniqueFd {
public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : m_fd(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return m_fd; }
  bool valid() const { return m_fd >= 0; }
  /// Gives the descriptor up to the caller, who closes it.
  int release() { return std::exchange(m_fd, -1); }
  /// Closes the descriptor now (no-op when there is none).
  void reset() {
    if (m_fd >= 0)
      ::close(m_fd);
    m_fd = -1;
  }

private:
  int m_fd = -1;
};

} // namespace pm::util
