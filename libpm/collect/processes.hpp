// The processes family: counts by state, and per process for `--process NAME|PID`.
#pragma once

#include "libpm/collect/collector.hpp"

#include <string>
#include <vector>

namespace pm::collect {

/// How many numeric entries (processes) the proc root has.
std::size_t count_pids(const ProcFs& fs);

/// The numeric entries of the proc root (the process ids), in directory order.
std::vector<int> list_pids(const ProcFs& fs);

/// The processes `selectors` name: a number is a PID (kept when it exists), anything else
/// is matched against the command name (/proc/PID/comm, which the kernel cuts to 15
/// bytes). Selectors that match nothing are returned in `unmatched`.
std::vector<int> match_processes(const ProcFs& fs, const std::vector<std::string>& selectors,
                                 std::vector<std::string>& unmatched);

bool processes_available(const ProcFs& fs);
/// One row per selected process, id "PID:STARTTIME" (a reused PID is a new row): CPU
/// ticks (user + system), bytes read, bytes written (k_unknown when /proc/PID/io is not
/// readable). Nothing without `--process`.
void read_processes(Reader& reader, Counters& out);
/// system.processes.{total,running,blocked,threads} (count) and per selected process
/// system.process.{cpu (percent of one CPU), rss (bytes), read_bytes, write_bytes
/// (bytes/s), open_files (count)} with tags pid and process.
void report_processes(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

} // namespace pm::collect
