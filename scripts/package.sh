#!/usr/bin/env bash
# Builds the Debian package echoctl_VERSION_ARCH.deb: installs what is missing, makes a Release
# build in build-package/ (no tests) with Debian's hardening flags (dpkg-buildflags), packages
# it with CPack (stripped binary, gzipped man pages, completions, copyright, changelog, Depends
# from dpkg-shlibdeps), checks it with lintian (any error fails), and prints the .deb's path on
# standard output (everything else goes to standard error).
#
#   sudo apt install ./$(scripts/package.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build=${ECHO_PACKAGE_DIR:-build-package}
jobs=$(nproc 2>/dev/null || echo 2)
# hardening=+all adds -z now (lintian: hardening-no-bindnow) to the default relro, fortify,
# stack protector and PIE.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cppflags=$(dpkg-buildflags --get CPPFLAGS)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DECHO_BUILD_TESTS=OFF \
  -DCMAKE_C_FLAGS="$cppflags $(dpkg-buildflags --get CFLAGS)" \
  -DCMAKE_CXX_FLAGS="$cppflags $(dpkg-buildflags --get CXXFLAGS)" \
  -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" >&2
cmake --build "$build" -j"$jobs" >&2
rm -f "$build"/echoctl_*.deb
(cd "$build" && cpack -G DEB) >&2
debs=("$build"/echoctl_*.deb)
[ -f "${debs[0]}" ] || { echo "package: cpack made no .deb" >&2; exit 1; }
deb=${debs[0]}
echo "package: lintian $deb" >&2
lintian --fail-on error "$deb" >&2
echo "package: $(stat -c %s "$deb") bytes, $(dpkg-deb -f "$deb" Installed-Size) KiB installed" >&2
echo "$deb"
