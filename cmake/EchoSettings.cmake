# Build settings as INTERFACE targets, linked PRIVATE by every echo target.

add_library(echo_settings INTERFACE)
target_compile_features(echo_settings INTERFACE cxx_std_20)
target_compile_definitions(echo_settings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)

# Debug information of the RelWithDebInfo build (what scripts/test.sh builds): line tables
# (-g1: functions, files and lines for backtraces, perf and gdb's bt), not full -g. Full -g costs
# a third of the CPU time of an -O2 unit (lib/echo/evaluation/service.cpp: 10.0 s with -g, 7.5 s
# with -g1, 6.4 s without). For variables and types in gdb: -DECHO_FULL_DEBUG_INFO=ON, or a
# Debug build. It comes after the build type's -g on the command line, so it wins.
option(ECHO_FULL_DEBUG_INFO "RelWithDebInfo with full -g debug information rather than -g1 line tables" OFF)
if(NOT ECHO_FULL_DEBUG_INFO)
  target_compile_options(echo_settings INTERFACE $<$<CONFIG:RelWithDebInfo>:-g1>)
endif()

# ccache, when the machine has it, makes rebuilds across build trees and branches cheap.
find_program(ECHO_CCACHE ccache)
if(ECHO_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${ECHO_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${ECHO_CCACHE})
endif()

add_library(echo_warnings INTERFACE)
target_compile_options(echo_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor -Wpedantic
  $<$<BOOL:${ECHO_WERROR}>:-Werror>)

if(ECHO_SANITIZE)
  target_compile_options(echo_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(echo_settings INTERFACE -fsanitize=address,undefined)
endif()

# Start-up (issue 17; bench/startup.sh counts instructions). Every command pays the dynamic
# loader, and most of its work is looking up symbols: each lookup walks the libraries in the
# order of the binary's NEEDED entries, and the driver names libstdc++ last, after every other
# library, although most lookups (from the program, libfmt, toml++, date-tz and libstdc++
# itself) are for its symbols. Named first: 6.05M -> 5.51M instructions for `echo --version`.
# Not under the sanitizers, whose runtime must come first.
if(NOT ECHO_SANITIZE AND NOT ECHO_FUZZ)
  target_link_options(echo_settings INTERFACE
    "SHELL:LINKER:--push-state,--no-as-needed -lstdc++ LINKER:--pop-state")
endif()
# libcsv and nettle (nettle only hashes imported files) linked from their static archives: two
# libraries fewer to map and search at every start-up (-0.69M instructions for `echo --version`).
# No module uses either. cmake/EchoDependencies.cmake finds them under these names; SQLite stays
# shared (Debian's security updates reach it; the .deb depends on libsqlite3-0).
foreach(dep IN ITEMS csv nettle)
  string(TOUPPER ${dep} DEP)
  find_library(ECHO_${DEP}_STATIC_LIBRARY NAMES lib${dep}.a)
  if(ECHO_${DEP}_STATIC_LIBRARY)
    set(ECHO_${DEP}_LIBRARY ${ECHO_${DEP}_STATIC_LIBRARY} CACHE FILEPATH "The ${dep} library" FORCE)
  endif()
endforeach()
