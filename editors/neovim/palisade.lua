-- palisade's Language Server in Neovim's built-in client (Neovim 0.8 or newer:
-- vim.lsp.start; 0.7: vim.lsp.start_client). Put it in your config, e.g.
-- ~/.config/nvim/after/ftplugin/{yaml,bicep,json}.lua, or `require` it from init.lua.
local function palisade_root(file)
  local found = vim.fs and vim.fs.find({ '.palisade.yaml', '.git' }, { path = vim.fs.dirname(file), upward = true })[1]
  return found and vim.fs.dirname(found) or vim.fn.getcwd()
end

local function start_palisade(buf)
  buf = buf or vim.api.nvim_get_current_buf()
  local config = {
    name = 'palisade',
    cmd = { 'palisade', 'lsp' },
    root_dir = palisade_root(vim.api.nvim_buf_get_name(buf)),
  }
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = buf })
  end
  local client = vim.lsp.start_client(config)
  if client then vim.lsp.buf_attach_client(buf, client) end
  return client
end

return { start = start_palisade }
