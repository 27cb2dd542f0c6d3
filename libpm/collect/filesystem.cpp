// The filesystem family.
#include "libpm/collect/filesystem.hpp"

#include "libpm/collect/scan.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <sys/statvfs.h>

namespace pm::collect {

namespace {

/// Filesystems that hold no user data on a disk (df hides most of them; memory-backed
/// ones like tmpfs are left out too, as they only mirror memory usage).
constexpr std::array<std::string_view, 29> k_pseudo_types{
    "autofs",   "binfmt_misc", "bpf",       "cgroup",    "cgroup2", "configfs", "debugfs", "devpts",
    "devtmpfs", "efivarfs",    "fusectl",   "hugetlbfs", "mqueue",  "nsfs",     "proc",    "pstore",
    "ramfs",    "rpc_pipefs",  "securityfs", "selinuxfs", "sysfs",  "tmpfs",    "tracefs", "squashfs",
    "nfsd",  "fuse.gvfsd-fuse", "fuse.portal", "devfs", "none"};

bool is_pseudo(std::string_view type) {
  return std::find(k_pseudo_types.begin(), k_pseudo_types.end(), type) != k_pseudo_types.end();
}

/// /proc/mounts writes blanks, tabs, newlines and backslashes as \ooo.
std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '3' &&
        text[i + 2] >= '0' && text[i + 2] <= '7' && text[i + 3] >= '0' && text[i + 3] <= '7') {
      out += static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0'));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// ceil(numerator * 100 / denominator) in integers, as df computes its Use%.
double percent_rounded_up(std::uint64_t numerator, std::uint64_t denominator) {
  if (denominator == 0)
    return 0;
  if (numerator > UINT64_MAX / 100) // beyond any real filesystem; doubles are exact enough there
    return std::ceil(static_cast<double>(numerator) * 100.0 / static_cast<double>(denominator));
  std::uint64_t scaled = numerator * 100;
  std::uint64_t whole = scaled / denominator + (scaled % denominator != 0 ? 1 : 0);
  return static_cast<double>(whole);
}

} // namespace

std::vector<Mount> parse_mounts(std::string_view text) {
  std::vector<Mount> mounts;
  Scanner scanner(text);
  while (!scanner.at_end()) {
    std::string_view device = scanner.token();
    std::string_view point = scanner.token();
    std::string_view type = scanner.token();
    scanner.next_line();
    if (device.empty() || point.empty() || type.empty() || is_pseudo(type))
      continue;
    Mount mount{unescape(device), unescape(point), std::string(type)};
    // A device mounted again (bind mounts) is the same filesystem: report it once.
    bool seen = mount.device.front() == '/' &&
                std::any_of(mounts.begin(), mounts.end(), [&](const Mount& m) { return m.device == mount.device; });
    if (!seen)
      mounts.push_back(std::move(mount));
  }
  return mounts;
}

FsUsage filesystem_usage(const FsStats& stats) {
  FsUsage usage;
  const double block = static_cast<double>(stats.block_size);
  std::uint64_t used_blocks = stats.blocks >= stats.blocks_free ? stats.blocks - stats.blocks_free : 0;
  usage.size = static_cast<double>(stats.blocks) * block;
  usage.used = static_cast<double>(used_blocks) * block;
  usage.free = static_cast<double>(stats.blocks_available) * block;
  usage.usage = percent_rounded_up(used_blocks, used_blocks + stats.blocks_available);
  if (stats.inodes > 0) {
    usage.has_inodes = true;
    std::uint64_t used_inodes = stats.inodes >= stats.inodes_free ? stats.inodes - stats.inodes_free : 0;
    usage.inode_usage = percent_rounded_up(used_inodes, stats.inodes);
  }
  return usage;
}

bool filesystem_available(const ProcFs& fs) { return fs.proc_exists("self/mounts"); }

void report_filesystem(Reader& reader, const Counters&, const Span&, Emitter& emitter) {
  auto text = reader.proc("self/mounts");
  if (!text)
    return;
  for (const Mount& mount : parse_mounts(*text)) {
    struct statvfs raw {};
    if (::statvfs(mount.point.c_str(), &raw) != 0 || raw.f_blocks == 0)
      continue; // unreachable (permissions, a hung network mount) or a pseudo filesystem
    FsStats stats{raw.f_frsize ? raw.f_frsize : raw.f_bsize, raw.f_blocks, raw.f_bfree, raw.f_bavail,
                  raw.f_files, raw.f_ffree};
    FsUsage usage = filesystem_usage(stats);
    const std::initializer_list<Tag> tags{{"mount", mount.point}, {"device", mount.device}, {"fstype", mount.type}};
    emitter.emit("system.filesystem.size", usage.size, "bytes", tags);
    emitter.emit("system.filesystem.used", usage.used, "bytes", tags);
    emitter.emit("system.filesystem.free", usage.free, "bytes", tags);
    emitter.emit("system.filesystem.usage", usage.usage, "percent", tags);
    if (usage.has_inodes)
      emitter.emit("system.filesystem.inodes_usage", usage.inode_usage, "percent", tags);
  }
}

} // namespace pm::collect
