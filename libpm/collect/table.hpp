// pm-sample's view for people: one line per sample of the figures vmstat shows, 80 columns.
#pragma once

#include "libpm/collect/emitter.hpp"
#include "libpm/time/time.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pm::collect {

/// Folds one sample's records into the line a person watches: CPU (use, user, system,
/// iowait %, all CPUs), memory used %, load (1 min), disk read/write bytes/s summed over
/// whole devices, network receive/send bytes/s summed over interfaces but `lo`. A figure
/// the sample lacks (no previous reading for a rate, a kernel without the file) is "-".
/// Lines are 77 columns wide; the two header lines come before the first sample.
class TableView {
public:
  /// Takes one record of the current sample (an Emitter observer).
  void observe(std::string_view name, double value, std::initializer_list<Tag> tags);
  /// Appends the header (before the first sample) and the sample taken at `ts` (shown in
  /// local time, as vmstat -t does), then starts the next sample.
  void finish_sample(time::TimePoint ts, std::string& out);

private:
  struct Figures {
    std::optional<double> cpu_use, cpu_user, cpu_system, cpu_iowait, memory, load;
    std::optional<double> disk_read, disk_write, net_receive, net_send;
  };
  Figures m_sample;
  bool m_header_done = false;
};

} // namespace pm::collect
