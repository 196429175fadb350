# Assertions shared by the shell tests (sourced; not a test itself).
# Each prints "ok: …" or "FAIL: …" and counts failures; end a test with
# `finish`, which prints the count and sets the exit status.
failures=0

# expect_exit CODE DESCRIPTION -- COMMAND...: runs COMMAND with its output in out.txt/err.txt.
expect_exit() {
  local want=$1 what=$2; shift 3
  "$@" >out.txt 2>err.txt
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL: $what: exit $got, want $want"; sed 's/^/  | /' out.txt err.txt | head -20
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}

# expect_grep PATTERN FILE DESCRIPTION: FILE has a line matching the extended regex.
expect_grep() {
  if grep -qE -- "$1" "$2"; then
    echo "ok: $3"
  else
    echo "FAIL: $3 (no /$1/ in $2)"; sed 's/^/  | /' "$2" | head; failures=$((failures + 1))
  fi
}

# expect_no_grep PATTERN FILE DESCRIPTION: no line of FILE matches.
expect_no_grep() {
  if ! grep -qE -- "$1" "$2"; then
    echo "ok: $3"
  else
    echo "FAIL: $3 (/$1/ in $2)"; sed 's/^/  | /' "$2" | head; failures=$((failures + 1))
  fi
}

# check DESCRIPTION CONDITION: CONDITION (a bash expression) holds.
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; failures=$((failures + 1)); fi; }

finish() {
  echo "$failures failed"
  [[ $failures -eq 0 ]]
}
