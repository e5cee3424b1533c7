-- Drives NetPol Lens's language server from Neovim 0.7's built-in LSP client, headless:
-- open a file, wait for our diagnostics, ask for code actions on the one with code $NETPOL_FIX_CODE,
-- apply the first action's edit (resolved with codeAction/resolve, as Neovim's code action menu does), save, and wait for diagnostics with that code to go. What happened is written as JSON to
-- $NETPOL_OUT, which test/e2e/neovim.test.ts reads. Every wait is vim.wait on a condition.
-- $NETPOL_SETTINGS (JSON, optional) is pushed with workspace/didChangeConfiguration, as a user's
-- config would do: Neovim 0.7 does not answer workspace/configuration requests. With
-- $NETPOL_WAIT_SEVERITY set, the wait is for a diagnostic of that severity, not for any.
local out = assert(os.getenv('NETPOL_OUT'), 'NETPOL_OUT is not set')
local timeout = 15000

local function finish(result)
  local handle = assert(io.open(out, 'w'))
  handle:write(vim.fn.json_encode(result))
  handle:close()
  vim.cmd('qall!')
end

local function run()
  local file = assert(os.getenv('NETPOL_FILE'), 'NETPOL_FILE is not set')
  local cmd = vim.fn.json_decode((assert(os.getenv('NETPOL_SERVER_CMD'), 'NETPOL_SERVER_CMD is not set')))
  local settings = os.getenv('NETPOL_SETTINGS')
  local result = {}
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'netpol-lens',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    settings = settings and vim.fn.json_decode(settings) or nil,
    on_init = function(client)
      if settings then client.notify('workspace/didChangeConfiguration', { settings = client.config.settings }) end
    end,
  })
  assert(client_id, 'the server did not start')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'could not attach the buffer')

  local severity = tonumber(os.getenv('NETPOL_WAIT_SEVERITY'))
  result.diagnosticsArrived = vim.wait(timeout, function()
    return #vim.diagnostic.get(bufnr, { severity = severity }) > 0
  end, 20)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source, code = d.code, message = d.message,
    })
  end
  if not result.diagnosticsArrived then return result end

  local fix_code = assert(os.getenv('NETPOL_FIX_CODE'), 'NETPOL_FIX_CODE is not set')
  local function with_fix_code()
    return vim.tbl_filter(function(x) return x.code == fix_code end, vim.diagnostic.get(bufnr))
  end
  -- The diagnostic as LSP sent it, which the server matches its fixes against.
  local d = with_fix_code()[1]
  if not d then return result end
  local range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = range,
    context = { diagnostics = { {
      range = range, severity = d.severity, source = d.source, code = d.code, message = d.message,
    } } },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout) or {}
  local actions = (responses[client_id] or {}).result or {}
  result.actions = {}
  for _, action in ipairs(actions) do table.insert(result.actions, action.title) end
  local action = actions[1]
  -- As vim.lsp.buf.code_action() does on the user's choice: an action without an edit, from a server that
  -- resolves code actions, gets its edit with codeAction/resolve.
  local client = vim.lsp.get_client_by_id(client_id)
  if action and not action.edit and client and type(client.resolved_capabilities.code_action) == 'table'
      and client.resolved_capabilities.code_action.resolveProvider then
    local resolved = client.request_sync('codeAction/resolve', action, timeout, bufnr) or {}
    action = resolved.result
    result.resolved = true
  end
  if action and action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
    vim.cmd('silent write')
    result.clearedAfterFix = vim.wait(timeout, function() return #with_fix_code() == 0 end, 20)
  end
  return result
end

local ok, result = pcall(run)
if ok then finish(result) else finish({ error = tostring(result) }) end
