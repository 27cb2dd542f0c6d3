// Opening files that pm writes or reads unattended without following a planted symlink or hanging on a FIFO.
#pragma once

#include "libpm/util/fd.hpp"

#include <string>
#include <string_view>

namespace pm::util {

/// Opens `path` with `flags` (O_CREAT with `mode`) as a regular file: the last component
/// is never followed when it is a symbolic link (O_NOFOLLOW), and a FIFO, socket, device
/// or directory there is refused without blocking on it (opened O_NONBLOCK, checked with
/// fstat, then set back to blocking). Throws Error naming the path and what is there
/// instead. Without O_CREAT, a missing file gives an invalid UniqueFd (errno ENOENT).
UniqueFd open_regular(const std::string& path, int flags, unsigned mode = 0600);

/// Like open_regular, for `relative` (`2026/11/22/10.ndjson`) under the directory `root`:
/// every directory between is opened with openat(O_NOFOLLOW), so a symbolic link planted
/// anywhere below `root` is refused (`root` itself may be a link: the user named it).
/// Missing directories are created 0700 when `create_directories`; without it, a missing
/// one gives an invalid UniqueFd like a missing file.
UniqueFd open_beneath(const std::string& root, std::string_view relative, int flags, unsigned mode,
                      bool create_directories);

/// What a file of `mode` (stat's st_mode) is, for messages: "a regular file", "a directory",
/// "a FIFO", "a socket", "a device" or "something else".
std::string_view file_kind(unsigned mode);

} // namespace pm::util
