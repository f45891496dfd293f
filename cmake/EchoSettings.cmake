# Build settings as INTERFACE targets, linked PRIVATE by every echo target.

add_library(echo_settings INTERFACE)
target_compile_features(echo_settings INTERFACE cxx_std_20)
target_compile_definitions(echo_settings INTERFACE
  $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>
  ECHO_VERSION="${PROJECT_VERSION}")

add_library(echo_warnings INTERFACE)
target_compile_options(echo_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor -Wpedantic
  $<$<BOOL:${ECHO_WERROR}>:-Werror>)

if(ECHO_SANITIZE)
  target_compile_options(echo_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(echo_settings INTERFACE -fsanitize=address,undefined)
endif()
