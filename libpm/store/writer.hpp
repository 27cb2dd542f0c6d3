// Appending to the history store: hour segments under flock, torn tails repaired, rejected input kept.
#pragma once

#include "libpm/store/layout.hpp"
#include "libpm/time/time.hpp"

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <sys/uio.h>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pm::store {

/// Writes records into the store at a directory. Lines are queued per segment in memory and
/// written by flush(): for each segment one `write` of whole lines while holding an exclusive
/// `flock` on it, so concurrent writers never interleave or lose lines. Before appending, a
/// torn last line (a writer killed mid-write) is moved to `rejected/` and cut off. Files are
/// created 0600 and directories 0700. Not thread-safe; one Writer per process is the rule.
///
/// `rejected/` holds, per UTC day of arrival, `YYYY-MM-DD.lines` (each rejected line raw, as
/// received, followed by a newline) and `YYYY-MM-DD.reasons` (one JSON object per rejected
/// line, in the same order: `at`, `source`, `line`, `reason`, and the `offset` and `length`
/// of the raw bytes in the `.lines` file).
class Writer {
public:
  /// Nothing is created until the first flush. `clock` dates rejected input.
  Writer(std::string directory, const time::Clock& clock);
  ~Writer(); ///< closes files; whatever was not flushed is dropped
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  /// Queues `line` (a canonical record without its newline) for the segment of `ts`; copied.
  void append(time::TimePoint ts, std::string_view line) {
    append_with(ts, [&](std::string& out) { out.append(line); });
  }
  /// Queues a line that `write(out)` appends to `out` (without newline), e.g. record::append_json.
  template <class Write>
  void append_with(time::TimePoint ts, Write&& write) {
    std::size_t start = m_arena.size();
    write(m_arena);
    m_arena += '\n';
    add_piece(ts, Piece{nullptr, start, m_arena.size() - start});
  }
  /// Queues `line`, which must end in '\n' and stay valid and unchanged until flush(): the
  /// zero-copy path for input lines stored as they are. Consecutive lines of one segment
  /// that lie next to each other in memory become one piece.
  void append_borrowed(time::TimePoint ts, std::string_view line) {
    add_piece(ts, Piece{line.data(), 0, line.size()});
  }
  /// The bytes of the line queued last (valid until the next append or flush).
  std::string_view last_line() const;

  /// Queues a rejected input line: `raw` exactly as received, with where it came from and why.
  void reject(std::string_view source, std::size_t line, std::string_view raw, std::string_view reason);

  /// Bytes queued and not yet written.
  std::size_t pending_bytes() const;

  /// Writes everything queued. Throws Error when a file cannot be created or written.
  void flush();

  /// Deletes the segments that end at or before `cutoff`, the day directories left empty, and
  /// the rejected files of days that ended before it. Returns how many segments went.
  std::size_t prune(time::TimePoint cutoff);

  /// Distinct segments written to since construction.
  std::size_t segments_touched() const { return m_touched.size(); }
  /// Torn last lines found and moved to rejected/ since construction.
  std::size_t torn_lines_repaired() const { return m_torn; }

private:
  // Queued bytes: borrowed from the caller (`data`), or at `offset` in m_arena.
  struct Piece {
    const char* data;
    std::size_t offset;
    std::size_t size;
  };
  struct Pending {
    std::vector<Piece> pieces;
  };
  struct Rejection {
    std::string source;
    std::size_t line;
    std::string reason;
    std::string raw;
  };

  void add_piece(time::TimePoint ts, Piece piece);
  int open_segment(long long hour);
  void write_segment(long long hour, const Pending& pending);
  void write_pieces(int fd, const std::string& path, const Pending& pending);
  void repair_torn_tail(int fd, const std::string& path);
  void flush_rejected();

  std::string m_directory;
  const time::Clock& m_clock;
  std::map<long long, Pending> m_pending; ///< by hour since the epoch
  long long m_last_hour = -1;            ///< a cache for the common case of one hour
  Pending* m_last_pending = nullptr;
  Piece m_last_piece{nullptr, 0, 0};
  std::string m_arena; ///< lines the writer owns until flush
  std::unordered_map<long long, int> m_files;
  std::set<long long> m_touched;
  std::vector<Rejection> m_rejections;
  std::size_t m_torn = 0;
  std::vector<iovec> m_iovecs;
};

} // namespace pm::store
