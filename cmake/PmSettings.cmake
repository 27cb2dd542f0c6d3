# Interface targets that carry the project's compiler settings and warnings.
add_library(pm_settings INTERFACE)
target_compile_features(pm_settings INTERFACE cxx_std_20)
if(PM_FUZZ)
  # libFuzzer needs the coverage instrumentation in libpm too; the targets themselves link
  # with -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt).
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PM_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(PM_SANITIZE)
    message(FATAL_ERROR "PM_FUZZ builds with address,undefined: leave PM_SANITIZE empty")
  endif()
  target_compile_options(pm_settings INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                                               -fno-sanitize-recover=all)
  target_link_options(pm_settings INTERFACE -fsanitize=address,undefined)
elseif(PM_SANITIZE)
  target_compile_options(pm_settings INTERFACE -fsanitize=${PM_SANITIZE} -fno-omit-frame-pointer
                                               -fno-sanitize-recover=all)
  target_link_options(pm_settings INTERFACE -fsanitize=${PM_SANITIZE})
endif()

add_library(pm_warnings INTERFACE)
# -Wconversion catches the silent narrowing that corrupts counters and timestamps.
target_compile_options(pm_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wnon-virtual-dtor -Wold-style-cast)
if(PM_SANITIZE)
  # GCC 12 reports false maybe-uninitialized warnings in <regex> (pulled in by Catch2)
  # when sanitizer instrumentation changes its inlining.
  target_compile_options(pm_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
if(PM_WERROR)
  target_compile_options(pm_warnings INTERFACE -Werror)
endif()
