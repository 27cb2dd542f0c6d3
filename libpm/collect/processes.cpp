// The processes family.
#include "libpm/collect/processes.hpp"

#include "libpm/collect/scan.hpp"

#include <algorithm>
#include <dirent.h>
#include <unistd.h>

namespace pm::collect {

namespace {

/// The fields of /proc/PID/stat after the command name that this family uses.
struct ProcStat {
  std::string comm;
  std::uint64_t cpu_ticks = 0;
  std::uint64_t threads = 0;
  std::uint64_t start_time = 0;
  std::uint64_t rss_pages = 0;
};

bool read_proc_stat(const ProcFs& fs, int pid, std::string& buffer, ProcStat& out) {
  std::string relative = std::to_string(pid) + "/stat";
  if (!fs.read_proc(relative, buffer))
    return false;
  // The command name is in parentheses and may itself hold ')' or blanks: use the last ')'.
  auto open = buffer.find('(');
  auto close = buffer.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open)
    return false;
  out.comm.assign(buffer, open + 1, close - open - 1);
  Scanner scanner(std::string_view(buffer).substr(close + 1));
  scanner.token(); // state (field 3)
  std::uint64_t field[20];
  for (int i = 0; i < 19; ++i) { // fields 4..22
    auto value = scanner.number();
    if (!value) {
      // ppid..: all numeric; a negative value (tpgid -1) is read as a token instead.
      std::string_view token = scanner.token();
      if (token.empty())
        return false;
      field[i] = 0;
      continue;
    }
    field[i] = *value;
  }
  auto rss = scanner.number(); // field 23 is vsize, 24 rss
  rss = scanner.number();
  out.cpu_ticks = field[10] + field[11]; // utime (14) + stime (15)
  out.threads = field[16];               // num_threads (20)
  out.start_time = field[18];            // starttime (22)
  out.rss_pages = rss ? *rss : k_unknown;
  return true;
}

std::uint64_t count_entries(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (!dir)
    return k_unknown;
  std::uint64_t count = 0;
  while (const dirent* entry = ::readdir(dir))
    if (entry->d_name[0] != '.')
      ++count;
  ::closedir(dir);
  return count;
}

bool is_number(std::string_view text) {
  if (text.empty())
    return false;
  for (char c : text)
    if (c < '0' || c > '9')
      return false;
  return true;
}

enum ProcessField : std::size_t { f_ticks, f_read_bytes, f_write_bytes, k_process_fields };

} // namespace

std::size_t count_pids(const ProcFs& fs) {
  DIR* dir = ::opendir(fs.proc_root().c_str());
  if (!dir)
    return 0;
  std::size_t count = 0;
  while (const dirent* entry = ::readdir(dir))
    count += is_number(entry->d_name);
  ::closedir(dir);
  return count;
}

std::vector<int> list_pids(const ProcFs& fs) {
  std::vector<int> pids;
  DIR* dir = ::opendir(fs.proc_root().c_str());
  if (!dir)
    return pids;
  while (const dirent* entry = ::readdir(dir)) {
    std::string_view name(entry->d_name);
    if (is_number(name) && name.size() < 10)
      pids.push_back(std::stoi(std::string(name)));
  }
  ::closedir(dir);
  return pids;
}

std::vector<int> match_processes(const ProcFs& fs, const std::vector<std::string>& selectors,
                                 std::vector<std::string>& unmatched) {
  std::vector<int> matched;
  unmatched.clear();
  std::vector<bool> found(selectors.size(), false);
  std::vector<int> all;
  bool by_name = false;
  for (std::size_t i = 0; i < selectors.size(); ++i) {
    if (is_number(selectors[i]) && selectors[i].size() < 10) {
      int pid = std::stoi(selectors[i]);
      if (fs.proc_exists(selectors[i] + "/stat")) {
        matched.push_back(pid);
        found[i] = true;
      }
    } else {
      by_name = true;
    }
  }
  if (by_name) {
    std::string comm;
    for (int pid : list_pids(fs)) {
      if (!fs.read_proc(std::to_string(pid) + "/comm", comm))
        continue;
      while (!comm.empty() && comm.back() == '\n')
        comm.pop_back();
      for (std::size_t i = 0; i < selectors.size(); ++i) {
        const std::string& name = selectors[i];
        if (is_number(name))
          continue;
        // The kernel keeps only the first 15 bytes of a command name.
        if (comm == name || (name.size() > 15 && comm == std::string_view(name).substr(0, 15))) {
          found[i] = true;
          if (std::find(matched.begin(), matched.end(), pid) == matched.end())
            matched.push_back(pid);
        }
      }
    }
  }
  for (std::size_t i = 0; i < selectors.size(); ++i)
    if (!found[i])
      unmatched.push_back(selectors[i]);
  return matched;
}

bool processes_available(const ProcFs& fs) { return fs.proc_exists("stat"); }

void read_processes(Reader& reader, Counters& out) {
  out.clear();
  if (reader.settings().processes.empty())
    return;
  std::vector<std::string> unmatched;
  std::string& buffer = reader.scratch();
  for (int pid : match_processes(reader.fs(), reader.settings().processes, unmatched)) {
    ProcStat stat;
    if (!read_proc_stat(reader.fs(), pid, buffer, stat))
      continue; // it ended meanwhile
    CounterRow row;
    row.id = std::to_string(pid) + ':' + std::to_string(stat.start_time);
    row.values.assign(k_process_fields, k_unknown);
    row.values[f_ticks] = stat.cpu_ticks;
    if (reader.fs().read_proc(std::to_string(pid) + "/io", buffer)) {
      if (auto value = find_keyed_value(buffer, "read_bytes"))
        row.values[f_read_bytes] = *value;
      if (auto value = find_keyed_value(buffer, "write_bytes"))
        row.values[f_write_bytes] = *value;
    }
    out.push_back(std::move(row));
  }
}

void report_processes(Reader& reader, const Counters& current, const Span& span, Emitter& emitter) {
  emitter.emit("system.processes.total", static_cast<double>(count_pids(reader.fs())), "count");
  if (auto stat = reader.proc("stat")) {
    if (auto running = find_line_value(*stat, "procs_running"))
      emitter.emit("system.processes.running", static_cast<double>(*running), "count");
    if (auto blocked = find_line_value(*stat, "procs_blocked"))
      emitter.emit("system.processes.blocked", static_cast<double>(*blocked), "count");
  }
  // The fourth field of loadavg, "running/total", counts every thread in the system.
  if (auto loadavg = reader.proc("loadavg")) {
    Scanner scanner(*loadavg);
    scanner.skip_tokens(3);
    std::string_view entities = scanner.token();
    auto slash = entities.find('/');
    if (slash != std::string_view::npos)
      if (auto threads = parse_u64(entities.substr(slash + 1)))
        emitter.emit("system.processes.threads", static_cast<double>(*threads), "count");
  }

  const Settings& settings = reader.settings();
  if (settings.processes.empty())
    return;
  std::vector<std::string> unmatched;
  match_processes(reader.fs(), settings.processes, unmatched);
  for (const auto& name : unmatched)
    emitter.note("no process matches \"" + name + "\"");

  static const double k_ticks_per_second = static_cast<double>(::sysconf(_SC_CLK_TCK));
  static const double k_page_size = static_cast<double>(::sysconf(_SC_PAGESIZE));
  std::string& buffer = reader.scratch();
  for (std::size_t index = 0; index < current.size(); ++index) {
    const CounterRow& now = current[index];
    std::string pid(now.id.substr(0, now.id.find(':')));
    ProcStat stat;
    if (!read_proc_stat(reader.fs(), std::stoi(pid), buffer, stat))
      continue;
    const std::initializer_list<Tag> tags{{"pid", pid}, {"process", stat.comm}};
    const CounterRow* before = find_row(span.previous, now.id, index);
    if (before && before->values.size() == k_process_fields) {
      if (auto ticks = span.rate(before->values[f_ticks], now.values[f_ticks], emitter, "process " + pid))
        emitter.emit("system.process.cpu", *ticks / k_ticks_per_second * 100.0, "percent", tags);
    }
    if (stat.rss_pages != k_unknown)
      emitter.emit("system.process.rss", static_cast<double>(stat.rss_pages) * k_page_size, "bytes", tags);
    if (before && before->values.size() == k_process_fields) {
      if (auto r = span.rate(before->values[f_read_bytes], now.values[f_read_bytes], emitter, "process " + pid))
        emitter.emit("system.process.read_bytes", *r, "bytes/s", tags);
      if (auto r = span.rate(before->values[f_write_bytes], now.values[f_write_bytes], emitter, "process " + pid))
        emitter.emit("system.process.write_bytes", *r, "bytes/s", tags);
    }
    std::uint64_t open_files = count_entries(reader.fs().proc_path(pid + "/fd"));
    if (open_files != k_unknown)
      emitter.emit("system.process.open_files", static_cast<double>(open_files), "count", tags);
  }
}

} // namespace pm::collect
