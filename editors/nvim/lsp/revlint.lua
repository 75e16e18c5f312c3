-- Neovim 0.11+: with this plugin on 'runtimepath', `vim.lsp.enable("revlint")` is enough
-- (vim.lsp.config merges this file with any vim.lsp.config("revlint", {...}) of your own).
-- require("revlint").setup() does the same and adds the revenue-note filter and :RevlintCheck.
return {
  cmd = { "revlint", "lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { "revlint.toml", ".git" },
  init_options = {},
  settings = {},
}
