// The disk family: /proc/diskstats per whole block device.
#pragma once

#include "libpm/collect/collector.hpp"

namespace pm::collect {

bool disk_available(const ProcFs& fs);
/// One row per whole block device (present in <sys>/block; loop and ram devices skipped):
/// reads, sectors read, writes, sectors written, ms doing I/O.
void read_disk(Reader& reader, Counters& out);
/// system.disk.{read_bytes,write_bytes} (bytes/s), {reads,writes} (ops/s), busy (percent
/// of the interval with I/O in flight), tag device.
void report_disk(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

} // namespace pm::collect
