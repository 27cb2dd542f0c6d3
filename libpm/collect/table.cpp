// The terminal view of pm-sample.
#include "libpm/collect/table.hpp"

#include "libpm/util/strings.hpp"

#include <cstdio>
#include <ctime>

namespace pm::collect {

namespace {

std::string_view tag_value(std::initializer_list<Tag> tags, std::string_view key) {
  for (const Tag& tag : tags)
    if (tag.key == key)
      return tag.value;
  return {};
}

void add(std::optional<double>& sum, double value) { sum = sum.value_or(0) + value; }

void append_cell(std::string& out, const std::optional<double>& value, int width, const char* format) {
  char text[32];
  if (!value)
    std::snprintf(text, sizeof text, "%*s", width, "-");
  else
    std::snprintf(text, sizeof text, format, width, *value);
  out += text;
}

void append_rate(std::string& out, const std::optional<double>& value, int width) {
  char text[32];
  std::snprintf(text, sizeof text, "%*s", width, value ? util::human_number(*value, 1024).c_str() : "-");
  out += text;
}

} // namespace

void TableView::observe(std::string_view name, double value, std::initializer_list<Tag> tags) {
  if (name.starts_with("system.cpu.")) {
    if (tag_value(tags, "cpu") != "total")
      return; // per core: the line shows all CPUs together
    std::string_view measure = name.substr(11);
    if (measure == "usage")
      m_sample.cpu_use = value;
    else if (measure == "user")
      m_sample.cpu_user = value;
    else if (measure == "system")
      m_sample.cpu_system = value;
    else if (measure == "iowait")
      m_sample.cpu_iowait = value;
  } else if (name == "system.memory.usage") {
    m_sample.memory = value;
  } else if (name == "system.load.1m") {
    m_sample.load = value;
  } else if (name == "system.disk.read_bytes") {
    add(m_sample.disk_read, value);
  } else if (name == "system.disk.write_bytes") {
    add(m_sample.disk_write, value);
  } else if (name == "system.network.rx_bytes" || name == "system.network.tx_bytes") {
    if (tag_value(tags, "interface") == "lo")
      return; // loopback traffic never leaves the machine
    add(name == "system.network.rx_bytes" ? m_sample.net_receive : m_sample.net_send, value);
  }
}

void TableView::finish_sample(time::TimePoint ts, std::string& out) {
  if (!m_header_done) {
    out += "          ------- cpu % --------               -- disk B/s --  -- net B/s ---\n";
    out += "time       use  user   sys  wait  mem %  load    read   write    recv    send\n";
    m_header_done = true;
  }
  std::time_t seconds = std::chrono::duration_cast<std::chrono::seconds>(ts.time_since_epoch()).count();
  std::tm local{};
  ::localtime_r(&seconds, &local);
  char clock[16];
  std::strftime(clock, sizeof clock, "%H:%M:%S", &local);
  out += clock;
  append_cell(out, m_sample.cpu_use, 6, "%*.1f");
  append_cell(out, m_sample.cpu_user, 6, "%*.1f");
  append_cell(out, m_sample.cpu_system, 6, "%*.1f");
  append_cell(out, m_sample.cpu_iowait, 6, "%*.1f");
  append_cell(out, m_sample.memory, 7, "%*.1f");
  append_cell(out, m_sample.load, 6, "%*.2f");
  append_rate(out, m_sample.disk_read, 8);
  append_rate(out, m_sample.disk_write, 8);
  append_rate(out, m_sample.net_receive, 8);
  append_rate(out, m_sample.net_send, 8);
  out += '\n';
  m_sample = Figures{};
}

} // namespace pm::collect
