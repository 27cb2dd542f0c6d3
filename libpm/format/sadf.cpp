// Parser of sysstat's `sadf -j` JSON: one document streamed line by line, a record per figure.
#include "libpm/format/sadf.hpp"

#include "libpm/format/text.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/strings.hpp"

#include <date/date.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <ctime>
#include <initializer_list>
#include <optional>

namespace pm::format {

namespace {

using nlohmann::json;

constexpr std::size_t k_max_depth = 64; // sadf nests 8 deep; a bound for every recursion over an entry
constexpr double k_kib = 1024; // sadf writes memory, disk and network figures in kB (KiB)

// A JSON number as RFC 8259 writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t from = i;
    while (i < s.size() && detail::is_digit(s[i]))
      ++i;
    return i > from;
  };
  if (i < s.size() && s[i] == '-')
    ++i;
  if (i < s.size() && s[i] == '0')
    ++i;
  else if (!digits())
    return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits())
      return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
      ++i;
    if (!digits())
      return false;
  }
  return i == s.size();
}

bool is_literal_char(char c) { return detail::is_alpha(c) || detail::is_digit(c) || c == '+' || c == '-' || c == '.'; }

using TagList = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// Turns one statistics entry into records; the mapping of the README's sadf table.
class EntryMapper {
public:
  EntryMapper(const json& entry, std::string_view host, std::vector<record::Record>& out)
      : m_entry(entry), m_host(host), m_out(out) {}

  bool run(std::string& error) {
    if (!read_time(error))
      return false;
    for (const char* block : {"cpu-load", "cpu-load-all"})
      if (auto* cpus = array(block))
        for (const auto& cpu : *cpus)
          if (!map_cpu(cpu))
            return fail(error);
    if (!map_queue() || !map_memory() || !map_disks() || !map_network() || !map_kernel() || !map_psi())
      return fail(error);
    return true;
  }

private:
  bool fail(std::string& error) {
    error = "sadf sample at " + m_when + ": " + m_error;
    return false;
  }

  bool read_time(std::string& error) {
    auto it = m_entry.find("timestamp");
    if (it == m_entry.end() || !it->is_object()) {
      error = "sadf statistics entry without a \"timestamp\" object";
      return false;
    }
    const json& stamp = *it;
    auto date = stamp.find("date");
    auto clock = stamp.find("time");
    auto utc = stamp.find("utc");
    if (date == stamp.end() || !date->is_string() || clock == stamp.end() || !clock->is_string()) {
      error = "sadf \"timestamp\" needs \"date\" and \"time\" strings";
      return false;
    }
    m_when = date->get<std::string>() + " " + clock->get<std::string>();
    bool in_utc = utc == stamp.end() || (utc->is_number() && utc->get<double>() != 0);
    if (utc != stamp.end() && !utc->is_number()) {
      error = "sadf sample at " + m_when + ": \"utc\" must be 0 or 1, got " + std::string(utc->type_name());
      return false;
    }
    auto parsed = time::parse_timestamp(date->get<std::string>() + "T" + clock->get<std::string>() + "Z");
    if (!parsed) {
      error = "sadf sample at " + m_when + ": " + parsed.error();
      return false;
    }
    m_ts = *parsed;
    if (!in_utc) {
      // `sadf -T`/`-t` wrote local time: read it in this process's zone (TZ), as sadf did.
      auto days = std::chrono::floor<std::chrono::days>(m_ts);
      date::year_month_day ymd{days};
      auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m_ts - days).count();
      std::tm tm{};
      tm.tm_year = static_cast<int>(ymd.year()) - 1900;
      tm.tm_mon = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
      tm.tm_mday = static_cast<int>(static_cast<unsigned>(ymd.day()));
      tm.tm_hour = static_cast<int>(seconds / 3600);
      tm.tm_min = static_cast<int>(seconds / 60 % 60);
      tm.tm_sec = static_cast<int>(seconds % 60);
      tm.tm_isdst = -1;
      std::time_t local = std::mktime(&tm);
      if (local == static_cast<std::time_t>(-1)) {
        error = "sadf sample at " + m_when + ": not a local time in this time zone";
        return false;
      }
      m_ts = time::TimePoint{std::chrono::seconds{local}};
    }
    return true;
  }

  const json* array(const char* key) const {
    auto it = m_entry.find(key);
    return it != m_entry.end() && it->is_array() ? &*it : nullptr;
  }
  const json* object(const json& in, const char* key) const {
    auto it = in.find(key);
    return it != in.end() && it->is_object() ? &*it : nullptr;
  }

  // The number `key` of `in`: nullopt when absent (sysstat versions differ), and false from
  // ok() when present but not a number.
  std::optional<double> number(const json& in, const char* key) {
    auto it = in.find(key);
    if (it == in.end() || it->is_null())
      return std::nullopt;
    if (!it->is_number()) {
      if (m_error.empty())
        m_error = "\"" + std::string(key) + "\" must be a number, got " +
                  (it->is_string() ? util::quote(it->get<std::string>()) : std::string(it->type_name()));
      return std::nullopt;
    }
    return it->get<double>();
  }
  std::string text(const json& in, const char* key) const {
    auto it = in.find(key);
    return it != in.end() && it->is_string() ? it->get<std::string>() : std::string();
  }
  bool ok() const { return m_error.empty(); }

  void emit(std::string_view name, std::optional<double> value, std::string_view unit, TagList tags = {}) {
    if (!value)
      return;
    record::Record& r = m_out.emplace_back();
    r.ts = m_ts;
    r.has_ts = true;
    r.name.assign(name);
    r.value = *value;
    r.has_value = true;
    r.unit.assign(unit);
    if (!m_host.empty())
      r.set_tag("host", std::string(m_host));
    for (const auto& [key, value_text] : tags)
      r.set_tag(std::string(key), std::string(value_text));
  }

  // A sum of sadf figures, rounded to the 2 decimals sadf writes (75.12 + 8.29 is 83.41, not
  // 83.41000000000001).
  static double hundredths(double value) { return std::round(value * 100) / 100; }
  static std::optional<double> sum(std::initializer_list<std::optional<double>> parts) {
    double total = 0;
    for (const auto& part : parts) {
      if (!part)
        return std::nullopt;
      total += *part;
    }
    return hundredths(total);
  }
  static std::optional<double> scaled(std::optional<double> value, double factor) {
    if (!value)
      return std::nullopt;
    return *value * factor;
  }

  bool map_cpu(const json& cpu) {
    if (!cpu.is_object())
      return true;
    std::string id = text(cpu, "cpu");
    if (id.empty())
      return true;
    if (id == "all")
      id = "total";
    // `-u` writes user/system (system with irq and softirq time), `-u ALL` usr/sys/irq/soft
    // and guest apart: pm's user is user + nice (guest included), system is system + irq + softirq.
    std::optional<double> user;
    std::optional<double> system;
    auto nice = number(cpu, "nice");
    if (cpu.contains("usr")) {
      auto guest = cpu.contains("guest") ? number(cpu, "guest") : std::optional<double>(0);
      auto gnice = cpu.contains("gnice") ? number(cpu, "gnice") : std::optional<double>(0);
      user = sum({number(cpu, "usr"), nice, guest, gnice});
      auto irq = cpu.contains("irq") ? number(cpu, "irq") : std::optional<double>(0);
      auto soft = cpu.contains("soft") ? number(cpu, "soft") : std::optional<double>(0);
      system = sum({number(cpu, "sys"), irq, soft});
    } else {
      user = sum({number(cpu, "user"), nice});
      system = number(cpu, "system");
    }
    auto iowait = number(cpu, "iowait");
    auto steal = number(cpu, "steal");
    auto idle = number(cpu, "idle");
    if (!ok())
      return false;
    TagList tags{{"cpu", id}};
    if (idle && iowait)
      emit("system.cpu.usage", hundredths(100.0 - *idle - *iowait), "percent", tags);
    emit("system.cpu.user", user, "percent", tags);
    emit("system.cpu.system", system, "percent", tags);
    emit("system.cpu.iowait", iowait, "percent", tags);
    emit("system.cpu.steal", steal, "percent", tags);
    emit("system.cpu.idle", idle, "percent", tags);
    return true;
  }

  bool map_queue() {
    const json* queue = object(m_entry, "queue");
    if (queue == nullptr)
      return true;
    emit("system.load.1m", number(*queue, "ldavg-1"), "");
    emit("system.load.5m", number(*queue, "ldavg-5"), "");
    emit("system.load.15m", number(*queue, "ldavg-15"), "");
    // plist-sz is loadavg's thread count, as pm-sample's; runq-sz leaves sadc itself out,
    // so it is not pm's processes.running.
    emit("system.processes.threads", number(*queue, "plist-sz"), "count");
    emit("system.processes.blocked", number(*queue, "blocked"), "count");
    return ok();
  }

  bool map_memory() {
    const json* memory = object(m_entry, "memory");
    if (memory == nullptr)
      return true;
    auto free = number(*memory, "memfree");
    auto available = number(*memory, "avail");
    auto used = number(*memory, "memused");
    auto buffers = number(*memory, "buffers");
    auto cached = number(*memory, "cached");
    auto slab = number(*memory, "slab");
    // sysstat's memused is total - free - buffers - cached - slab (clamped at 0), so total is
    // their sum while memused > 0; pm's used is total - available, as free(1) says.
    auto total = used && *used > 0 ? sum({used, free, buffers, cached, slab}) : std::nullopt;
    emit("system.memory.total", scaled(total, k_kib), "bytes");
    emit("system.memory.available", scaled(available, k_kib), "bytes");
    if (total && available && *available <= *total && *total > 0) {
      emit("system.memory.used", (*total - *available) * k_kib, "bytes");
      emit("system.memory.usage", (*total - *available) * 100.0 / *total, "percent");
    }
    emit("system.memory.free", scaled(free, k_kib), "bytes");
    auto swap_free = number(*memory, "swpfree");
    auto swap_used = number(*memory, "swpused");
    if (swap_free && swap_used) {
      double swap_total = *swap_free + *swap_used;
      emit("system.swap.total", swap_total * k_kib, "bytes");
      emit("system.swap.used", *swap_used * k_kib, "bytes");
      emit("system.swap.free", *swap_free * k_kib, "bytes");
      emit("system.swap.usage", swap_total > 0 ? *swap_used * 100.0 / swap_total : 0.0, "percent");
    }
    return ok();
  }

  bool map_disks() {
    const json* disks = array("disk");
    if (disks == nullptr)
      return true;
    for (const auto& disk : *disks) {
      if (!disk.is_object())
        continue;
      std::string device = text(disk, "disk-device");
      if (device.empty())
        continue;
      TagList tags{{"device", device}};
      // sysstat 12 writes kB/s; older versions sectors/s (512 bytes).
      auto read = disk.contains("rkB") ? scaled(number(disk, "rkB"), k_kib) : scaled(number(disk, "rd_sec"), 512);
      auto write = disk.contains("wkB") ? scaled(number(disk, "wkB"), k_kib) : scaled(number(disk, "wr_sec"), 512);
      auto busy = number(disk, "util-percent");
      if (!ok())
        return false;
      emit("system.disk.read_bytes", read, "bytes/s", tags);
      emit("system.disk.write_bytes", write, "bytes/s", tags);
      emit("system.disk.busy", busy, "percent", tags);
    }
    return true;
  }

  bool map_network() {
    const json* network = object(m_entry, "network");
    if (network == nullptr)
      return true;
    auto it = network->find("net-dev");
    if (it == network->end() || !it->is_array())
      return true;
    for (const auto& dev : *it) {
      if (!dev.is_object())
        continue;
      std::string iface = text(dev, "iface");
      if (iface.empty())
        continue;
      TagList tags{{"interface", iface}};
      auto rx_bytes = scaled(number(dev, "rxkB"), k_kib);
      auto tx_bytes = scaled(number(dev, "txkB"), k_kib);
      auto rx_packets = number(dev, "rxpck");
      auto tx_packets = number(dev, "txpck");
      if (!ok())
        return false;
      emit("system.network.rx_bytes", rx_bytes, "bytes/s", tags);
      emit("system.network.tx_bytes", tx_bytes, "bytes/s", tags);
      emit("system.network.rx_packets", rx_packets, "packets/s", tags);
      emit("system.network.tx_packets", tx_packets, "packets/s", tags);
    }
    return true;
  }

  bool map_kernel() {
    if (const json* pcs = object(m_entry, "process-and-context-switch")) {
      emit("system.forks", number(*pcs, "proc"), "forks/s");
      emit("system.context_switches", number(*pcs, "cswch"), "switches/s");
    }
    if (const json* interrupts = array("interrupts"))
      for (const auto& row : *interrupts)
        if (row.is_object() && text(row, "intr") == "sum")
          emit("system.interrupts", number(row, "all"), "interrupts/s");
    return ok();
  }

  bool map_psi() {
    const json* psi = object(m_entry, "psi");
    if (psi == nullptr)
      return true;
    static constexpr std::array<std::pair<const char*, std::string_view>, 3> k_resources{
        {{"psi-cpu", "cpu"}, {"psi-io", "io"}, {"psi-mem", "memory"}}};
    static constexpr std::array<const char*, 4> k_fields{"some_avg10", "some_avg60", "full_avg10", "full_avg60"};
    std::string name;
    for (const auto& [block, resource] : k_resources) {
      const json* figures = object(*psi, block);
      if (figures == nullptr)
        continue;
      for (const char* field : k_fields) {
        name = "system.pressure.";
        name += resource;
        name += '.';
        name += field;
        emit(name, number(*figures, field), "percent");
      }
    }
    return ok();
  }

  const json& m_entry;
  std::string_view m_host;
  std::vector<record::Record>& m_out;
  time::TimePoint m_ts{};
  std::string m_when;
  std::string m_error;
};

std::string describe_char(char c) {
  if (static_cast<unsigned char>(c) < 0x20)
    return "a control character";
  return util::quote(std::string_view(&c, 1));
}

} // namespace

void SadfParser::start_document() {
  m_stack.clear();
  m_expect = Expect::value;
  m_started = true;
  m_seen_hosts = false;
  m_capturing = false;
  m_capture.clear();
  m_nodename.clear();
}

// sysstat > hosts[] > {host} > statistics[] > here
bool SadfParser::at_entry() const {
  return m_stack.size() == 5 && m_stack[0].key == "sysstat" && m_stack[1].object && m_stack[1].key == "hosts" &&
         !m_stack[2].object && m_stack[3].object && m_stack[3].key == "statistics" && !m_stack[4].object;
}

bool SadfParser::at_host() const {
  return m_stack.size() == 3 && m_stack[0].key == "sysstat" && m_stack[1].object && m_stack[1].key == "hosts" &&
         !m_stack[2].object;
}

bool SadfParser::at_host_member(std::string_view key) const {
  return m_stack.size() == 4 && m_stack[0].key == "sysstat" && m_stack[1].object && m_stack[1].key == "hosts" &&
         !m_stack[2].object && m_stack[3].object && m_stack[3].key == key;
}

bool SadfParser::begin_value(char c, std::string& error) {
  if (m_stack.empty() && c != '{') {
    error = "not sadf -j output: the document must be a JSON object, got " + describe_char(c);
    return false;
  }
  if (!m_capturing && at_entry()) {
    if (c != '{') {
      error = "sadf \"statistics\" entries must be objects, got " + describe_char(c);
      return false;
    }
    m_capturing = true;
    m_capture.assign(1, c);
  }
  if (c == '[' && m_stack.size() == 2 && m_stack[0].key == "sysstat" && m_stack[1].object && m_stack[1].key == "hosts")
    m_seen_hosts = true;
  if (at_host())
    m_nodename.clear();
  if ((c == '{' || c == '[') && m_stack.size() >= k_max_depth) {
    error = "not sadf -j output: nested deeper than " + std::to_string(k_max_depth) + " levels";
    return false;
  }
  switch (c) {
  case '{':
    m_stack.push_back(Frame{true, {}});
    m_expect = Expect::key_or_end;
    return true;
  case '[':
    m_stack.push_back(Frame{false, {}});
    m_expect = Expect::value_or_end;
    return true;
  case '"':
    m_token = Token::string;
    m_token_is_key = false;
    m_text.clear();
    return true;
  default:
    if (c == '-' || detail::is_digit(c) || c == 't' || c == 'f' || c == 'n') {
      m_token = Token::literal;
      m_text.assign(1, c);
      return true;
    }
    error = "invalid JSON: expected a value, got " + describe_char(c);
    return false;
  }
}

bool SadfParser::end_value(std::string& error) {
  if (m_stack.empty()) {
    m_expect = Expect::done;
    if (!m_seen_hosts) {
      error = "not sadf -j output: no \"sysstat\": {\"hosts\": [...]} in the document";
      return false;
    }
    return true;
  }
  m_expect = Expect::comma_or_end;
  if (m_capturing && m_stack.size() == 5)
    return entry_done(error);
  return true;
}

bool SadfParser::entry_done(std::string& error) {
  m_capturing = false;
  json entry = json::parse(m_capture, nullptr, false); // checked character by character already
  m_capture.clear();
  if (entry.is_discarded()) {
    error = "invalid JSON in a sadf statistics entry";
    return false;
  }
  std::size_t before = m_records.size();
  EntryMapper mapper(entry, m_nodename, m_records);
  if (!mapper.run(m_entry_error))
    m_records.resize(before); // the document goes on: the line is rejected by parse_valid_line
  return true;
}

bool SadfParser::end_literal(std::string& error) {
  m_token = Token::none;
  if (m_text != "true" && m_text != "false" && m_text != "null" && !is_json_number(m_text)) {
    error = "invalid JSON: " + util::quote(m_text) + " is not a number, true, false or null";
    return false;
  }
  return end_value(error);
}

bool SadfParser::feed(char c, std::string& error) {
  if (m_capturing) {
    if (m_capture.size() >= k_max_entry_bytes) {
      error = "a sadf statistics entry longer than " + std::to_string(k_max_entry_bytes >> 20) + " MiB";
      return false;
    }
    m_capture += c;
  }
  if (m_token == Token::string) {
    if (m_text.size() > k_max_entry_bytes) {
      error = "a JSON string longer than " + std::to_string(k_max_entry_bytes >> 20) + " MiB";
      return false;
    }
    if (m_hex_left > 0) {
      int digit = detail::is_digit(c) ? c - '0' : ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') ? (c | 0x20) - 'a' + 10 : -1;
      if (digit < 0) {
        error = "invalid JSON: \\u needs four hex digits, got " + describe_char(c);
        return false;
      }
      m_code = m_code * 16 + static_cast<unsigned>(digit);
      m_text += c;
      if (--m_hex_left > 0)
        return true;
      // UTF-16 surrogates come in pairs: a high one (D800-DBFF) then a low one (DC00-DFFF).
      bool high = m_code >= 0xD800 && m_code <= 0xDBFF;
      bool low = m_code >= 0xDC00 && m_code <= 0xDFFF;
      if (low != m_want_low) {
        error = "invalid JSON: a \\u surrogate out of its pair";
        return false;
      }
      m_want_low = high;
      return true;
    }
    if (m_want_low && !(m_escape ? c == 'u' : c == '\\')) {
      error = "invalid JSON: a \\u surrogate out of its pair";
      return false;
    }
    if (m_escape) {
      m_escape = false;
      if (c == 'u') {
        m_hex_left = 4;
        m_code = 0;
      }
      else if (std::string_view("\"\\/bfnrt").find(c) == std::string_view::npos) {
        error = "invalid JSON: unknown escape \\" + std::string(1, c);
        return false;
      }
      m_text += c;
      return true;
    }
    if (c == '\\') {
      m_escape = true;
      m_text += c;
      return true;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      error = "invalid JSON: a string runs past the end of its line";
      return false;
    }
    if (c != '"') {
      m_text += c;
      return true;
    }
    m_token = Token::none;
    if (m_token_is_key) {
      m_stack.back().key = m_text;
      m_expect = Expect::colon;
      return true;
    }
    if (at_host_member("nodename")) {
      json name = json::parse("\"" + m_text + "\"", nullptr, false);
      m_nodename = name.is_string() ? name.get<std::string>() : m_text;
    }
    return end_value(error);
  }
  if (m_token == Token::literal) {
    if (is_literal_char(c)) {
      if (m_text.size() > 64) {
        error = "invalid JSON: " + util::quote(m_text.substr(0, 64)) + "... is not a value";
        return false;
      }
      m_text += c;
      return true;
    }
    if (!end_literal(error))
      return false;
  }
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
    return true;
  switch (m_expect) {
  case Expect::done:
    if (c == '{') { // the next document of a concatenation
      start_document();
      return begin_value(c, error);
    }
    error = "invalid JSON: text after the end of the sadf document: " + describe_char(c);
    return false;
  case Expect::value_or_end:
    if (c == ']') {
      m_stack.pop_back();
      return end_value(error);
    }
    [[fallthrough]];
  case Expect::value:
    if (!m_started)
      start_document();
    return begin_value(c, error);
  case Expect::key_or_end:
    if (c == '}') {
      m_stack.pop_back();
      return end_value(error);
    }
    [[fallthrough]];
  case Expect::key:
    if (c != '"') {
      error = "invalid JSON: expected a member name in double quotes, got " + describe_char(c);
      return false;
    }
    m_token = Token::string;
    m_token_is_key = true;
    m_text.clear();
    return true;
  case Expect::colon:
    if (c != ':') {
      error = "invalid JSON: expected ':' after " + util::quote(m_stack.back().key) + ", got " + describe_char(c);
      return false;
    }
    m_expect = Expect::value;
    return true;
  case Expect::comma_or_end: {
    bool object = m_stack.back().object;
    if (c == ',') {
      m_expect = object ? Expect::key : Expect::value;
      return true;
    }
    if (c == (object ? '}' : ']')) {
      m_stack.pop_back();
      return end_value(error);
    }
    error = std::string("invalid JSON: expected ',' or '") + (object ? '}' : ']') + "', got " + describe_char(c);
    return false;
  }
  }
  return true;
}

bool SadfParser::parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) {
  if (m_failed) {
    ++m_lines_after_failure;
    return true; // counted, and reported once by finish()
  }
  m_records.clear();
  m_entry_error.clear();
  for (char c : line)
    if (!feed(c, error)) {
      m_failed = true;
      return false;
    }
  if (!feed('\n', error)) {
    m_failed = true;
    return false;
  }
  if (!m_entry_error.empty()) {
    error = m_entry_error;
    return false;
  }
  for (auto& r : m_records)
    on_record(r);
  return true;
}

bool SadfParser::finish(const RecordCallback&, std::string& error) {
  if (m_failed) {
    if (m_lines_after_failure == 0)
      return true;
    error = "the " + std::to_string(m_lines_after_failure) + " lines after the malformed sadf JSON above were not read";
    return false;
  }
  if (m_started && m_expect != Expect::done) {
    error = "the sadf document ends early (truncated?): " + std::to_string(m_stack.size()) + " " +
            (m_stack.size() == 1 ? "object or array is" : "objects or arrays are") + " still open";
    return false;
  }
  return true;
}

} // namespace pm::format
