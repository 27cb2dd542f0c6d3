// Parser of sysstat's `sadf -j` JSON: one document streamed line by line, a record per figure.
#pragma once

#include "libpm/format/format.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace pm::format {

/// Reads the JSON document `sadf -j FILE -- OPTIONS` writes (`{"sysstat": {"hosts": [{
/// "nodename": ..., "statistics": [{"timestamp": {...}, "cpu-load": [...], ...}, ...]}]}}`)
/// in bounded memory: the document is checked as strict JSON character by character as its
/// lines arrive, and only one `statistics` entry at a time is held (at most
/// k_max_entry_bytes) and turned into records on the line that closes it. Several documents
/// one after another (`for f in sa*; do sadf -j $f; done`) are read in turn.
///
/// Each entry's records carry its time (`timestamp` date and time, in UTC when `utc` is 1,
/// else in the local time zone of the process, TZ, as `sadf -T` wrote them) and the tag
/// `host` (the host's `nodename`). Only the figures pm-sample measures the same way are
/// mapped, under pm-sample's names (see the README's table): cpu-load / cpu-load-all →
/// system.cpu.{usage,user,system,iowait,steal,idle} with tag `cpu` (`total` for "all");
/// queue → system.load.{1m,5m,15m}, system.processes.{threads,blocked}; memory →
/// system.memory.{total,available,used,usage,free}, system.swap.{total,used,free,usage};
/// disk → system.disk.{read_bytes,write_bytes,busy} with tag `device`; network net-dev →
/// system.network.{rx,tx}_{bytes,packets} with tag `interface`; process-and-context-switch
/// → system.forks, system.context_switches; interrupts "sum" → system.interrupts; psi →
/// system.pressure.{cpu,io,memory}.{some,full}_avg{10,60}. Other blocks are left out.
///
/// Errors: invalid JSON rejects the line it is found on, and the rest of the input is then
/// not read (finish() says how many lines were left); an entry without a valid `timestamp`
/// or with a mapped figure that is not a number rejects the line that closes it; a document
/// without `sysstat.hosts`, or one that ends early, is an error too.
class SadfParser final : public LineParser {
public:
  /// The most bytes one `statistics` entry may take: far beyond sadf's largest (a few
  /// hundred kB with thousands of interrupts and devices), and a bound on memory.
  static constexpr std::size_t k_max_entry_bytes = 16 << 20;

  bool parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) override;
  bool finish(const RecordCallback& on_record, std::string& error) override;

private:
  enum class Expect { value, value_or_end, key, key_or_end, colon, comma_or_end, done };
  enum class Token { none, string, literal };
  struct Frame {
    bool object = false;
    std::string key; ///< objects: the member being read
  };

  bool feed(char c, std::string& error);
  bool begin_value(char c, std::string& error);
  bool end_value(std::string& error);
  bool end_literal(std::string& error);
  /// Maps the captured entry; a bad entry sets m_entry_error, and the document goes on.
  bool entry_done(std::string& error);
  bool at_entry() const;
  bool at_host() const;
  bool at_host_member(std::string_view key) const;
  void start_document();

  std::vector<Frame> m_stack;
  Expect m_expect = Expect::value;
  Token m_token = Token::none;
  bool m_token_is_key = false;
  bool m_escape = false;
  int m_hex_left = 0;
  unsigned m_code = 0;     ///< the \u escape being read
  bool m_want_low = false; ///< a high surrogate was read: a low one must follow
  std::string m_text; ///< the current string (raw, escapes kept) or literal
  bool m_started = false; ///< a document has begun
  bool m_seen_hosts = false;
  bool m_capturing = false;
  std::string m_capture; ///< the current statistics entry's text
  std::string m_nodename;
  bool m_failed = false;
  std::size_t m_lines_after_failure = 0;
  std::vector<record::Record> m_records; ///< of the entries closed on this line
  std::string m_entry_error;             ///< why an entry closed on this line gave no records
};

} // namespace pm::format
