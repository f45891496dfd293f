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
