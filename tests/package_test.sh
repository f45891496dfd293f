#!/usr/bin/env bash
# The Debian package as an admin gets it. CPack packages the test's own build tree (no rebuild:
# it installs what is built and strips it, as scripts/package.sh does for its Release build),
# then: the name echoctl_VERSION_ARCH.deb, the control fields (Depends from dpkg-shlibdeps),
# files owned by root, `dpkg -x` into a scratch root, /usr/bin/echoctl stripped and naming the
# commit it was built from, gzipped man pages, copyright and changelog, the bash completion,
# and lintian with no error.
set -euo pipefail
build=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package test: $*" >&2; exit 1; }

arch=$(dpkg --print-architecture)
if ! cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  fail "cpack failed"
fi
shopt -s nullglob
debs=("$work"/out/*.deb)
[ ${#debs[@]} -eq 1 ] || fail "cpack made ${#debs[@]} .deb files, not 1: ${debs[*]}"
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)
[ "${deb##*/}" = "echoctl_${version}_${arch}.deb" ] || fail "package named ${deb##*/}, not echoctl_${version}_${arch}.deb"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = echoctl ] || fail "Package: $(field Package)"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
[ "$(field Section)" = utils ] || fail "Section: $(field Section)"
[[ $(field Maintainer) =~ ^[^\<]+\ \<[^@\>]+@[^\>]+\>$ ]] || fail "Maintainer: $(field Maintainer)"
# dpkg-shlibdeps names the shared libraries the binary links, with their package versions.
depends=$(field Depends)
for lib in libc6 libsqlite3-0 libstdc++6; do
  [[ ", $depends" == *", $lib (>= "* ]] || fail "Depends lacks '$lib (>= ...)': $depends"
done
# Every file and directory belongs to root.
owners=$(dpkg-deb -c "$deb" | awk '{print $2}' | sort -u)
[ "$owners" = root/root ] || fail "files not owned by root/root: $owners"

root=$work/root
dpkg -x "$deb" "$root"
bin=$root/usr/bin/echoctl
[ -x "$bin" ] || fail "usr/bin/echoctl missing"
[ ! -e "$root/usr/bin/echo" ] || fail "usr/bin/echo must never be installed"
if readelf -S "$bin" | grep -qE '\.symtab|\.debug_'; then fail "usr/bin/echoctl is not stripped"; fi
# The modules (code that needs libical/ICU, cairo/pango, libxlsxwriter; loaded on first use).
for module in ics pdf xlsx; do
  found=$(find "$root/usr/lib" -path "*/echoctl/echo-$module.so" -type f)
  [ -n "$found" ] || fail "usr/lib/.../echoctl/echo-$module.so missing"
  if readelf -S "$found" | grep -qE '\.symtab|\.debug_'; then fail "${found#"$root"} is not stripped"; fi
done

out=$("$bin" --version)
[[ $out == "echoctl $version (commit "* ]] || fail "--version says '$out'"
if commit=$(git -c safe.directory='*' -C "$source_dir" rev-parse --short=12 HEAD 2>/dev/null); then
  [[ $out == *"(commit $commit,"* ]] || fail "--version says '$out', not the commit $commit"
fi

man=$root/usr/share/man
[ -f "$man/man1/echoctl.1.gz" ] || fail "usr/share/man/man1/echoctl.1.gz missing"
[ -f "$man/man5/echoctl.toml.5.gz" ] || fail "usr/share/man/man5/echoctl.toml.5.gz missing"
while IFS= read -r -d '' page; do
  case $page in *.gz) gzip -t "$page" || fail "${page#"$root"} is not valid gzip" ;; *) fail "${page#"$root"} is not gzipped" ;; esac
done < <(find "$man" -type f -print0)

doc=$root/usr/share/doc/echoctl
[ "$(head -n1 "$doc/copyright")" = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" ] ||
  fail "usr/share/doc/echoctl/copyright missing or not machine-readable (DEP-5)"
[ "$(gzip -dc "$doc/changelog.gz" | head -n1 | cut -d' ' -f1-2)" = "echoctl ($version)" ] ||
  fail "changelog.gz missing or its newest entry is not echoctl ($version)"
[ -f "$root/usr/share/bash-completion/completions/echoctl" ] || fail "bash completion missing"
[ -f "$root/usr/share/zsh/vendor-completions/_echoctl" ] || fail "zsh completion missing"
[ -f "$root/usr/share/fish/vendor_completions.d/echoctl.fish" ] || fail "fish completion missing"

command -v lintian >/dev/null || fail "lintian is not installed (scripts/install-deps.sh installs it)"
if ! lintian --fail-on error "$deb" >"$work/lintian.log" 2>&1; then
  cat "$work/lintian.log" >&2
  fail "lintian reports errors"
fi
echo "package test: ${deb##*/}, $(stat -c %s "$deb") bytes; lintian: $(grep -cE "^[EWIPX]: " "$work/lintian.log" || true) tags, no error"
echo "package test: 1 passed, 0 failed"
