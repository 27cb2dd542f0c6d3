// The disk family.
#include "libpm/collect/disk.hpp"

#include "libpm/collect/scan.hpp"

#include <algorithm>

namespace pm::collect {

namespace {

enum DiskField : std::size_t { f_reads, f_read_sectors, f_writes, f_write_sectors, f_io_ms, k_disk_fields };

/// /proc/diskstats counts 512-byte sectors whatever the device's own sector size.
constexpr double k_sector_bytes = 512;

bool is_whole_device(const ProcFs& fs, bool have_sys_block, std::string_view name) {
  if (name.substr(0, 4) == "loop" || name.substr(0, 3) == "ram")
    return false;
  if (!have_sys_block)
    return true;
  // Partitions have no entry of their own in /sys/block; sysfs spells '/' as '!'.
  std::string entry = "block/";
  for (char c : name)
    entry += c == '/' ? '!' : c;
  return fs.sys_exists(entry);
}

} // namespace

bool disk_available(const ProcFs& fs) { return fs.proc_exists("diskstats"); }

void read_disk(Reader& reader, Counters& out) {
  out.clear();
  auto text = reader.proc("diskstats");
  if (!text)
    return;
  const bool have_sys_block = reader.fs().sys_exists("block");
  Scanner scanner(*text);
  while (!scanner.at_end()) {
    scanner.skip_tokens(2); // major, minor
    std::string_view name = scanner.token();
    // reads merged sectors ms_reading writes merged sectors ms_writing in_flight ms_io
    std::uint64_t field[10];
    int got = 0;
    for (; got < 10; ++got) {
      auto value = scanner.number();
      if (!value)
        break;
      field[got] = *value;
    }
    scanner.next_line();
    if (got < 10 || name.empty() || !is_whole_device(reader.fs(), have_sys_block, name))
      continue;
    CounterRow row;
    row.id = std::string(name);
    row.values = {field[0], field[2], field[4], field[6], field[9]};
    out.push_back(std::move(row));
  }
}

void report_disk(Reader&, const Counters& current, const Span& span, Emitter& emitter) {
  if (!span.previous)
    return;
  for (std::size_t index = 0; index < current.size(); ++index) {
    const CounterRow& now = current[index];
    const CounterRow* before = find_row(span.previous, now.id, index);
    if (!before || before->values.size() != k_disk_fields)
      continue;
    const Tag tag{"device", now.id};
    auto rate = [&](DiskField field) {
      return span.rate(before->values[field], now.values[field], emitter, "disk " + now.id);
    };
    if (auto r = rate(f_read_sectors))
      emitter.emit("system.disk.read_bytes", *r * k_sector_bytes, "bytes/s", {tag});
    if (auto r = rate(f_write_sectors))
      emitter.emit("system.disk.write_bytes", *r * k_sector_bytes, "bytes/s", {tag});
    if (auto r = rate(f_reads))
      emitter.emit("system.disk.reads", *r, "ops/s", {tag});
    if (auto r = rate(f_writes))
      emitter.emit("system.disk.writes", *r, "ops/s", {tag});
    // ms with I/O in flight per second of interval, as a percent (as iostat's %util).
    if (auto r = rate(f_io_ms))
      emitter.emit("system.disk.busy", std::min(100.0, *r / 10.0), "percent", {tag});
  }
}

} // namespace pm::collect
