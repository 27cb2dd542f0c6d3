// TCP socket states through netlink sock_diag: what /proc/net/tcp shows, without its cost.
#pragma once

#include <array>
#include <cstdint>

namespace pm::collect {

/// Adds the TCP sockets (IPv4 and IPv6) of this network namespace to `counts`, indexed by
/// the kernel's state number. False (counts untouched) when sock_diag is not available,
/// e.g. a kernel without it or a sandbox that forbids netlink; callers fall back to
/// /proc/net/tcp. Reading /proc/net/tcp walks every bucket of the kernel's socket hash
/// tables, which costs milliseconds even on an idle machine; a netlink dump does not.
bool count_tcp_states_netlink(std::array<std::uint64_t, 13>& counts);

} // namespace pm::collect
