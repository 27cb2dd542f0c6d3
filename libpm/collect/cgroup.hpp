// The cgroup family: the cgroup v2 group pm-sample runs in (memory, CPU use and throttling).
#pragma once

#include "libpm/collect/collector.hpp"

#include <optional>
#include <string>

namespace pm::collect {

/// The cgroup v2 directory this process belongs to, mapped into the roots, and its path
/// as the kernel names it ("/user.slice/..."); nothing without a cgroup2 mount or a
/// "0::" line in /proc/self/cgroup.
struct CgroupDir {
  std::string directory;
  std::string path;
};
std::optional<CgroupDir> find_cgroup(const ProcFs& fs);

bool cgroup_available(const ProcFs& fs);
/// One row "cpu": usage_usec, throttled_usec, nr_throttled from cpu.stat.
void read_cgroup(Reader& reader, Counters& out);
/// system.cgroup.memory.current / .max (bytes; max skipped when unlimited),
/// system.cgroup.cpu.usage (percent of one CPU), system.cgroup.cpu.throttled (percent of
/// the interval), system.cgroup.cpu.throttled_periods (count), tag cgroup.
void report_cgroup(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

} // namespace pm::collect
