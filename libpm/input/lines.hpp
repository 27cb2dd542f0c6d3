// Reading input line by line from files and stdin, fast, with the source and line number.
#pragma once

#include "libpm/util/limit.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::input {

/// One input: a path, or "-" for stdin (named "stdin" in messages).
struct Source {
  std::string path;
  std::string display_name() const { return path == "-" ? "stdin" : path; }
};

/// Whether a tool can read the history store instead of FILEs (`--history`), so that the
/// no-input hint names it; pm-ingest's `--history` is the store it writes to.
enum class StoreInput { offered, none };

/// The sources a tool reads: its FILE arguments, or stdin when there are none. Throws
/// UsageError when that would mean reading a terminal, saying how to give input instead.
std::vector<Source> sources_from_arguments(const std::vector<std::string>& files, std::string_view tool,
                                           StoreInput store = StoreInput::offered);

/// A line as read: without its newline; `complete` is false for a last line that had no
/// newline (possibly cut mid-write).
struct Line {
  std::string_view text;
  std::size_t number = 0;
  bool complete = true;
  bool truncated = false; ///< the line was longer than max_line: only its start is here
};

/// The longest line a tool reads (16 MiB): a longer one is refused, the next line read.
inline constexpr util::Limit k_line_limit{"PM_MAX_LINE_BYTES", std::size_t{16} << 20, true};

/// Calls `on_line` for each line of `source`; stops early when it returns false. Reads in
/// large blocks (no per-line system call). A line longer than `max_line` bytes is passed
/// truncated to `max_line` bytes with `complete` false (so one 10 MB line cannot take all
/// memory). A UTF-8 byte order mark opening the source is skipped (line 1 starts after it).
/// Throws Error when the source cannot be opened or read. Returns false when stopped
/// early or interrupted by SIGINT/SIGTERM. `on_block`, when given, is called after the lines
/// of each block read have been passed on and before the next read may wait for more input:
/// the place to flush a batch (a pipe that pauses gets its records out at once); it is also
/// called after a last line without a newline, before the buffer the lines point into is freed.
bool read_lines(const Source& source, const std::function<bool(const Line&)>& on_line,
                std::size_t max_line = k_line_limit.fallback, const std::function<void()>& on_block = {});

} // namespace pm::input
