// Reading input line by line from files and stdin.
#include "libpm/input/lines.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/signals.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace pm::input {

std::vector<Source> sources_from_arguments(const std::vector<std::string>& files, std::string_view tool,
                                           StoreInput store) {
  std::vector<Source> sources;
  for (const auto& file : files)
    sources.push_back(Source{file});
  if (sources.empty()) {
    if (::isatty(STDIN_FILENO))
      throw UsageError("no input: stdin is a terminal; pipe records in (pm-sample | " + std::string(tool) + ")" +
                       (store == StoreInput::offered ? ", name FILEs, or read the store with --history" : " or name FILEs"));
    sources.push_back(Source{"-"});
  }
  return sources;
}

namespace {

class Fd {
public:
  explicit Fd(int fd, bool owned) : m_fd(fd), m_owned(owned) {}
  ~Fd() {
    if (m_owned && m_fd >= 0)
      ::close(m_fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }

private:
  int m_fd;
  bool m_owned;
};

} // namespace

bool read_lines(const Source& source, const std::function<bool(const Line&)>& on_line, std::size_t max_line,
                const std::function<void()>& on_block) {
  bool is_stdin = source.path == "-";
  int raw_fd = is_stdin ? STDIN_FILENO : ::open(source.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw_fd < 0)
    throw Error("cannot read " + source.path + ": " + util::errno_text(errno));
  Fd fd(raw_fd, !is_stdin);

  constexpr std::size_t k_block = 1 << 20;
  std::string buffer(k_block, '\0');
  std::size_t begin = 0, end = 0; // unconsumed bytes are buffer[begin, end)
  std::size_t number = 0;
  bool skipping = false; // inside an over-long line, after its first max_line bytes were passed on
  bool at_start = true;  // the byte order mark is not looked for yet

  while (true) {
    if (begin > 0 && begin == end)
      begin = end = 0;
    if (end == buffer.size()) {
      if (begin > 0) {
        std::memmove(buffer.data(), buffer.data() + begin, end - begin);
        end -= begin;
        begin = 0;
      } else {
        buffer.resize(buffer.size() * 2);
      }
    }
    ssize_t n = ::read(fd.get(), buffer.data() + end, buffer.size() - end);
    if (n < 0) {
      if (errno == EINTR) {
        if (util::stop_requested())
          return false;
        continue;
      }
      throw Error("cannot read " + source.display_name() + ": " + util::errno_text(errno));
    }
    if (n == 0)
      break;
    std::size_t scan_from = end;
    end += static_cast<std::size_t>(n);
    if (at_start) {
      // A UTF-8 byte order mark opening the input (Notepad and PowerShell write one) is not
      // part of its first line, as RFC 8259 allows; the formats would refuse it.
      constexpr std::string_view k_bom = "\xEF\xBB\xBF";
      std::string_view head(buffer.data(), std::min<std::size_t>(end, k_bom.size()));
      if (head.size() < k_bom.size() && k_bom.starts_with(head))
        continue; // too few bytes yet to tell
      at_start = false;
      if (head == k_bom)
        begin = scan_from = k_bom.size();
    }
    while (true) {
      const char* start = buffer.data() + scan_from;
      const void* nl = std::memchr(start, '\n', end - scan_from);
      if (nl == nullptr)
        break;
      std::size_t line_end = static_cast<std::size_t>(static_cast<const char*>(nl) - buffer.data());
      if (skipping) {
        skipping = false;
      } else {
        ++number;
        // Over max_line though whole in this block: refused alike (the limit is exact).
        const std::size_t length = line_end - begin;
        const bool over = length > max_line;
        if (!on_line(Line{std::string_view(buffer.data() + begin, over ? max_line : length), number, !over, over}))
          return false;
      }
      begin = scan_from = line_end + 1;
    }
    if (end - begin > max_line && !skipping) {
      ++number;
      if (!on_line(Line{std::string_view(buffer.data() + begin, max_line), number, false, true}))
        return false;
      skipping = true;
    }
    if (skipping)
      begin = end; // drop the rest of the over-long line as it arrives
    if (on_block)
      on_block();
    if (util::stop_requested())
      return false;
  }
  if (end > begin && !skipping) {
    ++number;
    if (!on_line(Line{std::string_view(buffer.data() + begin, end - begin), number, false}))
      return false;
    // The last line is a block of its own: whoever keeps views into the buffer until
    // on_block must get it while the buffer still lives.
    if (on_block)
      on_block();
  }
  return true;
}

} // namespace pm::input
