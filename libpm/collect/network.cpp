// The network and tcp families.
#include "libpm/collect/network.hpp"

#include "libpm/collect/netlink.hpp"
#include "libpm/collect/scan.hpp"

namespace pm::collect {

namespace {

enum NetField : std::size_t {
  f_rx_bytes,
  f_rx_packets,
  f_rx_errors,
  f_rx_drops,
  f_tx_bytes,
  f_tx_packets,
  f_tx_errors,
  f_tx_drops,
  k_net_fields
};

/// The kernel's TCP state numbers (include/net/tcp_states.h), as lower-case tag values.
constexpr std::array<std::string_view, 13> k_tcp_states{
    "",          "established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2",   "time_wait",
    "close",     "close_wait",  "last_ack", "listen",   "closing",   "new_syn_recv"};

int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

bool count_tcp_file(Reader& reader, std::string_view relative, std::array<std::uint64_t, 13>& counts) {
  std::string& text = reader.scratch();
  if (!reader.fs().read_proc(relative, text))
    return false;
  Scanner scanner(text);
  scanner.next_line(); // header
  while (!scanner.at_end()) {
    scanner.skip_tokens(3); // sl, local address, remote address
    std::string_view state = scanner.token();
    scanner.next_line();
    if (state.size() != 2)
      continue;
    int high = hex_digit(state[0]);
    int low = hex_digit(state[1]);
    if (high < 0 || low < 0)
      continue;
    auto number = static_cast<std::size_t>(high * 16 + low);
    if (number > 0 && number < counts.size())
      ++counts[number];
  }
  return true;
}

} // namespace

bool network_available(const ProcFs& fs) { return fs.proc_exists("net/dev"); }

void read_network(Reader& reader, Counters& out) {
  out.clear();
  auto text = reader.proc("net/dev");
  if (!text)
    return;
  Scanner scanner(*text);
  scanner.next_line(); // two header lines
  scanner.next_line();
  while (!scanner.at_end()) {
    std::string_view line = scanner.line();
    auto colon = line.find(':');
    if (colon == std::string_view::npos)
      continue;
    Scanner fields(line.substr(colon + 1));
    std::uint64_t value[16];
    int got = 0;
    for (; got < 16; ++got) {
      auto number = fields.number();
      if (!number)
        break;
      value[got] = *number;
    }
    if (got < 12)
      continue;
    CounterRow row;
    Scanner name(line.substr(0, colon));
    row.id = std::string(name.token());
    row.values = {value[0], value[1], value[2], value[3], value[8], value[9], value[10], value[11]};
    out.push_back(std::move(row));
  }
}

void report_network(Reader&, const Counters& current, const Span& span, Emitter& emitter) {
  for (std::size_t index = 0; index < current.size(); ++index) {
    const CounterRow& now = current[index];
    if (now.values.size() != k_net_fields)
      continue;
    const Tag tag{"interface", now.id};
    const CounterRow* before = find_row(span.previous, now.id, index);
    if (before && before->values.size() == k_net_fields) {
      auto rate = [&](NetField field) {
        return span.rate(before->values[field], now.values[field], emitter, "network " + now.id);
      };
      if (auto r = rate(f_rx_bytes))
        emitter.emit("system.network.rx_bytes", *r, "bytes/s", {tag});
      if (auto r = rate(f_tx_bytes))
        emitter.emit("system.network.tx_bytes", *r, "bytes/s", {tag});
      if (auto r = rate(f_rx_packets))
        emitter.emit("system.network.rx_packets", *r, "packets/s", {tag});
      if (auto r = rate(f_tx_packets))
        emitter.emit("system.network.tx_packets", *r, "packets/s", {tag});
    }
    emitter.emit("system.network.rx_errors", static_cast<double>(now.values[f_rx_errors]), "count", {tag});
    emitter.emit("system.network.tx_errors", static_cast<double>(now.values[f_tx_errors]), "count", {tag});
    emitter.emit("system.network.rx_drops", static_cast<double>(now.values[f_rx_drops]), "count", {tag});
    emitter.emit("system.network.tx_drops", static_cast<double>(now.values[f_tx_drops]), "count", {tag});
  }
}

bool tcp_available(const ProcFs& fs) { return fs.proc_exists("net/tcp") || fs.proc_exists("net/tcp6"); }

bool count_tcp_states(Reader& reader, std::array<std::uint64_t, 13>& counts) {
  counts.fill(0);
  // Netlink sees the real kernel only: a redirected root (fixtures) is read from its files.
  if (reader.fs().proc_root() == "/proc" && count_tcp_states_netlink(counts))
    return true;
  bool v4 = count_tcp_file(reader, "net/tcp", counts);
  bool v6 = count_tcp_file(reader, "net/tcp6", counts);
  return v4 || v6;
}

void report_tcp(Reader& reader, const Counters&, const Span&, Emitter& emitter) {
  std::array<std::uint64_t, 13> counts{};
  if (!count_tcp_states(reader, counts))
    return;
  // Every state is written, zeros included, so each series is continuous.
  for (std::size_t state = 1; state < counts.size(); ++state)
    emitter.emit("system.tcp.connections", static_cast<double>(counts[state]), "count",
                 {Tag{"state", k_tcp_states[state]}});
}

} // namespace pm::collect
