// The disk, filesystem, network and tcp families against fixture trees with known numbers.
#include "collect_fixture.hpp"

#include "libpm/collect/filesystem.hpp"

#include <catch2/catch.hpp>

using namespace pm::collect;
using namespace pm::collect::testing;

TEST_CASE("disk rates cover whole devices only", "[collect]") {
  auto out = sample_between("t0", "t1", 2, {"disk"});
  CHECK(out.value("system.disk.reads", {{"device", "sda"}}) == Approx(50));
  CHECK(out.value("system.disk.writes", {{"device", "sda"}}) == Approx(100));
  CHECK(out.value("system.disk.read_bytes", {{"device", "sda"}}) == Approx(4000.0 * 512 / 2));
  CHECK(out.value("system.disk.write_bytes", {{"device", "sda"}}) == Approx(4000.0 * 512 / 2));
  CHECK(out.value("system.disk.busy", {{"device", "sda"}}) == Approx(25));
  CHECK(out.unit("system.disk.read_bytes") == "bytes/s");
  CHECK(out.unit("system.disk.reads") == "ops/s");
  CHECK_FALSE(out.value("system.disk.reads", {{"device", "sda1"}}));  // partition
  CHECK_FALSE(out.value("system.disk.reads", {{"device", "loop0"}})); // loop device
  CHECK_FALSE(out.value("system.disk.reads", {{"device", "ram0"}}));
}

TEST_CASE("a kernel without diskstats has no disk collector", "[collect]") {
  std::vector<std::string> unavailable;
  auto selected = select_collectors(fixture_fs("old"), {"disk", "cpu"}, {}, unavailable);
  REQUIRE(selected.size() == 1);
  CHECK(selected[0]->name == "cpu");
  CHECK(unavailable == std::vector<std::string>{"disk"});
}

TEST_CASE("network rates and error counts per interface", "[collect]") {
  auto out = sample_between("t0", "t1", 2, {"network"});
  CHECK(out.value("system.network.rx_bytes", {{"interface", "eth0"}}) == Approx(100000));
  CHECK(out.value("system.network.tx_bytes", {{"interface", "eth0"}}) == Approx(50000));
  CHECK(out.value("system.network.rx_packets", {{"interface", "eth0"}}) == Approx(200));
  CHECK(out.value("system.network.tx_packets", {{"interface", "eth0"}}) == Approx(100));
  CHECK(out.value("system.network.rx_errors", {{"interface", "eth0"}}) == 2);
  CHECK(out.value("system.network.rx_drops", {{"interface", "eth0"}}) == 3);
  CHECK(out.value("system.network.tx_errors", {{"interface", "eth0"}}) == 4);
  CHECK(out.value("system.network.tx_drops", {{"interface", "eth0"}}) == 5);
  CHECK(out.value("system.network.rx_bytes", {{"interface", "lo"}}) == 0);
}

TEST_CASE("network without a previous reading still gives the error counts", "[collect]") {
  auto out = sample_between("", "t1", 2, {"network"});
  CHECK_FALSE(out.value("system.network.rx_bytes"));
  CHECK(out.value("system.network.tx_drops", {{"interface", "eth0"}}) == 5);
}

TEST_CASE("tcp connections are counted by state over tcp and tcp6", "[collect]") {
  auto out = sample_between("", "t0", 0, {"tcp"});
  CHECK(out.value("system.tcp.connections", {{"state", "established"}}) == 2);
  CHECK(out.value("system.tcp.connections", {{"state", "listen"}}) == 1);
  CHECK(out.value("system.tcp.connections", {{"state", "time_wait"}}) == 1);
  CHECK(out.value("system.tcp.connections", {{"state", "close_wait"}}) == 0);
  CHECK(out.count("system.tcp.connections") == 12);
}

TEST_CASE("the mount table keeps real filesystems once each", "[collect]") {
  std::string text;
  REQUIRE(read_whole_file(fixture("t0", "proc/self/mounts").c_str(), text));
  auto mounts = parse_mounts(text);
  REQUIRE(mounts.size() == 2);
  CHECK(mounts[0].point == "/");
  CHECK(mounts[0].type == "ext4");
  CHECK(mounts[1].point == "/mnt/my disk"); // \040 decoded
  CHECK(mounts[1].device == "/dev/sdb1");
}

TEST_CASE("filesystem usage is computed as df does, rounded up", "[collect]") {
  // 1000 blocks of 4 KiB, 300 free of which 250 available to users: used 700,
  // Use% = 700 / (700 + 250) = 73.68 -> 74 (df rounds up).
  FsStats stats{4096, 1000, 300, 250, 100, 33};
  FsUsage usage = filesystem_usage(stats);
  CHECK(usage.size == 4096000.0);
  CHECK(usage.used == 700.0 * 4096);
  CHECK(usage.free == 250.0 * 4096);
  CHECK(usage.usage == 74);
  CHECK(usage.has_inodes);
  CHECK(usage.inode_usage == 67); // 67 used of 100: exact, not rounded further
  FsStats empty{4096, 0, 0, 0, 0, 0};
  CHECK(filesystem_usage(empty).usage == 0);
  CHECK_FALSE(filesystem_usage(empty).has_inodes);
}
