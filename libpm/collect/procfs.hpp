// The root seam: every collector reads /proc and /sys through a ProcFs, so tests point it at fixtures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pm::collect {

/// Where /proc and /sys are. Paths given to the readers are relative to the root
/// ("stat", "net/dev"). Reading is plain open/read into a buffer the caller reuses, so
/// a sample costs no allocation once the buffers have grown.
class ProcFs {
public:
  /// Roots without a trailing slash requirement; "" means the real "/proc" and "/sys".
  explicit ProcFs(std::string proc_root = "/proc", std::string sys_root = "/sys");

  const std::string& proc_root() const { return m_proc_root; }
  const std::string& sys_root() const { return m_sys_root; }

  /// `<proc root>/<relative>` and `<sys root>/<relative>`.
  std::string proc_path(std::string_view relative) const;
  std::string sys_path(std::string_view relative) const;

  /// Reads the whole file into `buffer` (replacing it). False when the file is missing or
  /// unreadable; a kernel without the file is normal, never an error.
  bool read_proc(std::string_view relative, std::string& buffer) const;
  bool read_sys(std::string_view relative, std::string& buffer) const;
  bool proc_exists(std::string_view relative) const;
  bool sys_exists(std::string_view relative) const;

  /// Maps a path as the kernel names it ("/sys/fs/cgroup", "/proc/...") into the roots.
  std::string map_path(std::string_view absolute) const;

private:
  std::string m_proc_root;
  std::string m_sys_root;
};

/// Reads an absolute path into `buffer` with open/read; false when it cannot.
bool read_whole_file(const char* path, std::string& buffer);

} // namespace pm::collect
