# pm_add_tool(name): builds tools/<name>/main.cpp against libpm and installs the binary,
# its man page and its bash, zsh and fish completions.
function(pm_add_tool name)
  # The target `pm` is the library; the `pm` command is built as target pm_command.
  set(target ${name})
  if(name STREQUAL "pm")
    set(target pm_command)
  endif()
  add_executable(${target} ${PROJECT_SOURCE_DIR}/tools/${name}/main.cpp)
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${name})
  target_link_libraries(${target} PRIVATE pm pm_settings pm_warnings)
  if(NOT PM_SANITIZE)
    # Start-up time is most of a cron run of pm-sample: the C++ runtime is linked in (binding
    # libstdc++'s symbols at each start costs more than the run's own work) and only the
    # shared libraries a tool calls are loaded (pm-sample does not parse NDJSON: no simdjson).
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc LINKER:--as-needed)
  endif()
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
  install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/man/${name}.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${PROJECT_SOURCE_DIR}/completions/bash/${name}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
  # zsh and fish look in different places for different prefixes: the directories are
  # chosen at install time, for the prefix installed to (cmake/PmCompletionDirs.cmake).
  install(CODE "file(INSTALL DESTINATION \"\${PM_ZSH_INSTALL_DIR}\" TYPE FILE
                     FILES \"${PROJECT_SOURCE_DIR}/completions/zsh/_${name}\")
                file(INSTALL DESTINATION \"\${PM_FISH_INSTALL_DIR}\" TYPE FILE
                     FILES \"${PROJECT_SOURCE_DIR}/completions/fish/${name}.fish\")")
endfunction()

set(PM_ZSH_COMPLETIONS_DIR "" CACHE PATH "where zsh completions go (default: chosen for the install prefix)")
set(PM_FISH_COMPLETIONS_DIR "" CACHE PATH "where fish completions go (default: chosen for the install prefix)")
install(CODE "set(PM_ZSH_COMPLETIONS_DIR_SET \"${PM_ZSH_COMPLETIONS_DIR}\")
              set(PM_FISH_COMPLETIONS_DIR_SET \"${PM_FISH_COMPLETIONS_DIR}\")")
install(SCRIPT ${CMAKE_CURRENT_LIST_DIR}/PmCompletionDirs.cmake)
