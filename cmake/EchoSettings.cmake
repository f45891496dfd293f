# Build settings as INTERFACE targets, linked PRIVATE by every echo target.

add_library(echo_settings INTERFACE)
target_compile_features(echo_settings INTERFACE cxx_std_20)
target_compile_definitions(echo_settings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)

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
