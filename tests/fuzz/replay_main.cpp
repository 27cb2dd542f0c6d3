// A main for a fuzz target built without libFuzzer: runs the target once on each file named
// (a directory: each regular file in it, in name order), so ctest replays the regression
// inputs and seeds with any compiler. Exits 1 when a named path cannot be read.
#include "tests/fuzz/fuzz.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

bool replay(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return true;
}

} // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  bool ok = true;
  LLVMFuzzerTestOneInput(nullptr, 0); // libFuzzer always tries the empty input first
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path path = argv[i];
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(path))
        if (entry.is_regular_file())
          files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      for (const auto& file : files)
        count += replay(file) ? 1 : (ok = false, 0);
    } else {
      count += replay(path) ? 1 : (ok = false, 0);
    }
  }
  std::printf("replayed %zu inputs\n", count);
  return ok ? 0 : 1;
}
