#!/usr/bin/env bash
# labels: external
# A real editor as the client: Debian's Neovim, headless, with its built-in LSP
# client running `palisade lsp` (the configuration docs/editors.md shows,
# editors/neovim/palisade.lua), opens a fixture, waits for the diagnostics and
# writes them out; the rule ids the fixture expects must be among them.
# Usage: lsp_neovim.sh PALISADE_BINARY SOURCE_DIR SCRATCH_DIR   (exit 77: no nvim)
set -euo pipefail
palisade=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
source_dir=$(cd "$2" && pwd)
scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch/bin" "$scratch/workspace" "$scratch/home"

if ! command -v nvim >/dev/null; then
  echo "lsp_neovim: nvim is not installed (Debian: apt-get install neovim); skipped" >&2
  exit 77
fi
ln -s "$palisade" "$scratch/bin/palisade"  # the editor finds `palisade` on PATH, as a user's would
cp "$source_dir/fixtures/kubernetes/K8S002-privileged-container.yaml" "$scratch/workspace/daemonset.yaml"
git -C "$scratch/workspace" init -q  # the workspace root the configuration looks for

cat >"$scratch/init.lua" <<LUA
package.path = '$source_dir/editors/neovim/?.lua;' .. package.path
local file = '$scratch/workspace/daemonset.yaml'
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client = require('palisade').start(buf)
local received = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  table.insert(lines, string.format('%d:%d: %s %s', d.lnum + 1, d.col + 1, code, d.message:gsub('\n', ' ')))
end
if not received then table.insert(lines, 'no diagnostics received') end
vim.fn.writefile(lines, '$scratch/diagnostics.txt')
if client then vim.lsp.stop_client(client) end
vim.cmd('qa!')
LUA

status=0
(cd "$scratch/workspace" && PATH="$scratch/bin:$PATH" HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home" \
  XDG_DATA_HOME="$scratch/home" XDG_STATE_HOME="$scratch/home" \
  timeout 60 nvim --headless -n -i NONE -u "$scratch/init.lua") >"$scratch/nvim.log" 2>&1 || status=$?
echo "nvim $(nvim --version | head -1) exited $status; diagnostics received:"
cat "$scratch/diagnostics.txt" 2>/dev/null || { cat "$scratch/nvim.log"; exit 1; }
# The fixture expects K8S002 on lines 18 and 28.
grep -q '^18:[0-9]*: K8S002 ' "$scratch/diagnostics.txt" || { echo "FAIL: no K8S002 on line 18"; exit 1; }
grep -q '^28:[0-9]*: K8S002 ' "$scratch/diagnostics.txt" || { echo "FAIL: no K8S002 on line 28"; exit 1; }
echo "PASS"
