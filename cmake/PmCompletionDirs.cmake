# Run at install time (install(SCRIPT) in PmTool.cmake): where the zsh and fish completions
# go for the prefix being installed to, so that each shell finds them there.
#   /usr (the .deb):  zsh/vendor-completions and fish/vendor_completions.d, Debian's places
#                     for packages (both are on each shell's path).
#   /usr/local:       zsh/site-functions (on zsh's default fpath); fish searches nothing under
#                     /usr/local, so /etc/fish/completions, the system administrator's place.
#   any other prefix: PREFIX/share/zsh/site-functions and PREFIX/share/fish/vendor_completions.d
#                     (found when fpath or XDG_DATA_DIRS name PREFIX/share).
# PM_ZSH_COMPLETIONS_DIR and PM_FISH_COMPLETIONS_DIR, given at configure time, win.
if(PM_ZSH_COMPLETIONS_DIR_SET)
  set(PM_ZSH_INSTALL_DIR "${PM_ZSH_COMPLETIONS_DIR_SET}")
elseif(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(PM_ZSH_INSTALL_DIR "${CMAKE_INSTALL_PREFIX}/share/zsh/vendor-completions")
else()
  set(PM_ZSH_INSTALL_DIR "${CMAKE_INSTALL_PREFIX}/share/zsh/site-functions")
endif()
if(PM_FISH_COMPLETIONS_DIR_SET)
  set(PM_FISH_INSTALL_DIR "${PM_FISH_COMPLETIONS_DIR_SET}")
elseif(CMAKE_INSTALL_PREFIX STREQUAL "/usr/local")
  set(PM_FISH_INSTALL_DIR "/etc/fish/completions")
else()
  set(PM_FISH_INSTALL_DIR "${CMAKE_INSTALL_PREFIX}/share/fish/vendor_completions.d")
endif()
message(STATUS "pm: prefix ${CMAKE_INSTALL_PREFIX}: zsh completions in ${PM_ZSH_INSTALL_DIR}, fish in ${PM_FISH_INSTALL_DIR}")
