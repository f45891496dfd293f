# The Debian package of echo, `echoctl_VERSION_amd64.deb`, built by CPack from the install rules
# (scripts/package.sh: a Release build, cpack, lintian). Everything goes under /usr: the
# program as /usr/bin/echoctl (stripped by CPack), gzipped man pages (man/CMakeLists.txt),
# completions (cli/CMakeLists.txt), and the two files every Debian package documents itself
# with, /usr/share/doc/echoctl/copyright (machine-readable, DEP-5) and changelog.gz.

set(ECHO_PACKAGE_MAINTAINER "echo maintainers <maintainers@users.noreply.r-seed-7cc46e1b.example>"
  CACHE STRING "Maintainer field of the Debian package (Name <email>)")

# Directories the install creates are 0755 whatever the umask of whoever builds the package
# (lintian: non-standard-dir-perm); files get 0644 and programs 0755 from install() itself.
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# The changelog is packaging/changelog compressed with `gzip -9n` (no name, no timestamp: the
# same bytes on every build), as the man pages are. The package is native (its version is
# echo's, with no Debian revision: echoctl_0.1.0_amd64.deb), so Debian policy 12.7 names its
# one changelog changelog.gz, not changelog.Debian.gz (lintian:
# wrong-name-for-changelog-of-native-package).
find_program(ECHO_GZIP gzip REQUIRED)
set(ECHO_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/echoctl)
set(ECHO_CHANGELOG_GZ ${PROJECT_BINARY_DIR}/packaging/changelog.gz)
add_custom_command(OUTPUT ${ECHO_CHANGELOG_GZ}
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/packaging/changelog changelog
  COMMAND ${ECHO_GZIP} -9nf changelog
  DEPENDS ${PROJECT_SOURCE_DIR}/packaging/changelog
  WORKING_DIRECTORY ${PROJECT_BINARY_DIR}/packaging
  COMMENT "Compressing changelog"
  VERBATIM)
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/packaging)
add_custom_target(echo_changelog ALL DEPENDS ${ECHO_CHANGELOG_GZ})
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright ${ECHO_CHANGELOG_GZ} DESTINATION ${ECHO_DOC_DIR})

# The changelog's newest entry names the version the package is built as: a version bump in
# project() without a changelog entry stops here rather than ship a package that contradicts
# its own changelog.
file(STRINGS ${PROJECT_SOURCE_DIR}/packaging/changelog ECHO_CHANGELOG_TOP LIMIT_COUNT 1)
if(NOT ECHO_CHANGELOG_TOP MATCHES "^echoctl \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "packaging/changelog: the newest entry is '${ECHO_CHANGELOG_TOP}', "
                      "not echoctl (${PROJECT_VERSION}): add an entry for this version")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/packaging/changelog)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME echoctl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The echo contributors")
set(CPACK_PACKAGE_CONTACT ${ECHO_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# CPack strips the programs it packages (lintian: unstripped-binary-or-object); the build tree
# keeps its symbols for debugging.
set(CPACK_STRIP_FILES ON)

# echoctl_VERSION_amd64.deb: a native package, no Debian revision.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${ECHO_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: from dpkg-shlibdeps (dpkg-dev), so it names exactly the shared libraries the binary
# was linked against, with the versions of the machine that built it.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the extended description (lintian:
# extended-description-is-empty).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "echoctl runs the recurring teleECHO series of a Project ECHO telementoring hub
on one SQLite database configured by a TOML file: series and their sessions
(schedules imported from TOML, CSV, JSON or ICS), participants, attendance
taken from Zoom exports, continuing-education credit, proposals for new series
from submission to scheduling, and reports for funders and accreditors as
tables, CSV, JSON, Markdown or HTML.
The program is installed as echoctl, not echo, so as not to shadow the shell's
echo.")

include(CPack)
