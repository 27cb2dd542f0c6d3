// The memory family.
#include "libpm/collect/memory.hpp"

#include "libpm/collect/scan.hpp"

namespace pm::collect {

bool memory_available(const ProcFs& fs) { return fs.proc_exists("meminfo"); }

void report_memory(Reader& reader, const Counters&, const Span&, Emitter& emitter) {
  auto text = reader.proc("meminfo");
  if (!text)
    return;
  auto total = find_keyed_value(*text, "MemTotal");
  auto available = find_keyed_value(*text, "MemAvailable");
  auto free = find_keyed_value(*text, "MemFree");
  if (total) {
    emitter.emit("system.memory.total", static_cast<double>(*total), "bytes");
    if (available && *available <= *total) {
      double used = static_cast<double>(*total - *available);
      emitter.emit("system.memory.available", static_cast<double>(*available), "bytes");
      emitter.emit("system.memory.used", used, "bytes");
      if (*total > 0)
        emitter.emit("system.memory.usage", used * 100.0 / static_cast<double>(*total), "percent");
    }
  }
  if (free)
    emitter.emit("system.memory.free", static_cast<double>(*free), "bytes");

  auto swap_total = find_keyed_value(*text, "SwapTotal");
  auto swap_free = find_keyed_value(*text, "SwapFree");
  if (swap_total && swap_free && *swap_free <= *swap_total) {
    double used = static_cast<double>(*swap_total - *swap_free);
    emitter.emit("system.swap.total", static_cast<double>(*swap_total), "bytes");
    emitter.emit("system.swap.used", used, "bytes");
    emitter.emit("system.swap.free", static_cast<double>(*swap_free), "bytes");
    // No swap configured: usage is 0, not a division by zero.
    emitter.emit("system.swap.usage", *swap_total > 0 ? used * 100.0 / static_cast<double>(*swap_total) : 0.0,
                 "percent");
  }
}

} // namespace pm::collect
