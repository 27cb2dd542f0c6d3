// A one-shot TCP server on 127.0.0.1 for unit tests of probes and scrapes.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace pm::test {

/// Listens on a free loopback port; `serve(reply)` answers the next connection with `reply`
/// after reading the request head, then closes it. `request()` is what the client sent.
class OneShotServer {
public:
  OneShotServer() {
    m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(m_listen, 4);
    socklen_t length = sizeof address;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
  }
  ~OneShotServer() {
    if (m_thread.joinable())
      m_thread.join();
    ::close(m_listen);
  }
  unsigned short port() const { return m_port; }

  void serve(std::string reply) {
    m_thread = std::thread([this, reply = std::move(reply)] {
      int client = ::accept(m_listen, nullptr, nullptr);
      if (client < 0)
        return;
      char buffer[4096];
      while (m_request.find("\r\n\r\n") == std::string::npos) {
        ssize_t got = ::read(client, buffer, sizeof buffer);
        if (got <= 0)
          break;
        m_request.append(buffer, static_cast<std::size_t>(got));
      }
      std::size_t at = 0;
      while (at < reply.size()) { // small writes, so the client sees it arrive in pieces
        std::size_t piece = std::min<std::size_t>(reply.size() - at, 7);
        ssize_t sent = ::send(client, reply.data() + at, piece, MSG_NOSIGNAL);
        if (sent <= 0)
          break;
        at += static_cast<std::size_t>(sent);
      }
      ::close(client);
    });
  }
  /// Valid once the connection was served (after the client got its answer).
  const std::string& request() {
    if (m_thread.joinable())
      m_thread.join();
    return m_request;
  }

private:
  int m_listen = -1;
  unsigned short m_port = 0;
  std::thread m_thread;
  std::string m_request;
};

/// A loopback port that nothing listens on (bound, then released).
inline unsigned short closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

/// A loopback port whose SYNs are dropped, as a firewalled host's: a listener with a full
/// accept queue (backlog 0 holds one connection, which we make and never accept).
class BlackHole {
public:
  BlackHole() {
    m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(m_listen, 0);
    socklen_t length = sizeof address;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_filler = ::socket(AF_INET, SOCK_STREAM, 0);
    ::connect(m_filler, reinterpret_cast<sockaddr*>(&address), sizeof address);
  }
  ~BlackHole() {
    ::close(m_filler);
    ::close(m_listen);
  }
  unsigned short port() const { return m_port; }

private:
  int m_listen = -1;
  int m_filler = -1;
  unsigned short m_port = 0;
};

} // namespace pm::test
