# Writes the generated version unit (lib/version.cpp.in -> OUT) with the commit the sources are
# at. Run in script mode (cmake -P) at every build by the echo_version target of lib/, so a
# build after a new commit names that commit; configure_file leaves OUT untouched when nothing
# changed, so a build with no new commit recompiles nothing.
#
#   -DIN=version.cpp.in -DOUT=version.cpp -DSOURCE_DIR=<top of the sources>
#   -DPROJECT_VERSION=x.y.z -DGIT_EXECUTABLE=<git or empty> -DFALLBACK=<commit or empty>
#
# The commit comes from git when SOURCE_DIR is the top of a git work tree (a clone or a
# worktree; `safe.directory` is granted on the command line so a clone owned by another user,
# as in CI containers, still answers). Otherwise (a source tarball, or sources unpacked inside
# some other repository) it is FALLBACK (-DECHO_BUILD_COMMIT=... at configure time), else
# "unknown".
set(ECHO_BUILD_COMMIT "")
if(GIT_EXECUTABLE)
  execute_process(
    COMMAND ${GIT_EXECUTABLE} -c safe.directory=* -C ${SOURCE_DIR} rev-parse --show-toplevel --short=12 HEAD
    OUTPUT_VARIABLE out OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE result)
  if(result EQUAL 0)
    string(REPLACE "\n" ";" out "${out}")
    list(LENGTH out n)
    if(n EQUAL 2)
      list(GET out 0 top)
      list(GET out 1 commit)
      file(REAL_PATH "${top}" top)
      file(REAL_PATH "${SOURCE_DIR}" source)
      if(top STREQUAL source AND commit MATCHES "^[0-9a-f]+$")
        set(ECHO_BUILD_COMMIT ${commit})
      endif()
    endif()
  endif()
endif()
if(NOT ECHO_BUILD_COMMIT)
  set(ECHO_BUILD_COMMIT "${FALLBACK}")
endif()
if(NOT ECHO_BUILD_COMMIT)
  set(ECHO_BUILD_COMMIT unknown)
endif()
configure_file(${IN} ${OUT} @ONLY)
