-- Headless end-to-end test of the revlint Neovim plugin against the real server:
--
--   REVLINT_BIN=target/release/revlint \
--     nvim --headless -n -i NONE -u editors/nvim/test/init.lua editors/test-fixtures/revenue-q2.md
--
-- It loads the plugin from this repository, lets it start the server for the note, waits until
-- Neovim's own vim.diagnostic holds revlint's findings (a `placeholder` finding on `[X]`),
-- requests a hover on the first `$791.4 million` through the attached client and checks that
-- it shows the normalized `$791,400,000`. Exit status 0 on success, 1 on any failure.
--
-- Environment: REVLINT_BIN (the server binary, required), REVLINT_NVIM_METHOD ("auto",
-- "config", "start" or "start_client"), REVLINT_TEST_TIMEOUT_MS (default 20000).

local started_at = vim.loop.hrtime()
local test_dir = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
local plugin_dir = vim.fn.fnamemodify(test_dir, ":h")
vim.opt.runtimepath:prepend(plugin_dir)
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"

local timeout_ms = tonumber(os.getenv("REVLINT_TEST_TIMEOUT_MS") or "") or 20000
local method = os.getenv("REVLINT_NVIM_METHOD") or "auto"
local server = os.getenv("REVLINT_BIN")

local failures = {}
local function elapsed_ms()
  return (vim.loop.hrtime() - started_at) / 1e6
end
local function log(message)
  io.stdout:write(string.format("[nvim %6.0f ms] %s\n", elapsed_ms(), message))
end
local function fail(message)
  table.insert(failures, message)
  log("FAIL: " .. message)
end

local function finish()
  -- Stop the server by id so no process is left behind, and wait for it to go.
  local clients = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in ipairs(clients) do
    vim.lsp.stop_client(client.id)
  end
  vim.wait(3000, function()
    local left = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
    return #left == 0
  end, 20)
  if #failures == 0 then
    log("PASS")
    vim.cmd("qall!")
  else
    log(string.format("%d check(s) failed", #failures))
    vim.cmd("cquit 1")
  end
end

-- The text of a hover result, whatever shape the server chose (MarkupContent, MarkedString[]).
local function hover_text(result)
  if not result or not result.contents then
    return ""
  end
  local contents = result.contents
  if type(contents) == "string" then
    return contents
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, part in ipairs(contents) do
    table.insert(parts, type(part) == "string" and part or (part.value or ""))
  end
  return table.concat(parts, "\n")
end

-- The (0-based line, byte column) of the first occurrence of `needle` in the buffer.
local function find_text(bufnr, needle)
  for index, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return index - 1, col - 1, line
    end
  end
  return nil
end

local function nvim_version()
  local v = vim.fn.api_info().version
  return string.format("Neovim %d.%d.%d", v.major, v.minor, v.patch)
end

local server_exit = nil

local function run()
  if not server or server == "" or vim.fn.executable(server) ~= 1 then
    fail("REVLINT_BIN must name the revlint binary (got " .. tostring(server) .. ")")
    return
  end
  local bufnr = vim.api.nvim_get_current_buf()
  log(string.format("%s, plugin method %s, note %s", nvim_version(), method,
    vim.api.nvim_buf_get_name(bufnr)))

  local revlint = require("revlint")
  local attached = vim.wait(timeout_ms, function()
    return revlint.client_for(bufnr) ~= nil or server_exit ~= nil
  end, 10)
  if server_exit then
    fail("the server exited during start-up: " .. server_exit)
    return
  end
  local client = revlint.client_for(bufnr)
  if not attached or not client then
    fail("the plugin did not attach the revlint server to the note")
    return
  end
  log("server attached (client " .. client.id .. ")")

  -- What Neovim itself kept from publishDiagnostics, not just what arrived on the wire.
  local function revlint_diagnostics()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == "revlint" then
        table.insert(found, d)
      end
    end
    return found
  end
  local placeholder_line = find_text(bufnr, "[X]")
  local has_placeholder = function()
    for _, d in ipairs(revlint_diagnostics()) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == "placeholder" and d.lnum == placeholder_line then
        return true
      end
    end
    return false
  end
  if not vim.wait(timeout_ms, function()
    return has_placeholder() or server_exit ~= nil
  end, 10) or server_exit then
    fail(string.format("no `placeholder` diagnostic on line %s in vim.diagnostic (got %d revlint diagnostics)%s",
      tostring(placeholder_line), #revlint_diagnostics(), server_exit and ("; server " .. server_exit) or ""))
  end
  local diagnostics = revlint_diagnostics()
  log(string.format("vim.diagnostic has %d revlint finding(s):", #diagnostics))
  for _, d in ipairs(diagnostics) do
    log(string.format("  %d:%d %s %s", d.lnum + 1, d.col + 1, tostring(d.code), d.message))
  end

  -- Hover on the first character after "$" of the RPO amount.
  local line, col, text = find_text(bufnr, "$791.4 million")
  if not line then
    fail("the note has no `$791.4 million`")
    return
  end
  local character = vim.str_utfindex(text, col + 1) -- LSP counts UTF-16 units
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = line, character = character },
  }
  local hover_started = vim.loop.hrtime()
  local response, err
  if vim.fn.has("nvim-0.11") == 1 then
    response, err = client:request_sync("textDocument/hover", params, 5000, bufnr)
  else
    response, err = client.request_sync("textDocument/hover", params, 5000, bufnr)
  end
  local hover_ms = (vim.loop.hrtime() - hover_started) / 1e6
  if not response then
    fail("hover request failed: " .. tostring(err))
  elseif response.err then
    fail("hover answered with an error: " .. vim.inspect(response.err))
  else
    local shown = hover_text(response.result)
    log(string.format("hover at %d:%d (%.1f ms): %s", line + 1, character + 1, hover_ms,
      shown:gsub("\n", " | ")))
    if not shown:find("$791,400,000", 1, true) then
      fail("the hover on $791.4 million does not show $791,400,000")
    end
  end
end

vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      fail("test error: " .. tostring(err))
    end
    finish()
  end,
})

-- Set up the plugin before the note's buffer is read, as a user's config would.
local setup_ok, setup_err = pcall(function()
  require("revlint").setup({
    cmd = { server or "revlint", "lsp" },
    method = method,
    settings = { form = "10-Q" },
    on_exit = function(code, signal)
      server_exit = string.format("exit code %s, signal %s", tostring(code), tostring(signal))
    end,
  })
end)
if not setup_ok then
  fail("setup failed: " .. tostring(setup_err))
end
