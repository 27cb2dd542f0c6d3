# Third-party libraries, all from Debian packages. A missing one stops the configure
# step and names the package that provides it.
function(pm_require package target debian_package)
  find_package(${package} CONFIG QUIET)
  if(NOT TARGET ${target})
    message(FATAL_ERROR "${package} not found: install it with 'apt-get install ${debian_package}'")
  endif()
endfunction()

pm_require(CLI11 CLI11::CLI11 libcli11-dev)
pm_require(nlohmann_json nlohmann_json::nlohmann_json nlohmann-json3-dev)
pm_require(date date::date libhowardhinnant-date-dev)
pm_require(simdjson simdjson::simdjson libsimdjson-dev)
find_package(Threads REQUIRED)
if(PM_BUILD_TESTS)
  pm_require(Catch2 Catch2::Catch2 catch2)
endif()
