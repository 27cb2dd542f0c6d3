// The system and pressure families: uptime and kernel activity, pressure stall information.
#pragma once

#include "libpm/collect/collector.hpp"

namespace pm::collect {

bool system_available(const ProcFs& fs);
/// One row "kernel": context switches, interrupts, forks since boot (from /proc/stat).
void read_system(Reader& reader, Counters& out);
/// system.uptime (seconds, /proc/uptime), system.context_switches (switches/s),
/// system.interrupts (interrupts/s), system.forks (forks/s).
void report_system(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

bool pressure_available(const ProcFs& fs);
/// system.pressure.<cpu|memory|io>.<some|full>_<avg10|avg60> (percent) from /proc/pressure;
/// a resource or line the kernel lacks ("full" for cpu before 5.13) is skipped.
void report_pressure(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

} // namespace pm::collect
