// The registry of collector families: one row each, in output order.
#include "libpm/collect/cgroup.hpp"
#include "libpm/collect/collector.hpp"
#include "libpm/collect/cpu.hpp"
#include "libpm/collect/disk.hpp"
#include "libpm/collect/filesystem.hpp"
#include "libpm/collect/kernel.hpp"
#include "libpm/collect/memory.hpp"
#include "libpm/collect/network.hpp"
#include "libpm/collect/processes.hpp"

namespace pm::collect {

const std::vector<Collector>& registry() {
  static const std::vector<Collector> k_rows{
      {"cpu", "CPU time by kind, total and per core, as % of the interval (/proc/stat)", cpu_available, read_cpu,
       report_cpu},
      {"load", "load averages over 1, 5 and 15 minutes (/proc/loadavg)", load_available, nullptr, report_load},
      {"memory", "memory and swap as procps free shows them (/proc/meminfo)", memory_available, nullptr,
       report_memory},
      {"disk", "I/O per whole block device (/proc/diskstats)", disk_available, read_disk, report_disk},
      {"filesystem", "size, use and inodes of real mounts as df shows them (statvfs)", filesystem_available,
       nullptr, report_filesystem},
      {"network", "traffic, errors and drops per interface (/proc/net/dev)", network_available, read_network,
       report_network},
      {"tcp", "TCP connections by state (/proc/net/tcp, /proc/net/tcp6)", tcp_available, nullptr, report_tcp},
      {"processes", "process and thread counts; per process with --process", processes_available, read_processes,
       report_processes},
      {"system", "uptime, context switches, interrupts and forks (/proc/uptime, /proc/stat)", system_available,
       read_system, report_system},
      {"pressure", "pressure stall information for cpu, memory and io (/proc/pressure)", pressure_available, nullptr,
       report_pressure},
      {"cgroup", "memory and CPU of the cgroup v2 group pm-sample runs in", cgroup_available, read_cgroup,
       report_cgroup},
  };
  return k_rows;
}

const Collector* find_collector(std::string_view name) {
  for (const auto& row : registry())
    if (row.name == name)
      return &row;
  return nullptr;
}

} // namespace pm::collect
