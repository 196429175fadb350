#!/usr/bin/env bash
# labels: external
# The Dockerfile, checked without Docker: Debian 12 in every stage, two
# stages, the build stage installs every build package scripts/setup names,
# the runtime stage installs the Debian package of every shared library the
# built palisade needs (read from the binary itself), and the image runs
# palisade. With PALISADE_DOCKER_BUILD=1 and a working Docker, it is also
# built and run on fixtures/demo.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

# Stages and their apt-get install lists (continuation lines joined).
python3 - "$src/Dockerfile" <<'PY' > stages.txt
import re, sys
text = re.sub(r"\\\n", " ", open(sys.argv[1]).read())
stage = -1
for line in text.splitlines():
    line = line.strip()
    if line.startswith("FROM "):
        stage += 1
        print(f"from {stage} {line.split()[1]}")
    m = re.search(r"apt-get install ([^&]*)", line)
    if m:
        for word in m.group(1).split():
            if not word.startswith("-"):
                print(f"pkg {stage} {word}")
    if line.startswith("ENTRYPOINT"):
        print(f"entrypoint {stage} {line}")
PY
stages=$(grep -c '^from ' stages.txt)
check "multi-stage ($stages stages)" "[[ $stages -ge 2 ]]"
check "every stage is Debian 12" "! grep '^from ' stages.txt | grep -vqE ' debian:(12|bookworm)(-slim)?$'"
last=$((stages - 1))
check "the image runs palisade" "grep -q \"^entrypoint $last .*palisade\" stages.txt"

# The build packages scripts/setup names (catch2 builds the tests, which the image leaves out).
build_packages=$(python3 -c "
import re, sys
m = re.search(r'^build_packages=\(([^)]*)\)', open(sys.argv[1]).read(), re.M)
print(' '.join(p for p in m.group(1).split() if p != 'catch2'))" "$src/scripts/setup")
check "scripts/setup names build packages" "[[ -n '$build_packages' ]]"
for pkg in $build_packages; do
  check "build stage installs $pkg" "grep -q '^pkg 0 $pkg$' stages.txt"
done

# Every shared library of the binary must come from a package the runtime stage installs
# (the C and C++ runtimes are in the base image).
for lib in $(ldd "$palisade" | awk '/=> \//{print $3}'); do
  pkg=$(dpkg -S "$(realpath "$lib")" 2>/dev/null | head -1 | cut -d: -f1)
  [[ -z "$pkg" ]] && pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1)
  case "$pkg" in
    libc6|libstdc++6|libgcc-s1) continue ;;
    "") echo "FAIL: no Debian package owns $lib"; failures=$((failures + 1)); continue ;;
  esac
  check "runtime stage installs $pkg (for $(basename "$lib"))" "grep -q '^pkg $last $pkg$' stages.txt"
done
check "runtime stage has git for --diff-base" "grep -q '^pkg $last git$' stages.txt"
check ".dockerignore keeps build/ and node_modules/ out of the context" \
  "grep -qx 'build/' '$src/.dockerignore' && grep -qx 'node_modules/' '$src/.dockerignore'"

if [[ "${PALISADE_DOCKER_BUILD:-0}" == 1 ]] && docker info >/dev/null 2>&1; then
  docker build -q -t palisade-test "$src" >build.log 2>&1 || { echo "FAIL: docker build"; tail build.log; failures=$((failures + 1)); }
  docker run --rm -v "$src/fixtures/demo:/src:ro" palisade-test scan . --fail-on none >run.log 2>&1
  check "the image scans fixtures/demo" "grep -q 'finding' run.log"
else
  echo "note: image not built (set PALISADE_DOCKER_BUILD=1 with Docker available to build it)"
fi

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
