// The network and tcp families: /proc/net/dev per interface, TCP sockets by state.
#pragma once

#include "libpm/collect/collector.hpp"

#include <array>

namespace pm::collect {

bool network_available(const ProcFs& fs);
/// One row per interface of /proc/net/dev: rx bytes, packets, errors, drops, then tx.
void read_network(Reader& reader, Counters& out);
/// system.network.{rx,tx}_bytes (bytes/s), {rx,tx}_packets (packets/s) and the
/// counts since boot {rx,tx}_errors, {rx,tx}_drops (count), tag interface.
void report_network(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

bool tcp_available(const ProcFs& fs);
/// TCP sockets by state, indexed by the kernel's state number (1 ESTABLISHED ... 12
/// NEW_SYN_RECV): through netlink sock_diag when reading the real /proc, else (or when
/// netlink fails) from /proc/net/tcp and /proc/net/tcp6. False when nothing is readable.
bool count_tcp_states(Reader& reader, std::array<std::uint64_t, 13>& counts);
/// system.tcp.connections (count) with tag state (established, listen, time_wait, ...).
void report_tcp(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

} // namespace pm::collect
