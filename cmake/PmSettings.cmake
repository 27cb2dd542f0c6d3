# Interface targets that carry the project's compiler settings and warnings.
add_library(pm_settings INTERFACE)
target_compile_features(pm_settings INTERFACE cxx_std_20)
if(PM_SANITIZE)
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
