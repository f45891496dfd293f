# Every dependency comes from Debian's packages; scripts/install-deps.sh installs them.
find_package(CLI11 CONFIG REQUIRED)
find_package(tomlplusplus CONFIG REQUIRED)
find_package(fmt CONFIG REQUIRED)
find_package(SQLiteCpp CONFIG REQUIRED)
find_package(date CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(LibIcal CONFIG REQUIRED)
# ICU maps Windows zone ids (Outlook TZIDs) to IANA zones with CLDR's windowsZones table.
find_package(ICU REQUIRED COMPONENTS i18n uc)
find_package(Threads REQUIRED)

# libcsv, utf8proc and nettle ship no CMake package: wrap the installed library in an imported
# target (nettle's header is nettle/sha2.h; it hashes imported files).
set(ECHO_csv_HEADER csv.h)
set(ECHO_utf8proc_HEADER utf8proc.h)
set(ECHO_nettle_HEADER nettle/sha2.h)
foreach(dep IN ITEMS csv utf8proc nettle)
  string(TOUPPER ${dep} DEP)
  find_path(ECHO_${DEP}_INCLUDE_DIR NAMES ${ECHO_${dep}_HEADER} REQUIRED)
  find_library(ECHO_${DEP}_LIBRARY NAMES ${dep} REQUIRED)
  add_library(echo::${dep} UNKNOWN IMPORTED)
  set_target_properties(echo::${dep} PROPERTIES
    IMPORTED_LOCATION "${ECHO_${DEP}_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${ECHO_${DEP}_INCLUDE_DIR}")
endforeach()

if(ECHO_BUILD_TESTS)
  find_package(doctest CONFIG REQUIRED)
endif()

# Certificates: cairo draws the PDF, pango lays out text in any script, librsvg draws SVG logos
# and signatures. Spreadsheets: libxlsxwriter writes .xlsx. None ships a CMake package.
find_package(PkgConfig REQUIRED)
pkg_check_modules(ECHO_PDF REQUIRED IMPORTED_TARGET pangocairo cairo-pdf librsvg-2.0)
pkg_check_modules(ECHO_XLSX REQUIRED IMPORTED_TARGET xlsxwriter)
