// TCP connections with a deadline: non-blocking connect and I/O driven by poll().
#include "libpm/util/net.hpp"

#include "libpm/util/output.hpp"

#include <cerrno>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

namespace pm::util {

int milliseconds_left(Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0)
    return 0;
  if (left.count() > 24 * 3600 * 1000) // poll() takes an int; a day is more than any probe waits
    return 24 * 3600 * 1000;
  return static_cast<int>(left.count()) + 1; // round up so a wait never ends just short
}

namespace {

/// Waits until `fd` is ready for `events` or the deadline passes; false on timeout.
Expected<bool> wait_for(int fd, short events, Deadline deadline) {
  for (;;) {
    pollfd entry{fd, events, 0};
    int ready = ::poll(&entry, 1, milliseconds_left(deadline));
    if (ready > 0)
      return true;
    if (ready == 0)
      return false;
    if (errno != EINTR)
      return unexpected("poll: " + errno_text(errno));
    if (milliseconds_left(deadline) == 0)
      return false;
  }
}

/// One connect attempt to one resolved address.
Expected<UniqueFd> connect_one(const addrinfo& address, Deadline deadline) {
  UniqueFd socket(::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                           address.ai_protocol));
  if (!socket.valid())
    return unexpected(errno_text(errno));
  if (::connect(socket.get(), address.ai_addr, address.ai_addrlen) == 0)
    return socket;
  if (errno != EINPROGRESS)
    return unexpected(errno_text(errno));
  auto ready = wait_for(socket.get(), POLLOUT, deadline);
  if (!ready)
    return unexpected(ready.error());
  if (!*ready)
    return unexpected("timed out");
  int error = 0;
  socklen_t length = sizeof error;
  if (::getsockopt(socket.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0)
    return unexpected(errno_text(errno));
  if (error != 0)
    return unexpected(errno_text(error));
  return socket;
}

} // namespace

Expected<UniqueFd> connect_tcp(const std::string& host, std::uint16_t port, Deadline deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (status == EAI_ADDRFAMILY || status == EAI_NONAME) {
    // AI_ADDRCONFIG hides ::1 and 127.0.0.1 on a host whose only interface is loopback.
    hints.ai_flags = 0;
    status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  }
  if (status != 0)
    return unexpected("cannot resolve \"" + host + "\": " + ::gai_strerror(status));
  std::string last_error = "no address";
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    if (milliseconds_left(deadline) == 0) {
      last_error = "timed out";
      break;
    }
    auto socket = connect_one(*address, deadline);
    if (socket) {
      ::freeaddrinfo(found);
      return std::move(*socket);
    }
    last_error = socket.error();
  }
  ::freeaddrinfo(found);
  return unexpected(last_error);
}

Expected<bool> send_all(int fd, std::string_view data, Deadline deadline) {
  while (!data.empty()) {
    ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR)
      continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      auto ready = wait_for(fd, POLLOUT, deadline);
      if (!ready)
        return unexpected(ready.error());
      if (!*ready)
        return unexpected("timed out");
      continue;
    }
    return unexpected(errno_text(errno));
  }
  return true;
}

Expected<std::size_t> receive_some(int fd, std::string& out, Deadline deadline) {
  char buffer[16384];
  for (;;) {
    ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
    if (got >= 0) {
      out.append(buffer, static_cast<std::size_t>(got));
      return static_cast<std::size_t>(got);
    }
    if (errno == EINTR)
      continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      return unexpected(errno_text(errno));
    auto ready = wait_for(fd, POLLIN, deadline);
    if (!ready)
      return unexpected(ready.error());
    if (!*ready)
      return unexpected("timed out");
  }
}

} // namespace pm::util
