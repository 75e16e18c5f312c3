-- revlint for Neovim: starts `revlint lsp` for revenue-note buffers.
--
--   require("revlint").setup({ settings = { form = "10-Q" } })
--
-- Neovim 0.11+ registers the server with vim.lsp.config / vim.lsp.enable; 0.8-0.10 use
-- vim.lsp.start; 0.7 uses vim.lsp.start_client + vim.lsp.buf_attach_client.

local M = {}

local defaults = {
  -- The server command; `revlint` must be on PATH unless this names it.
  cmd = { "revlint", "lsp" },
  filetypes = { "markdown", "text" },
  -- Which buffers get the server: "notes" (files named like a revenue note, in a folder with a
  -- revlint.toml, or whose first heading is about revenue) or "all" (every buffer of the
  -- filetypes; the server still reports only on revenue notes).
  attach = "notes",
  root_markers = { "revlint.toml", ".git" },
  -- Sent as initializationOptions and workspace/didChangeConfiguration:
  -- { form = "10-Q"|"10-K", periodEnd = "YYYY-MM-DD", entity = "public"|"nonpublic",
  --   rules = { ["rule-id"] = "error"|"warning"|"info"|"hint"|"off" }, include = { "glob" },
  --   inlayHints = true }
  settings = {},
  -- Show inlay hints (Neovim 0.10+) and refresh the checklist code lens.
  inlay_hints = true,
  codelens = true,
  -- "auto" picks by Neovim version; "config" (0.11+), "start" (0.8+) or "start_client" force one.
  method = "auto",
  on_attach = nil,
  on_exit = nil,
  capabilities = nil,
}

local options = vim.deepcopy(defaults)
-- Neovim 0.7 has no vim.lsp.start: one client per root, reused across buffers.
local clients_by_root = {}

local function has(version)
  return vim.fn.has("nvim-" .. version) == 1
end

local function pick_method()
  if options.method ~= "auto" then
    return options.method
  end
  if has("0.11") then
    return "config"
  elseif has("0.8") then
    return "start"
  end
  return "start_client"
end

local function buffer_path(bufnr)
  return vim.api.nvim_buf_get_name(bufnr)
end

local function find_up(names, start_dir)
  for _, name in ipairs(names) do
    -- findfile/finddir with ";" search upward and work on every supported version.
    local found = vim.fn.findfile(name, start_dir .. ";")
    if found == "" then
      found = vim.fn.finddir(name, start_dir .. ";")
    end
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h")
    end
  end
  return nil
end

local function root_dir(bufnr)
  local path = buffer_path(bufnr)
  local dir = path ~= "" and vim.fn.fnamemodify(path, ":p:h") or vim.fn.getcwd()
  return find_up(options.root_markers, dir) or dir
end

-- A cheap guess at "revenue note" so the server is not started for every Markdown file; the
-- server makes the real decision (include globs, headings, R-page headers).
function M.is_revenue_note(bufnr)
  if options.attach == "all" then
    return true
  end
  local path = buffer_path(bufnr)
  if path:lower():find("revenue", 1, true) then
    return true
  end
  if path ~= "" and vim.fn.findfile("revlint.toml", vim.fn.fnamemodify(path, ":p:h") .. ";") ~= "" then
    return true
  end
  for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, 40, false)) do
    local text = line:gsub("^[#%s]+", "")
    if text ~= "" then
      -- The first non-blank line: a heading such as "Note 10. Revenue" or an R-page "Revenue".
      return #text < 200 and text:lower():find("revenue", 1, true) ~= nil
    end
  end
  return false
end

local function settings()
  return vim.deepcopy(options.settings or {})
end

local function on_attach(client, bufnr)
  if options.inlay_hints and vim.lsp.inlay_hint and vim.lsp.inlay_hint.enable then
    -- 0.10 took (bufnr, enable); 0.11 takes (enable, filter).
    if has("0.11") then
      pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
    else
      pcall(vim.lsp.inlay_hint.enable, bufnr, true)
    end
  end
  if options.codelens and vim.lsp.codelens then
    pcall(vim.lsp.codelens.refresh)
    vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "TextChanged" }, {
      buffer = bufnr,
      group = vim.api.nvim_create_augroup("revlint_codelens_" .. bufnr, { clear = true }),
      callback = function()
        pcall(vim.lsp.codelens.refresh)
      end,
    })
  end
  if options.on_attach then
    options.on_attach(client, bufnr)
  end
end

-- The client configuration, shared by every start method.
function M.client_config(bufnr)
  local config = {
    name = "revlint",
    cmd = options.cmd,
    init_options = settings(),
    settings = settings(),
    on_attach = on_attach,
    on_exit = options.on_exit,
    capabilities = options.capabilities,
  }
  if bufnr then
    config.root_dir = root_dir(bufnr)
  end
  return config
end

local function start_client_07(bufnr)
  local root = root_dir(bufnr)
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    local config = M.client_config(bufnr)
    config.root_dir = root
    id = vim.lsp.start_client(config)
    if not id then
      vim.notify("revlint: could not start " .. table.concat(options.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- Starts (or reuses) the server for a buffer and attaches it. Returns the client id.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local method = pick_method()
  if method == "start_client" then
    return start_client_07(bufnr)
  end
  return vim.lsp.start(M.client_config(bufnr), { bufnr = bufnr })
end

local function register_with_lsp_config()
  local config = M.client_config(nil)
  config.filetypes = options.filetypes
  -- 0.11's root_dir callback: calling on_dir attaches; not calling it skips the buffer.
  config.root_dir = function(bufnr, on_dir)
    if M.is_revenue_note(bufnr) then
      on_dir(root_dir(bufnr))
    end
  end
  vim.lsp.config("revlint", config)
  vim.lsp.enable("revlint")
end

function M.client_for(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local list
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ bufnr = bufnr, name = "revlint" })
  else
    list = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  end
  for _, client in ipairs(list) do
    if client.name == "revlint" then
      return client
    end
  end
  return nil
end

-- :RevlintCheck — check the current buffer even if it does not look like a revenue note.
function M.check(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.client_for(bufnr)
  if not client then
    M.start(bufnr)
    -- server_capabilities is set once the initialize answer is in.
    vim.wait(5000, function()
      local started = M.client_for(bufnr)
      return started ~= nil and started.server_capabilities ~= nil
    end, 20)
    client = M.client_for(bufnr)
  end
  if not client then
    vim.notify("revlint: the server is not running", vim.log.levels.ERROR)
    return
  end
  local params = { command = "revlint.checkDocument", arguments = { vim.uri_from_bufnr(bufnr) } }
  local handler = function(err)
    if err then
      vim.notify("revlint: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
  end
  if has("0.11") then
    client:request("workspace/executeCommand", params, handler, bufnr)
  else
    client.request("workspace/executeCommand", params, handler, bufnr)
  end
end

function M.setup(user_options)
  options = vim.tbl_deep_extend("force", vim.deepcopy(defaults), user_options or {})
  if type(options.cmd) == "string" then
    options.cmd = { options.cmd, "lsp" }
  end

  vim.api.nvim_create_user_command("RevlintCheck", function()
    M.check(0)
  end, { desc = "revlint: check this document" })

  if pick_method() == "config" then
    register_with_lsp_config()
    return
  end
  local group = vim.api.nvim_create_augroup("revlint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = options.filetypes,
    callback = function(event)
      if M.is_revenue_note(event.buf) then
        M.start(event.buf)
      end
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr)
      and vim.tbl_contains(options.filetypes, vim.bo[bufnr].filetype)
      and M.is_revenue_note(bufnr)
    then
      M.start(bufnr)
    end
  end
end

return M
