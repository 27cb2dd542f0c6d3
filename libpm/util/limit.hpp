// A bound on what one input may take, so that memory and time stay bounded however the
// input was made. Each is declared beside the code it bounds; cli::resolve_limit reads the
// variable that changes it.
#pragma once

#include <cstddef>

namespace pm::util {

struct Limit {
  const char* variable; ///< the environment variable that changes it (PM_MAX_...)
  std::size_t fallback; ///< the default
  bool bytes;           ///< a size (KiB, MiB, GiB suffixes allowed) rather than a count
};

} // namespace pm::util
