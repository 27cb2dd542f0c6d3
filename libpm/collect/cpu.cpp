// The cpu and load families.
#include "libpm/collect/cpu.hpp"

#include "libpm/collect/scan.hpp"

#include <array>

namespace pm::collect {

namespace {

// Columns of a cpu line of /proc/stat, in order.
enum CpuField : std::size_t { f_user, f_nice, f_system, f_idle, f_iowait, f_irq, f_softirq, f_steal, k_cpu_fields };

} // namespace

bool cpu_available(const ProcFs& fs) { return fs.proc_exists("stat"); }

void read_cpu(Reader& reader, Counters& out) {
  out.clear();
  auto text = reader.proc("stat");
  if (!text)
    return;
  Scanner scanner(*text);
  while (!scanner.at_end()) {
    std::string_view label = scanner.token();
    if (label.size() < 3 || label.substr(0, 3) != "cpu")
      break; // the cpu lines come first
    CounterRow row;
    row.id = label.size() == 3 ? std::string("total") : std::string(label.substr(3));
    row.values.assign(k_cpu_fields, k_unknown);
    for (std::size_t field = 0; field < k_cpu_fields; ++field) {
      auto value = scanner.number();
      if (!value)
        break;
      row.values[field] = *value;
    }
    scanner.next_line();
    if (row.values[f_idle] != k_unknown)
      out.push_back(std::move(row));
  }
}

void report_cpu(Reader&, const Counters& current, const Span& span, Emitter& emitter) {
  if (!span.previous)
    return;
  for (std::size_t index = 0; index < current.size(); ++index) {
    const CounterRow& now = current[index];
    const CounterRow* before = find_row(span.previous, now.id, index);
    if (!before || before->values.size() != now.values.size())
      continue;
    // Per-field deltas; a field that went backwards (iowait does on some kernels) counts 0.
    std::array<double, k_cpu_fields> delta{};
    std::array<bool, k_cpu_fields> known{};
    double total = 0;
    for (std::size_t field = 0; field < k_cpu_fields; ++field) {
      known[field] = now.values[field] != k_unknown && before->values[field] != k_unknown;
      if (!known[field])
        continue;
      if (now.values[field] > before->values[field])
        delta[field] = static_cast<double>(now.values[field] - before->values[field]);
      total += delta[field];
    }
    if (total <= 0)
      continue; // no tick elapsed: nothing to divide by
    auto percent = [&](double ticks) { return ticks * 100.0 / total; };
    const Tag tag{"cpu", now.id};
    emitter.emit("system.cpu.usage", 100.0 - percent(delta[f_idle] + delta[f_iowait]), "percent", {tag});
    emitter.emit("system.cpu.user", percent(delta[f_user] + delta[f_nice]), "percent", {tag});
    emitter.emit("system.cpu.system", percent(delta[f_system] + delta[f_irq] + delta[f_softirq]), "percent", {tag});
    if (known[f_iowait])
      emitter.emit("system.cpu.iowait", percent(delta[f_iowait]), "percent", {tag});
    if (known[f_steal])
      emitter.emit("system.cpu.steal", percent(delta[f_steal]), "percent", {tag});
    emitter.emit("system.cpu.idle", percent(delta[f_idle]), "percent", {tag});
  }
}

bool load_available(const ProcFs& fs) { return fs.proc_exists("loadavg"); }

void report_load(Reader& reader, const Counters&, const Span&, Emitter& emitter) {
  auto text = reader.proc("loadavg");
  if (!text)
    return;
  static constexpr std::array<std::string_view, 3> k_names{"system.load.1m", "system.load.5m", "system.load.15m"};
  Scanner scanner(*text);
  for (std::string_view name : k_names) {
    auto value = scanner.decimal();
    if (!value)
      return;
    emitter.emit(name, *value, "");
  }
}

} // namespace pm::collect
