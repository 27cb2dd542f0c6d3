// Reading and writing the --state file.
#include "libpm/collect/state.hpp"

#include "libpm/collect/scan.hpp"
#include "libpm/util/strings.hpp"

namespace pm::collect {

namespace {

constexpr std::string_view k_magic = "pm-sample-state 1";

} // namespace

const Counters* Reading::find(std::string_view family) const {
  for (const auto& entry : families)
    if (entry.first == family)
      return &entry.second;
  return nullptr;
}

std::string format_state(const Reading& reading) {
  std::string text(k_magic);
  text += "\nboot ";
  text += reading.boot_id.empty() ? "-" : reading.boot_id;
  text += "\nwall_ms ";
  text += std::to_string(reading.wall.time_since_epoch().count());
  text += "\nmonotonic_ns ";
  text += std::to_string(reading.monotonic_ns);
  text += '\n';
  for (const auto& [family, counters] : reading.families) {
    for (const auto& row : counters) {
      text += family;
      text += ' ';
      text += row.id;
      for (std::uint64_t value : row.values) {
        text += ' ';
        if (value == k_unknown)
          text += '-';
        else
          text += std::to_string(value);
      }
      text += '\n';
    }
  }
  return text;
}

Expected<Reading> parse_state(std::string_view text) {
  Reading reading;
  Scanner scanner(text);
  std::size_t line_number = 0;
  auto fail = [&](std::string_view what) {
    return unexpected("line " + std::to_string(line_number) + ": " + std::string(what));
  };
  bool have_wall = false;
  bool have_monotonic = false;
  while (!scanner.at_end()) {
    std::string_view line = scanner.line();
    ++line_number;
    if (line_number == 1) {
      if (line != k_magic)
        return fail("not a pm-sample state file (expected \"" + std::string(k_magic) + "\")");
      continue;
    }
    if (line.empty())
      continue;
    Scanner words(line);
    std::string_view key = words.token();
    std::string_view value = words.token();
    if (value.empty())
      return fail("\"" + std::string(key) + "\" has no value");
    if (key == "boot") {
      reading.boot_id = value == "-" ? std::string() : std::string(value);
    } else if (key == "wall_ms") {
      auto ms = util::parse_integer(value);
      if (!ms)
        return fail("bad wall_ms");
      reading.wall = time::TimePoint(time::Duration(*ms));
      have_wall = true;
    } else if (key == "monotonic_ns") {
      auto ns = util::parse_integer(value);
      if (!ns)
        return fail("bad monotonic_ns");
      reading.monotonic_ns = *ns;
      have_monotonic = true;
    } else {
      // "<family> <id> <value>..."
      CounterRow row{std::string(value), {}};
      for (std::string_view token = words.token(); !token.empty(); token = words.token()) {
        if (token == "-") {
          row.values.push_back(k_unknown);
          continue;
        }
        auto number = parse_u64(token);
        if (!number)
          return fail("counter " + util::quote(token) + " is not a number");
        row.values.push_back(*number);
      }
      Counters* counters = nullptr;
      for (auto& entry : reading.families)
        if (entry.first == key)
          counters = &entry.second;
      if (!counters) {
        reading.families.emplace_back(std::string(key), Counters{});
        counters = &reading.families.back().second;
      }
      counters->push_back(std::move(row));
    }
  }
  if (line_number == 0)
    return unexpected("empty file");
  if (!have_wall || !have_monotonic)
    return unexpected("incomplete state (no wall_ms or monotonic_ns)");
  return reading;
}

std::optional<std::string> state_unusable(const Reading& previous, const Reading& current,
                                          std::chrono::milliseconds max_age) {
  if (previous.boot_id != current.boot_id)
    return std::string("the machine rebooted since it was written");
  if (current.monotonic_ns <= previous.monotonic_ns)
    return std::string("it is not older than this reading (the clock went backwards)");
  auto age = std::chrono::nanoseconds(current.monotonic_ns - previous.monotonic_ns);
  if (age > max_age)
    return "it is " + time::format_duration(std::chrono::duration_cast<std::chrono::seconds>(age)) + " old (more than " +
           time::format_duration(max_age) + ")";
  return std::nullopt;
}

std::string read_boot_id(const ProcFs& fs) {
  std::string text;
  if (fs.read_proc("sys/kernel/random/boot_id", text)) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
      text.pop_back();
    if (!text.empty() && text.find(' ') == std::string::npos)
      return text;
  }
  if (fs.read_proc("stat", text))
    if (auto btime = find_line_value(text, "btime"))
      return "btime:" + std::to_string(*btime);
  return std::string();
}

} // namespace pm::collect
