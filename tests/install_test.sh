#!/usr/bin/env bash
# cmake --install puts the program at bin/echoctl (never bin/echo), with man pages (gzipped) and
# bash completion under the same name, and the installed program runs under that name.
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
fail() { echo "install test: $*" >&2; exit 1; }
[ -x "$prefix/bin/echoctl" ] || fail "bin/echoctl missing"
[ ! -e "$prefix/bin/echo" ] || fail "bin/echo must never be installed"
# Man pages are installed gzipped (Debian policy 12.1), without name or timestamp (gzip -n).
[ -f "$prefix/share/man/man1/echoctl.1.gz" ] || fail "man page echoctl.1.gz missing"
[ -f "$prefix/share/man/man5/echoctl.toml.5.gz" ] || fail "man page echoctl.toml.5.gz missing"
for page in "$prefix"/share/man/man*/*; do
  case $page in *.gz) ;; *) fail "man page $page is not gzipped" ;; esac
  gzip -t "$page" || fail "man page $page is not a valid gzip file"
  # Bytes 4-7 of a gzip header are the modification time: gzip -n leaves them zero.
  [ "$(od -An -tu4 -j4 -N4 "$page" | tr -d ' ')" = 0 ] || fail "man page $page has a timestamp"
  [ "$(gzip -dc "$page" | grep -c '^\.TH ')" -ge 1 ] || fail "man page $page has no .TH line"
done
[ -f "$prefix/share/doc/echoctl/copyright" ] || fail "share/doc/echoctl/copyright missing"
[ -f "$prefix/share/bash-completion/completions/echoctl" ] || fail "bash completion missing"
[ -f "$prefix/share/zsh/vendor-completions/_echoctl" ] || fail "zsh completion missing"
[ -f "$prefix/share/fish/vendor_completions.d/echoctl.fish" ] || fail "fish completion missing"
grep -q '^complete -F _echoctl_complete echoctl$' "$prefix/share/bash-completion/completions/echoctl" ||
  fail "bash completion is not for echoctl"
if find "$prefix" -name 'echo' -o -name 'echo.1' | grep -q .; then fail "a file named echo was installed"; fi
out=$("$prefix/bin/echoctl" --version)
case $out in echoctl\ *) ;; *) fail "--version says '$out', not echoctl" ;; esac
err=$("$prefix/bin/echoctl" nosuchcommand 2>&1 || true)
case $err in echoctl:\ error:*) ;; *) fail "errors say '$err', not echoctl: error:" ;; esac
# The modules (echo-ics, echo-pdf, echo-xlsx: the code that needs libical/ICU, cairo/pango,
# libxlsxwriter, loaded on first use) are installed 0644 under LIBDIR/echoctl, and the installed
# program loads them from there, not from the build tree (LD_DEBUG=files names what is loaded).
for module in ics pdf xlsx; do
  found=$(find "$prefix" -path "*/echoctl/echo-$module.so" -type f)
  [ -n "$found" ] || fail "module echo-$module.so not installed under LIBDIR/echoctl"
  [ "$(stat -c %a "$found")" = 644 ] || fail "$found is mode $(stat -c %a "$found"), not 644"
done
ldd "$prefix/bin/echoctl" | grep -qE 'libical|libicu|libcairo|libpango|libxlsxwriter' &&
  fail "echoctl links a library that only a module needs: $(ldd "$prefix/bin/echoctl" | tr -d '\t' | tr '\n' ' ')"
examples=$(cd "$(dirname "$0")/../examples" && pwd)
hub=$prefix/hub
"$prefix/bin/echoctl" init "$hub" >/dev/null 2>&1 || fail "echoctl init failed"
"$prefix/bin/echoctl" --config "$hub/echo.toml" -q series create nc-2026 --title "Nurse Coordinators ECHO" --timezone America/Vancouver >/dev/null ||
  fail "series create failed"
loaded=$(LD_DEBUG=files "$prefix/bin/echoctl" --config "$hub/echo.toml" -q session import \
  "$examples/schedules/nurse-coordinators-2026.ics" --series nc-2026 2>&1 >/dev/null) || fail "ICS import failed: $loaded"
grep -q "file=$prefix/.*/echoctl/echo-ics.so" <<<"$loaded" || fail "echo-ics.so not loaded from $prefix"
echo "install test: 1 passed, 0 failed"
