// Buffered output to a file descriptor, and files replaced atomically (temp file + rename).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace pm::util {

/// A buffered writer on a file descriptor. Throws BrokenPipe when the reader went away
/// and Error on any other write failure. Not thread-safe.
class Output {
public:
  /// Writes to `fd` (not owned); `name` appears in error messages ("stdout", a path).
  Output(int fd, std::string name);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  virtual ~Output();

  void write(std::string_view text) {
    if (m_buffer.size() + text.size() > k_capacity)
      drain();
    m_buffer.append(text);
  }
  /// The buffer to append to directly; call `maybe_drain()` after large appends.
  std::string& buffer() { return m_buffer; }
  void maybe_drain() {
    if (m_buffer.size() >= k_capacity)
      drain();
  }
  /// Writes out everything buffered.
  void flush() { drain(); }
  const std::string& name() const { return m_name; }
  int fd() const { return m_fd; }

protected:
  void drain();
  void set_fd(int fd) { m_fd = fd; }

private:
  static constexpr std::size_t k_capacity = 1 << 16;
  int m_fd;
  std::string m_name;
  std::string m_buffer;
};

/// An Output that replaces `path` atomically: it writes a temporary file beside it
/// (`PATH.tmp.XXXXXX`, locked while it is written) and renames it over `path` on
/// `commit()`. Dropped without commit, it leaves `path` as it was. The new file keeps the
/// mode of the file it replaces, else gets `mode` (before umask). Temporary files of
/// writers killed before their rename (no lock on them) are removed when the next starts.
/// A symbolic link at `path` is replaced, never written through.
class AtomicFile : public Output {
public:
  explicit AtomicFile(const std::string& path, unsigned mode = 0644);
  ~AtomicFile() override;
  void commit();

private:
  std::string m_path;
  std::string m_temp_path;
  bool m_committed = false;
};

/// Writes `content` to `path` atomically (see AtomicFile).
void write_file_atomically(const std::string& path, std::string_view content, unsigned mode = 0644);

/// Creates the directories above `path` that are missing (as `mkdir -p "$(dirname PATH)"`),
/// each with `mode` (before umask; 0700 as XDG tools create ~/.cache/APP and
/// ~/.local/state/APP). Directories that exist are left as they are. Throws Error naming
/// the directory that cannot be created.
void make_parent_directories(const std::string& path, unsigned mode = 0700);

/// Reads a whole file; throws Error naming the path when it cannot. With `max_bytes`, stops
/// after max_bytes + 1 bytes (the caller sees that the file is larger, memory stays bounded).
std::string read_file(const std::string& path, std::size_t max_bytes = static_cast<std::size_t>(-1));

/// Replaces `content` with everything left to read from `fd` (not closed), at most
/// max_bytes + 1 bytes; throws Error naming `path` when a read fails.
void read_fd_into(int fd, const std::string& path, std::string& content,
                  std::size_t max_bytes = static_cast<std::size_t>(-1));

/// The text of errno for messages: "no such file or directory".
std::string errno_text(int error);

} // namespace pm::util
