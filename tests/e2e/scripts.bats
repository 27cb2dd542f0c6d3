#!/usr/bin/env bats
# scripts/test runs the whole suite whatever an earlier configure cached in build/, fails
# when a suite runs no test, and ends with every fuzz target run briefly. It runs here on a stand-in source tree (a CMake project
# with one test behind PM_BUILD_TESTS, as pm's), with the real cmake, ninja and ctest, so
# that the check costs seconds rather than two builds of pm.

bats_require_minimum_version 1.5.0

setup() {
  src="$BATS_TEST_TMPDIR/src"
  mkdir -p "$src/scripts"
  cp "$PM_SOURCE/scripts/test" "$src/scripts/test"
  printf '#!/bin/sh\nexit 0\n' > "$src/scripts/install-deps" # the packages are there
  mkdir -p "$src/tests/fuzz"
  printf '#!/bin/sh\necho "fuzzed $1 for $2 s"\n' > "$src/tests/fuzz/run.sh" # the real one builds pm with clang
  chmod +x "$src/scripts/install-deps" "$src/tests/fuzz/run.sh"
  cat > "$src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(standin NONE)
option(PM_BUILD_TESTS "build the tests" ON)
option(PM_WERROR "warnings are errors" OFF)
set(PM_SANITIZE "" CACHE STRING "sanitizers")
if(PM_BUILD_TESTS AND NOT STANDIN_NO_TESTS)
  enable_testing()
  add_test(NAME "suite of ${PM_SANITIZE}" COMMAND true)
elseif(PM_BUILD_TESTS)
  enable_testing()
endif()
CMAKE
}

@test "scripts/test runs the tests although build/ was configured with PM_BUILD_TESTS=OFF" {
  # What scripts/quickstart and the README's by-hand block used to leave behind.
  cmake -S "$src" -B "$src/build" -G Ninja -DPM_BUILD_TESTS=OFF >/dev/null
  run "$src/scripts/test"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"== build and test (-Werror)"*"100% tests passed, 0 tests failed out of 1"*"== build and test (AddressSanitizer"*"100% tests passed, 0 tests failed out of 1"*"== fuzz targets, 5 s each"*"fuzzed all for 5 s"* ]]
  [[ "$output" != *"No tests were found"* ]]
  grep -qx 'PM_BUILD_TESTS:BOOL=ON' "$src/build/CMakeCache.txt"
  grep -qx 'PM_WERROR:BOOL=ON' "$src/build/CMakeCache.txt"
  grep -qx 'PM_SANITIZE:STRING=address,undefined' "$src/build-asan/CMakeCache.txt"
}

@test "scripts/test fails when a suite runs no test" {
  sed -i '1a set(STANDIN_NO_TESTS ON)' "$src/CMakeLists.txt"
  run "$src/scripts/test"
  echo "$output"
  [ "$status" -ne 0 ]
  [[ "$output" == *"No tests were found!!!"* ]]
}

@test ".ci/run is scripts/test" {
  run grep -x 'exec scripts/test' "$PM_SOURCE/.ci/run"
  [ "$status" -eq 0 ]
}
