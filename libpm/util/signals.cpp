// SIGINT/SIGTERM as a request to stop.
#include "libpm/util/signals.hpp"

#include <csignal>

namespace pm::util {

namespace {
volatile std::sig_atomic_t g_stop_signal = 0; // written only by the handler

extern "C" void on_stop_signal(int signal) { g_stop_signal = signal; }
} // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

bool stop_requested() { return g_stop_signal != 0; }

int stop_signal() { return g_stop_signal; }

} // namespace pm::util
