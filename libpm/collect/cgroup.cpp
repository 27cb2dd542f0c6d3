// The cgroup family.
#include "libpm/collect/cgroup.hpp"

#include "libpm/collect/scan.hpp"

namespace pm::collect {

namespace {

enum CgroupField : std::size_t { f_usage_usec, f_throttled_usec, f_nr_throttled, k_cgroup_fields };

/// Where cgroup2 is mounted ("/sys/fs/cgroup", or ".../unified" on hybrid systems).
std::optional<std::string> cgroup2_mount(std::string_view mounts) {
  Scanner scanner(mounts);
  while (!scanner.at_end()) {
    scanner.token();
    std::string_view point = scanner.token();
    std::string_view type = scanner.token();
    scanner.next_line();
    if (type == "cgroup2")
      return std::string(point);
  }
  return std::nullopt;
}

/// The group of the "0::" line of /proc/self/cgroup under the cgroup2 mount.
std::optional<CgroupDir> cgroup_dir(const ProcFs& fs, std::string_view mounts, std::string_view cgroup) {
  auto mount = cgroup2_mount(mounts);
  if (!mount)
    return std::nullopt;
  Scanner scanner(cgroup);
  while (!scanner.at_end()) {
    std::string_view line = scanner.line();
    if (line.substr(0, 3) != "0::")
      continue;
    CgroupDir dir;
    dir.path = std::string(line.substr(3));
    if (dir.path.empty() || dir.path.front() != '/')
      return std::nullopt;
    dir.directory = fs.map_path(*mount);
    if (dir.path != "/")
      dir.directory += dir.path;
    return dir;
  }
  return std::nullopt;
}

/// find_cgroup through the reading pass's cache of /proc files.
std::optional<CgroupDir> find_cgroup(Reader& reader) {
  auto mounts = reader.proc("self/mounts");
  auto cgroup = reader.proc("self/cgroup");
  if (!mounts || !cgroup)
    return std::nullopt;
  return cgroup_dir(reader.fs(), *mounts, *cgroup);
}

} // namespace

std::optional<CgroupDir> find_cgroup(const ProcFs& fs) {
  std::string mounts;
  std::string cgroup;
  if (!fs.read_proc("self/mounts", mounts) || !fs.read_proc("self/cgroup", cgroup))
    return std::nullopt;
  return cgroup_dir(fs, mounts, cgroup);
}

bool cgroup_available(const ProcFs& fs) {
  auto dir = find_cgroup(fs);
  if (!dir)
    return false;
  std::string buffer;
  return read_whole_file((dir->directory + "/cpu.stat").c_str(), buffer) ||
         read_whole_file((dir->directory + "/memory.current").c_str(), buffer);
}

void read_cgroup(Reader& reader, Counters& out) {
  out.clear();
  auto dir = find_cgroup(reader);
  std::string& text = reader.scratch();
  if (!dir || !read_whole_file((dir->directory + "/cpu.stat").c_str(), text))
    return;
  CounterRow row{"cpu", std::vector<std::uint64_t>(k_cgroup_fields, k_unknown)};
  if (auto value = find_line_value(text, "usage_usec"))
    row.values[f_usage_usec] = *value;
  if (auto value = find_line_value(text, "throttled_usec"))
    row.values[f_throttled_usec] = *value;
  if (auto value = find_line_value(text, "nr_throttled"))
    row.values[f_nr_throttled] = *value;
  out.push_back(std::move(row));
}

void report_cgroup(Reader& reader, const Counters& current, const Span& span, Emitter& emitter) {
  auto dir = find_cgroup(reader);
  if (!dir)
    return;
  const std::initializer_list<Tag> tags{{"cgroup", dir->path}};
  std::string& text = reader.scratch();
  if (read_whole_file((dir->directory + "/memory.current").c_str(), text))
    if (auto value = parse_u64(text))
      emitter.emit("system.cgroup.memory.current", static_cast<double>(*value), "bytes", tags);
  if (read_whole_file((dir->directory + "/memory.max").c_str(), text))
    if (auto value = parse_u64(text)) // "max" (no limit) is not a number: skipped
      emitter.emit("system.cgroup.memory.max", static_cast<double>(*value), "bytes", tags);

  if (current.empty() || current[0].values.size() != k_cgroup_fields)
    return;
  const CounterRow& now = current[0];
  if (now.values[f_nr_throttled] != k_unknown)
    emitter.emit("system.cgroup.cpu.throttled_periods", static_cast<double>(now.values[f_nr_throttled]), "count",
                 tags);
  const CounterRow* before = find_row(span.previous, "cpu", 0);
  if (!before || before->values.size() != k_cgroup_fields)
    return;
  // usec of CPU per second of interval: 1e6 is one CPU, i.e. 100 %.
  if (auto r = span.rate(before->values[f_usage_usec], now.values[f_usage_usec], emitter, "cgroup usage_usec"))
    emitter.emit("system.cgroup.cpu.usage", *r / 1e4, "percent", tags);
  if (auto r = span.rate(before->values[f_throttled_usec], now.values[f_throttled_usec], emitter,
                         "cgroup throttled_usec"))
    emitter.emit("system.cgroup.cpu.throttled", *r / 1e4, "percent", tags);
}

} // namespace pm::collect
