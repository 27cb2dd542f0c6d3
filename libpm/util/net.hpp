// TCP connections with a deadline: non-blocking connect and I/O driven by poll().
#pragma once

#include "libpm/util/error.hpp"
#include "libpm/util/fd.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace pm::util {

using Deadline = std::chrono::steady_clock::time_point;

/// Milliseconds left until `deadline` (0 when it has passed), for poll().
int milliseconds_left(Deadline deadline);

/// Connects to `host` (a name, an IPv4 address or an IPv6 address without brackets) on
/// `port`, trying each address the resolver gives in turn, and gives up at `deadline`.
/// The connect is non-blocking and waited for with poll(), so a closed port fails at once
/// ("connection refused") and an address that drops packets fails at the deadline
/// ("timed out"). Name resolution itself uses getaddrinfo() and is not bounded by the
/// deadline. Returns the connected socket, in blocking mode off (O_NONBLOCK set), or why
/// it failed.
Expected<UniqueFd> connect_tcp(const std::string& host, std::uint16_t port, Deadline deadline);

/// Writes all of `data` to the non-blocking socket before `deadline`; the error otherwise.
Expected<bool> send_all(int fd, std::string_view data, Deadline deadline);

/// Reads what is available from the non-blocking socket, waiting up to `deadline`, and
/// appends it to `out`. Returns the number of bytes read (0 at end of stream), or an error
/// ("timed out" at the deadline).
Expected<std::size_t> receive_some(int fd, std::string& out, Deadline deadline);

} // namespace pm::util
