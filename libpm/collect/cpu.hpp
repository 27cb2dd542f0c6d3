// The cpu and load families: /proc/stat jiffies as % of the interval, /proc/loadavg.
#pragma once

#include "libpm/collect/collector.hpp"

namespace pm::collect {

bool cpu_available(const ProcFs& fs);
/// One row per "cpu" line of /proc/stat: id "total" or the core number; values user, nice,
/// system, idle, iowait, irq, softirq, steal (k_unknown for fields an old kernel lacks).
void read_cpu(Reader& reader, Counters& out);
/// system.cpu.{usage,user,system,iowait,steal,idle} in percent of the interval, tag cpu.
void report_cpu(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

bool load_available(const ProcFs& fs);
/// system.load.{1m,5m,15m} from /proc/loadavg.
void report_load(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

} // namespace pm::collect
