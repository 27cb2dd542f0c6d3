// Unit tests of libpm/cli/dispatch: where `pm NAME` finds pm-NAME, and the command table.
#include "libpm/cli/dispatch.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using pm::cli::find_tool;

namespace {

// A scratch tree: DIR/beside, DIR/path1, DIR/path2, removed at the end of the test.
struct Tree {
  fs::path root;
  Tree() {
    char name[] = "/tmp/pm-dispatch-XXXXXX";
    root = ::mkdtemp(name);
    for (const char* dir : {"beside", "path1", "path2"})
      fs::create_directory(root / dir);
  }
  ~Tree() { fs::remove_all(root); }
  std::string file(const std::string& relative, unsigned mode) const {
    fs::path path = root / relative;
    std::ofstream(path) << "#!/bin/sh\n";
    ::chmod(path.c_str(), mode);
    return path.string();
  }
  std::string dir(const char* name) const { return (root / name).string(); }
};

} // namespace

TEST_CASE("pm-NAME is found beside pm first, then in PATH's order") {
  Tree tree;
  std::string path = tree.dir("path1") + ":" + tree.dir("path2");
  CHECK_FALSE(find_tool("sample", tree.dir("beside"), path));
  std::string second = tree.file("path2/pm-sample", 0755);
  CHECK(find_tool("sample", tree.dir("beside"), path) == second);
  std::string first = tree.file("path1/pm-sample", 0755);
  CHECK(find_tool("sample", tree.dir("beside"), path) == first);
  std::string beside = tree.file("beside/pm-sample", 0755);
  CHECK(find_tool("sample", tree.dir("beside"), path) == beside);
  // Without a directory of its own (unknown /proc/self/exe), PATH alone.
  CHECK(find_tool("sample", "", path) == first);
}

TEST_CASE("only an executable regular file counts") {
  Tree tree;
  tree.file("path1/pm-data", 0644);
  fs::create_directory(tree.root / "path1" / "pm-dir");
  std::string path = tree.dir("path1") + ":" + tree.dir("path2");
  CHECK_FALSE(find_tool("data", "", path));
  CHECK_FALSE(find_tool("dir", "", path));
  std::string later = tree.file("path2/pm-data", 0755);
  CHECK(find_tool("data", "", path) == later);
}

TEST_CASE("a name that is not a plain command name finds nothing") {
  Tree tree;
  tree.file("beside/pm-x", 0755);
  for (const char* name : {"", "-x", "../beside/pm-x", "a/b", "X", "sample x", "pm-x/"})
    CHECK_FALSE(find_tool(name, tree.dir("beside"), tree.dir("beside")));
  CHECK(find_tool("x", tree.dir("beside"), ""));
}

TEST_CASE("an empty PATH entry is the current directory, as the shell has it") {
  Tree tree;
  std::string tool = tree.file("path1/pm-here", 0755);
  std::string old = fs::current_path().string();
  fs::current_path(tree.dir("path1"));
  auto found = find_tool("here", "", "/nonexistent::/also-not");
  fs::current_path(old);
  REQUIRE(found);
  CHECK(*found == "./pm-here");
}

TEST_CASE("the command table lists each tool once, in pm --help's text") {
  std::string help = pm::cli::commands_help();
  for (const auto& tool : pm::cli::tools()) {
    CHECK(help.find("  " + std::string(tool.name) + " ") != std::string::npos);
    CHECK_FALSE(tool.summary.empty());
  }
  CHECK(pm::cli::tools().size() == 5);
}
