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
  install(FILES ${PROJECT_SOURCE_DIR}/completions/zsh/_${name}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
  install(FILES ${PROJECT_SOURCE_DIR}/completions/fish/${name}.fish
          DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
endfunction()
