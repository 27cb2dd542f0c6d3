// SIGINT/SIGTERM as a request to stop: streaming loops check it, flush and return.
#pragma once

namespace pm::util {

/// Installs handlers (without SA_RESTART, so blocking reads and sleeps wake up) that record
/// SIGINT and SIGTERM, and ignores SIGPIPE so a closed pipe shows up as EPIPE.
void install_stop_handlers();

/// True once SIGINT or SIGTERM arrived.
bool stop_requested();

/// The signal that asked to stop, or 0.
int stop_signal();

} // namespace pm::util
