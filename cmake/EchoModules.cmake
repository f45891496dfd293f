# Plug-in modules (lib/echo/util/module.hpp): the code that needs a heavy library is built as a
# shared module, echo-NAME.so, loaded when first used, so that the program itself links none of
# those libraries and every other command starts without loading them:
#   echo-ics   libical and ICU (ICS schedules, Windows zone ids)
#   echo-pdf   cairo, pango, librsvg (certificate PDFs)
#   echo-xlsx  libxlsxwriter (.xlsx output)
# In the build tree they are in build/modules; installed, in LIBDIR/echoctl, which the program
# finds relative to its own directory (so `cmake --install --prefix`, DESTDIR and the .deb all
# work). Each module links the parts of echo_core it uses (echo_core is position-independent for
# that); --exclude-libs keeps those copies private to the module.
set(ECHO_MODULE_BUILD_DIR ${PROJECT_BINARY_DIR}/modules)
set(ECHO_MODULE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/echoctl)
file(RELATIVE_PATH ECHO_MODULE_RELATIVE_DIR /prefix/${CMAKE_INSTALL_BINDIR} /prefix/${ECHO_MODULE_INSTALL_DIR})
add_custom_target(echo_modules)

# echo_add_module(NAME SOURCES file... LIBRARIES target...)
function(echo_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  set(target echo_module_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME echo-${name} PREFIX "" LIBRARY_OUTPUT_DIRECTORY ${ECHO_MODULE_BUILD_DIR})
  target_link_libraries(${target} PRIVATE echo_core ${ARG_LIBRARIES} echo_settings echo_warnings)
  target_link_options(${target} PRIVATE LINKER:--exclude-libs,ALL)
  add_dependencies(echo_modules ${target})
  # Shared objects are 0644 (Debian policy 8.1; lintian: shared-library-is-executable).
  install(TARGETS ${target} LIBRARY DESTINATION ${ECHO_MODULE_INSTALL_DIR}
    PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endfunction()
