#!/usr/bin/env bash
# labels: external
# Opens palisade's HTML audit reports in headless Chromium: takes a screenshot,
# checks the rendered page holds the totals, that the page's own script ran
# (it marks <body data-selfcheck="ok">), that the console stayed silent (no
# errors, no blocked network request: the page's CSP forbids every fetch), and
# that the file references nothing outside itself.
# Inputs: the golden HTML reports and, when the CLI is built, a scan of the demo and
# a batch audit of the fixtures (its findings capped per repository).
# Usage: html_chromium.sh PALISADE_BINARY SOURCE_DIR SCRATCH_DIR   (exit 77: no chromium)
set -euo pipefail
palisade=$1
source_dir=$(cd "$2" && pwd)
scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"

chromium=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null; then chromium=$(command -v "$candidate"); break; fi
done
if [[ -z "$chromium" ]]; then
  echo "html_chromium: chromium is not installed (Debian: apt-get install chromium); skipped" >&2
  exit 77
fi

# name, file, then strings the rendered page must contain.
declare -a pages=()
cp "$source_dir/tests/golden/batch.html" "$scratch/batch.html"
cp "$source_dir/tests/golden/empty.html" "$scratch/empty.html"
cp "$source_dir/tests/golden/single.html" "$scratch/single.html"
checks_batch=('4</div><div class="kpi-label">Open findings' '2</div><div class="kpi-label">Repositories'
  'id="repositories"' 'platform-infra' 'team-empty' 'AZR001' 'CIS K8s 5.1.5' 'Showing <b id="shown-count">4</b>'
  '<mark>' 'docs/rules/K8S001.md' 'Open findings by repository')
checks_single=('4</div><div class="kpi-label">Open findings' '1</div><div class="kpi-label">Suppressed'
  '3</div><div class="kpi-label">Baselined' 'Open findings by file' 'kv-ünïcødé' 'Notes about the scan')
checks_empty=('No open findings' '0</div><div class="kpi-label">Open findings' 'No findings: every rule passed.')
pages=(batch single empty)

if [[ -x "$palisade" && -d "$source_dir/fixtures/demo" ]]; then
  status=0
  (cd "$source_dir" && "$palisade" scan fixtures/demo --format html --output "$scratch/demo.html") || status=$?
  if [[ $status -gt 1 ]]; then
    echo "html_chromium: palisade scan fixtures/demo --format html failed with exit $status" >&2
    exit 1
  fi
  checks_demo=('kpi-label">Open findings' 'Open findings by severity' 'Findings')
  pages+=(demo)
  # A batch audit's page: findings capped per repository, each repository's own report linked.
  status=0
  (cd "$source_dir" && "$palisade" audit fixtures/demo fixtures/kubernetes fixtures/calico --output-dir "$scratch/audit" \
    --progress none >/dev/null) || status=$?
  if [[ $status -gt 1 ]]; then
    echo "html_chromium: palisade audit of the fixtures failed with exit $status" >&2
    exit 1
  fi
  cp "$scratch/audit/palisade-audit.html" "$scratch/audit.html"
  checks_audit=('3</div><div class="kpi-label">Repositories' 'more findings in' 'href="repositories/fixtures_kubernetes.html"'
    'id="more-findings"' 'data-selfcheck="ok"')
  pages+=(audit)
else
  echo "html_chromium: no palisade binary or fixtures/demo; checking the golden reports only"
fi

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --disable-extensions --hide-scrollbars
  --enable-logging=stderr --v=0)

failures=0
fail() { echo "FAIL $1" >&2; failures=$((failures + 1)); }

for page in "${pages[@]}"; do
  html="$scratch/$page.html"
  # Self-contained: no external scripts, styles, images, fonts or frames.
  if grep -qiE '<(script|img|iframe|link|source|video|audio|embed|object)[^>]+(src|href)=|url\(|@import' "$html"; then
    fail "$page: references an external resource"
  fi

  # One browser start per page gives both the DOM and the screenshot (a start is most of a page's cost).
  "$chromium" "${flags[@]}" --user-data-dir="$scratch/profile-$page" --virtual-time-budget=2000 --window-size=1400,2400 \
    --screenshot="$scratch/$page.png" --dump-dom "file://$html" >"$scratch/$page.dom.html" 2>"$scratch/$page.log" \
    || fail "$page: chromium --dump-dom --screenshot failed"

  # Every console message counts: the page logs nothing on its own, so anything is an error or a blocked fetch.
  if grep -h ':CONSOLE' "$scratch/$page.log"; then fail "$page: console messages"; fi
  grep -q 'data-selfcheck="ok"' "$scratch/$page.dom.html" || fail "$page: the page's script did not complete"
  if [[ ! -s "$scratch/$page.png" ]] || [[ $(stat -c %s "$scratch/$page.png") -lt 20000 ]]; then
    fail "$page: no screenshot, or a blank one"
  fi
  declare -n expected="checks_$page"
  for text in "${expected[@]}"; do
    grep -qF -- "$text" "$scratch/$page.dom.html" || fail "$page: the rendered page lacks: $text"
  done
  unset -n expected
  echo "checked $page (screenshot: $scratch/$page.png)"
done

# The console check must be able to fail: a page with a script error has to be caught.
sed 's#<script>#<script>undefinedFunction();</script><script>#' "$scratch/empty.html" >"$scratch/planted.html"
"$chromium" "${flags[@]}" --user-data-dir="$scratch/profile-planted" --dump-dom "file://$scratch/planted.html" \
  >/dev/null 2>"$scratch/planted.log" || true
grep -q ':CONSOLE.*Uncaught' "$scratch/planted.log" || fail "the console check did not see a planted script error"

if [[ $failures -gt 0 ]]; then
  echo "html_chromium: $failures failure(s)" >&2
  exit 1
fi
echo "html_chromium: ${#pages[@]} pages render cleanly"
