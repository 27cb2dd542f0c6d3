// The reference for tests/bench/sample.sh: the least a C++ program must do to read the same
// /proc and /sys files as pm-sample's collectors (no records, no rates, a checksum only).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <initializer_list>
#include <sys/statvfs.h>
#include <unistd.h>

namespace {

char g_buffer[1 << 20];

// Reads a file and sums every number in it: enough work that nothing is optimised away.
std::uint64_t read_numbers(const char* path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  std::size_t used = 0;
  ssize_t got;
  while ((got = read(fd, g_buffer + used, sizeof g_buffer - used - 1)) > 0)
    used += static_cast<std::size_t>(got);
  close(fd);
  std::uint64_t sum = 0, value = 0;
  for (std::size_t i = 0; i < used; ++i) {
    char c = g_buffer[i];
    if (c >= '0' && c <= '9')
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
    else {
      sum += value;
      value = 0;
    }
  }
  return sum + value;
}

std::uint64_t filesystems() {
  int fd = open("/proc/self/mounts", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t used = read(fd, g_buffer, sizeof g_buffer - 1);
  close(fd);
  if (used <= 0)
    return 0;
  g_buffer[used] = 0;
  std::uint64_t sum = 0;
  char* save = nullptr;
  for (char* line = strtok_r(g_buffer, "\n", &save); line; line = strtok_r(nullptr, "\n", &save)) {
    char device[512], point[512], type[64];
    if (sscanf(line, "%511s %511s %63s", device, point, type) != 3 || device[0] != '/')
      continue;
    struct statvfs st;
    if (statvfs(point, &st) == 0)
      sum += st.f_blocks - st.f_bfree;
  }
  return sum;
}

std::uint64_t processes() {
  DIR* dir = opendir("/proc");
  std::uint64_t count = 0;
  while (const dirent* entry = readdir(dir))
    count += entry->d_name[0] >= '0' && entry->d_name[0] <= '9';
  closedir(dir);
  return count;
}

// TCP sockets by state through netlink sock_diag, as pm-sample counts them: one
// TCPDIAG_GETSOCK dump returns IPv4 and IPv6 together.
std::uint64_t tcp_states() {
  int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  std::uint64_t counts[16] = {};
  struct {
    nlmsghdr header;
    inet_diag_req request;
  } message{};
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = TCPDIAG_GETSOCK;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.idiag_family = AF_INET;
  message.request.idiag_states = ~0U;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  sendto(fd, &message, sizeof message, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel);
  bool done = false;
  while (!done) {
    ssize_t got = recv(fd, g_buffer, 32768, 0);
    if (got <= 0)
      break;
    auto left = static_cast<unsigned>(got);
    for (auto* h = reinterpret_cast<nlmsghdr*>(g_buffer); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
        done = true;
        break;
      }
      auto* m = reinterpret_cast<inet_diag_msg*>(reinterpret_cast<char*>(h) + NLMSG_ALIGN(sizeof(nlmsghdr)));
      ++counts[m->idiag_state & 15];
    }
  }
  close(fd);
  std::uint64_t sum = 0;
  for (auto c : counts)
    sum += c;
  return sum;
}

std::uint64_t sample(bool tcp) {
  static const char* const k_files[] = {"/proc/stat",         "/proc/loadavg",          "/proc/meminfo",
                                        "/proc/diskstats",    "/proc/net/dev",          "/proc/uptime",
                                        "/proc/pressure/cpu", "/proc/pressure/memory",  "/proc/pressure/io",
                                        "/proc/self/cgroup",  "/sys/fs/cgroup/unified/cpu.stat"};
  std::uint64_t sum = 0;
  for (const char* file : k_files)
    sum += read_numbers(file);
  sum += filesystems() + processes();
  if (tcp)
    sum += tcp_states();
  return sum;
}

} // namespace

// minimal_reader N SPACING_MS [notcp]
int main(int argc, char** argv) {
  long count = argc > 1 ? std::atol(argv[1]) : 1;
  long spacing_ms = argc > 2 ? std::atol(argv[2]) : 200;
  bool tcp = !(argc > 3 && std::strcmp(argv[3], "notcp") == 0);
  std::uint64_t sum = 0;
  timespec next{};
  clock_gettime(CLOCK_MONOTONIC, &next);
  for (long i = 0; i < count; ++i) {
    if (i > 0) {
      next.tv_nsec += spacing_ms * 1000000;
      next.tv_sec += next.tv_nsec / 1000000000;
      next.tv_nsec %= 1000000000;
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr);
    }
    sum += sample(tcp);
  }
  std::printf("%llu\n", static_cast<unsigned long long>(sum));
  return 0;
}
