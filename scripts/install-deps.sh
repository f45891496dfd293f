#!/usr/bin/env bash
# Installs, with apt-get, whatever echo needs that is missing. Idempotent: when every package
# is already there it asks dpkg only and returns in well under a second.
set -euo pipefail

packages=(
  cmake g++ make pkg-config clang-format git
  libcli11-dev libtomlplusplus-dev libfmt-dev
  libsqlitecpp-dev libsqlite3-dev sqlite3
  doctest-dev
  libhowardhinnant-date-dev tzdata
  nlohmann-json3-dev libical-dev libcsv-dev libutf8proc-dev nettle-dev
  clang libclang-rt-14-dev
  # ICU: Windows zone ids of Outlook ICS files to IANA zones (CLDR windowsZones), by exact name.
  libicu-dev
  # the Debian package (scripts/package.sh, tests/package_test.sh): dpkg-shlibdeps and
  # dpkg-buildflags for CPack's Depends and the hardening flags, lintian to check the .deb
  dpkg-dev lintian
  # certificates: cairo draws the PDF, pango lays out names in any script (fonts-dejavu-core
  # has Latin, Greek and Cyrillic), librsvg draws SVG logos; poppler-utils (pdftotext, pdfinfo)
  # lets the tests read the PDFs back and pdftoppm makes the README's pictures
  libcairo2-dev libpango1.0-dev librsvg2-dev fonts-dejavu-core poppler-utils
  # spreadsheets: --format xlsx
  libxlsxwriter-dev
)

# One dpkg-query for all packages; those not reported as installed are missing.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null |
  awk '$2 == "install" && $3 == "ok" && $4 == "installed" {print $1}' || true)
missing=()
for p in "${packages[@]}"; do
  if ! grep -qx "$p" <<<"$installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
