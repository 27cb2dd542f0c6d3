// Reading and writing the --state file.
#include "libpm/collect/state.hpp"

#include "libpm/collect/scan.hpp"
#include "libpm/util/file.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/strings.hpp"

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>

namespace pm::collect {

namespace {

constexpr std::string_view k_magic = "pm-sample-state 2";
constexpr std::string_view k_end = "end ";

/// The CRC of POSIX `cksum`: polynomial 0x04C11DB7 over the bytes, then the length.
std::uint32_t posix_cksum(std::string_view data) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t crc = i << 24;
      for (int bit = 0; bit < 8; ++bit)
        crc = (crc & 0x80000000U) ? (crc << 1) ^ 0x04C11DB7U : crc << 1;
      t[i] = crc;
    }
    return t;
  }();
  std::uint32_t crc = 0;
  auto feed = [&](unsigned char byte) { crc = (crc << 8) ^ table[((crc >> 24) ^ byte) & 0xFFU]; };
  for (char c : data)
    feed(static_cast<unsigned char>(c));
  for (std::size_t n = data.size(); n != 0; n >>= 8)
    feed(static_cast<unsigned char>(n & 0xFFU));
  return ~crc;
}

/// Holds an exclusive flock on `fd` for a scope, waiting for it through EINTR.
class ExclusiveLock {
public:
  ExclusiveLock(int fd, const std::string& path) : m_fd(fd) {
    while (::flock(fd, LOCK_EX) != 0)
      if (errno != EINTR)
        throw Error("cannot lock " + path + ": " + util::errno_text(errno));
  }
  ExclusiveLock(const ExclusiveLock&) = delete;
  ExclusiveLock& operator=(const ExclusiveLock&) = delete;
  ~ExclusiveLock() { ::flock(m_fd, LOCK_UN); }

private:
  int m_fd;
};

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
  const std::uint32_t sum = posix_cksum(text);
  text += k_end;
  text += std::to_string(sum);
  text += '\n';
  return text;
}

Expected<Reading> parse_state(std::string_view text) {
  if (text.empty())
    return unexpected("empty file");
  // The checksum line comes first: a file cut short or half rewritten is not read at all.
  std::size_t end_line = text.size() > 1 ? text.rfind('\n', text.size() - 2) : std::string_view::npos;
  end_line = end_line == std::string_view::npos ? 0 : end_line + 1;
  std::string_view last = text.substr(end_line);
  if (!text.starts_with(std::string(k_magic) + "\n"))
    return unexpected("line 1: not a pm-sample state file (expected \"" + std::string(k_magic) + "\")");
  if (!last.starts_with(k_end) || !text.ends_with('\n'))
    return unexpected("incomplete: no \"end\" line (a run stopped while writing it?)");
  auto sum = parse_u64(util::trim(last.substr(k_end.size())));
  if (!sum || *sum != posix_cksum(text.substr(0, end_line)))
    return unexpected("damaged: the checksum on its \"end\" line does not match");
  text = text.substr(0, end_line);

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

StateFile::StateFile(const std::string& path)
    : m_path(path) {
  // A fresh account has no ~/.cache/pm yet: create it (0700), as XDG tools do. When that
  // fails, opening the file below says why in the terms of the state.
  try {
    util::make_parent_directories(path);
  } catch (const Error&) {
  }
  // Not through a symbolic link planted where the state belongs, nor onto a FIFO.
  try {
    m_fd = util::open_regular(path, O_RDWR | O_CREAT, 0600);
  } catch (const Error& e) {
    throw Error("cannot open state " + std::string(e.what()).substr(std::string_view("cannot open ").size()));
  }
}

std::string StateFile::read() {
  ExclusiveLock lock(m_fd.get(), m_path);
  std::string text;
  if (::lseek(m_fd.get(), 0, SEEK_SET) != 0)
    throw Error("cannot read " + m_path + ": " + util::errno_text(errno));
  util::read_fd_into(m_fd.get(), m_path, text);
  return text;
}

void StateFile::write(std::string_view text) {
  ExclusiveLock lock(m_fd.get(), m_path);
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t wrote = ::pwrite(m_fd.get(), text.data() + done, text.size() - done, static_cast<off_t>(done));
    if (wrote < 0 && errno == EINTR)
      continue;
    if (wrote <= 0)
      throw Error("cannot write " + m_path + ": " + util::errno_text(wrote < 0 ? errno : ENOSPC));
    done += static_cast<std::size_t>(wrote);
  }
  if (::ftruncate(m_fd.get(), static_cast<off_t>(text.size())) != 0)
    throw Error("cannot write " + m_path + ": " + util::errno_text(errno));
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
