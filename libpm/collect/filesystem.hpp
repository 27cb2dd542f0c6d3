// The filesystem family: real mounts from /proc/self/mounts, sizes from statvfs as `df` shows them.
#pragma once

#include "libpm/collect/collector.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pm::collect {

/// A line of the mount table.
struct Mount {
  std::string device;
  std::string point; ///< octal escapes (\040) decoded
  std::string type;
};

/// The real filesystems of a mount table (the text of /proc/self/mounts): pseudo and
/// memory filesystems (proc, sysfs, tmpfs, cgroup, ...) skipped, and a device mounted
/// twice reported once, at its first mount point.
std::vector<Mount> parse_mounts(std::string_view text);

/// statvfs numbers, already multiplied out to bytes.
struct FsStats {
  std::uint64_t block_size = 0; ///< f_frsize
  std::uint64_t blocks = 0;
  std::uint64_t blocks_free = 0;      ///< f_bfree (root included)
  std::uint64_t blocks_available = 0; ///< f_bavail (for unprivileged users)
  std::uint64_t inodes = 0;
  std::uint64_t inodes_free = 0;
};

/// What `df` shows for a filesystem.
struct FsUsage {
  double size = 0; ///< bytes
  double used = 0; ///< bytes: blocks - free
  double free = 0; ///< bytes available to unprivileged users (df's "Avail")
  double usage = 0; ///< percent: used / (used + avail), rounded up to a whole number as df does
  bool has_inodes = false;
  double inode_usage = 0; ///< percent: used inodes / inodes, rounded up as df -i does
};
FsUsage filesystem_usage(const FsStats& stats);

bool filesystem_available(const ProcFs& fs);
/// system.filesystem.{size,used,free} (bytes), usage and inodes_usage (percent), tags
/// mount, device, fstype; filesystems with no blocks (pseudo) skipped.
void report_filesystem(Reader& reader, const Counters& current, const Span& span, Emitter& emitter);

} // namespace pm::collect
