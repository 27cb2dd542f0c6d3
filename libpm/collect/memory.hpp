// The memory family: /proc/meminfo as procps `free` reads it, and swap.
#pragma once

#include "libpm/collect/collector.hpp"

namespace pm::collect {

bool memory_available(const ProcFs& fs);
/// system.memory.{total,available,used,free,usage} and system.swap.{total,used,free,usage}.
/// used = total - available (procps `free`); usage = used / total in percent. A kernel
/// without MemAvailable (before 3.14) gets total and free only.
void report_memory(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

} // namespace pm::collect
