// The system and pressure families.
#include "libpm/collect/kernel.hpp"

#include "libpm/collect/scan.hpp"

#include <array>

namespace pm::collect {

namespace {

enum KernelField : std::size_t { f_context_switches, f_interrupts, f_forks, k_kernel_fields };

} // namespace

bool system_available(const ProcFs& fs) { return fs.proc_exists("stat") || fs.proc_exists("uptime"); }

void read_system(Reader& reader, Counters& out) {
  out.clear();
  auto text = reader.proc("stat");
  if (!text)
    return;
  CounterRow row{"kernel", std::vector<std::uint64_t>(k_kernel_fields, k_unknown)};
  if (auto value = find_line_value(*text, "ctxt"))
    row.values[f_context_switches] = *value;
  if (auto value = find_line_value(*text, "intr")) // the first number is the total
    row.values[f_interrupts] = *value;
  if (auto value = find_line_value(*text, "processes"))
    row.values[f_forks] = *value;
  out.push_back(std::move(row));
}

void report_system(Reader& reader, const Counters& current, const Span& span, Emitter& emitter) {
  if (auto text = reader.proc("uptime")) {
    Scanner scanner(*text);
    if (auto uptime = scanner.decimal())
      emitter.emit("system.uptime", *uptime, "seconds");
  }
  if (current.empty() || current[0].values.size() != k_kernel_fields)
    return;
  const CounterRow* before = find_row(span.previous, "kernel", 0);
  if (!before || before->values.size() != k_kernel_fields)
    return;
  static constexpr std::array<std::string_view, k_kernel_fields> k_names{"system.context_switches",
                                                                          "system.interrupts", "system.forks"};
  static constexpr std::array<std::string_view, k_kernel_fields> k_units{"switches/s", "interrupts/s", "forks/s"};
  for (std::size_t field = 0; field < k_kernel_fields; ++field)
    if (auto r = span.rate(before->values[field], current[0].values[field], emitter, k_names[field]))
      emitter.emit(k_names[field], *r, k_units[field]);
}

bool pressure_available(const ProcFs& fs) { return fs.proc_exists("pressure"); }

void report_pressure(Reader& reader, const Counters&, const Span&, Emitter& emitter) {
  static constexpr std::array<std::string_view, 3> k_resources{"cpu", "memory", "io"};
  std::string& text = reader.scratch();
  std::string name;
  for (std::string_view resource : k_resources) {
    std::string relative = "pressure/";
    relative += resource;
    if (!reader.fs().read_proc(relative, text))
      continue;
    Scanner scanner(text);
    while (!scanner.at_end()) {
      std::string_view line = scanner.line();
      Scanner words(line);
      std::string_view kind = words.token(); // "some" or "full"
      if (kind != "some" && kind != "full")
        continue;
      for (std::string_view window : {std::string_view("avg10"), std::string_view("avg60")}) {
        auto value = find_assignment(line, window);
        if (!value)
          continue;
        name = "system.pressure.";
        name += resource;
        name += '.';
        name += kind;
        name += '_';
        name += window;
        emitter.emit(name, *value, "percent");
      }
    }
  }
}

} // namespace pm::collect
