#!/usr/bin/env bash
# labels: external
# Installing palisade (issue 23): `cmake --install` into a staging prefix puts
# the binary, the man page generated from its help and the documentation
# (rule pages included) in place, and the installed binary scans the demo;
# `cpack` makes a .deb whose version is the binary's, whose files extract and
# run the same way; and, as root with dpkg (CI), a real `dpkg -i` installs it,
# /usr/bin/palisade scans the demo, and `dpkg -r` removes it — the machine is
# restored even when a step fails (trap). Skipped parts say why.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
build=$(dirname "$palisade")
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" && scratch=$(pwd) || exit 2
source "$src/tests/shell/lib/assert.bash"
[[ -f "$build/cmake_install.cmake" ]] || { echo "SKIP: $build is not a CMake build folder"; exit 77; }
version=$("$palisade" version | awk '{print $2}')

# --- cmake --install into a staging prefix ------------------------------------------------
expect_exit 0 "cmake --install --prefix stage" -- cmake --install "$build" --prefix "$scratch/stage"
check "the binary is installed" "[[ -x stage/bin/palisade ]]"
check "the man page is installed" "[[ -f stage/share/man/man1/palisade.1 ]]"
check "the rule pages are installed" "[[ -f stage/share/doc/palisade/rules/K8S001.md && -f stage/share/doc/palisade/rules/README.md ]]"
check "the documentation is installed" "[[ -f stage/share/doc/palisade/configuration.md && -f stage/share/doc/palisade/README.md ]]"
expect_grep '^\.TH PALISADE 1' stage/share/man/man1/palisade.1 "the man page is roff"
expect_grep 'sarif\\-rules' stage/share/man/man1/palisade.1 "the man page is generated from the help (lists --sarif-rules)"
if command -v groff >/dev/null; then
  groff -man -Tutf8 stage/share/man/man1/palisade.1 >man.txt 2>man-err.txt
  check "groff renders the man page without warnings" "[[ -s man.txt && ! -s man-err.txt ]]"
fi
(cd "$src" && "$scratch/stage/bin/palisade" scan fixtures/demo --format concise >"$scratch/staged.txt" 2>"$scratch/err.txt")
check "the installed binary scans the demo (exit 1, findings)" "[[ $? -eq 1 ]] && grep -q 'K8S002' staged.txt"

# --- cpack: a .deb ----------------------------------------------------------------------------
command -v dpkg-deb >/dev/null || { echo "SKIP (rest): dpkg-deb is not installed"; finish; exit; }
(cd "$build" && cpack -G DEB -B "$scratch/pkg" >"$scratch/cpack.txt" 2>&1)
check "cpack -G DEB succeeds" "[[ $? -eq 0 ]]"
deb=$(ls pkg/palisade_*.deb 2>/dev/null | head -1)
check "the package is named palisade_VERSION_ARCH.deb ($deb)" "[[ \$deb == pkg/palisade_${version}_*.deb ]]"
[[ -n "$deb" ]] || { sed 's/^/  | /' cpack.txt | tail -20; finish; exit; }
check "its version is the binary's ($version)" "[[ \$(dpkg-deb -f \$deb Version) == $version ]]"
check "it declares its library dependencies" "dpkg-deb -f \$deb Depends | grep -q libre2"
dpkg-deb -c "$deb" >contents.txt
expect_grep '\./usr/bin/palisade$' contents.txt "the package holds /usr/bin/palisade"
expect_grep '\./usr/share/man/man1/palisade\.1' contents.txt "and the man page"
expect_grep '\./usr/share/doc/palisade/rules/K8S001\.md$' contents.txt "and the rule pages"
dpkg-deb -x "$deb" extracted
(cd "$src" && "$scratch/extracted/usr/bin/palisade" scan fixtures/demo --format concise >"$scratch/extracted.txt" 2>&1)
check "the extracted binary scans the demo" "[[ $? -eq 1 ]] && diff -q staged.txt extracted.txt >/dev/null"

# --- dpkg -i, run, dpkg -r (root only: CI) ----------------------------------------------------
if [[ $(id -u) -ne 0 ]] || ! command -v dpkg >/dev/null; then
  echo "SKIP (real install): needs root and dpkg"
  finish; exit
fi
if [[ -e /usr/bin/palisade ]] || dpkg -s palisade >/dev/null 2>&1; then
  echo "SKIP (real install): /usr/bin/palisade or a palisade package is already there; not touching it"
  finish; exit
fi
installed=0
restore() { if [[ $installed -eq 1 ]]; then dpkg -r palisade >/dev/null 2>&1 || dpkg --purge palisade >/dev/null 2>&1; fi; }
trap restore EXIT
dpkg -i "$deb" >dpkg-i.txt 2>&1 && installed=1
check "dpkg -i installs the package" "[[ $installed -eq 1 ]]"
if [[ $installed -eq 1 ]]; then
  (cd "$src" && /usr/bin/palisade scan fixtures/demo --format concise >"$scratch/system.txt" 2>&1)
  check "/usr/bin/palisade scans the demo" "[[ $? -eq 1 ]] && diff -q staged.txt system.txt >/dev/null"
  check "man finds the page" "! command -v man >/dev/null || man -w palisade >/dev/null 2>&1"
  dpkg -r palisade >dpkg-r.txt 2>&1 && installed=0
  check "dpkg -r removes it" "[[ $installed -eq 0 && ! -e /usr/bin/palisade ]]"
fi
finish
