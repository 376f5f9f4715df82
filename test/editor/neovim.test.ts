import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { containerPort, deployment } from '../helpers/manifests';
import { buildServer } from '../lsp/lsp-client';

const ROOT = join(__dirname, '..', '..');
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

/** `graceful lsp --stdio` once the CLI bundles the server, else the server bundle itself. */
function serverCommand(): string[] {
  const cli = join(ROOT, 'dist', 'cli.js');
  const cliHasServer = existsSync(cli) && readFileSync(cli, 'utf8').includes('startLanguageServer');
  return cliHasServer ? [process.execPath, cli, 'lsp', '--stdio'] : [process.execPath, join(ROOT, 'dist', 'server.js'), '--stdio'];
}

const DOCKERFILE = 'FROM python:3.12-slim\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n';

const MANIFEST = deployment({ replicas: 1, app: 'web', podSpec: '      terminationGracePeriodSeconds: 60\n', fields: containerPort(8000) });

// Neovim 0.7.2: vim.lsp.start_client + buf_attach_client; diagnostics rebuilt into LSP shape for
// the code action request (vim.diagnostic keeps LSP-only fields under user_data.lsp).
const SCRIPT = String.raw`
local root = os.getenv('GRACEFUL_ROOT')
local out = {}
local function finish(ok)
  local f = io.open(os.getenv('GRACEFUL_OUT'), 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  if ok then vim.cmd('qa!') else vim.cmd('cquit! 1') end
end
local function fail(message) out.error = message; finish(false) end

local client_id = vim.lsp.start_client({
  name = 'graceful',
  cmd = vim.fn.json_decode(os.getenv('GRACEFUL_CMD')),
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'w' } },
  settings = { graceful = { drainSeconds = 15 } },
})
if not client_id then return fail('the client did not start') end

local function codes(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(list, d.code) end
  table.sort(list)
  return list
end
local function has(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do if d.code == code then return d end end
  return nil
end
local function open(name)
  vim.cmd('edit ' .. root .. '/' .. name)
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf
end

-- Dockerfile: a diagnostic arrives, its preferred fix applies, and the re-check clears it.
local docker = open('Dockerfile')
if not vim.wait(15000, function() return has(docker, 'shell-form-cmd') ~= nil end, 50) then return fail('no shell-form-cmd diagnostic') end
out.docker_before = codes(docker)
local d = has(docker, 'shell-form-cmd')
local lsp_diagnostic = {
  range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
  severity = d.severity, message = d.message, source = d.source, code = d.code, data = d.user_data.lsp.data,
}
local responses = vim.lsp.buf_request_sync(docker, 'textDocument/codeAction', {
  textDocument = vim.lsp.util.make_text_document_params(docker),
  range = lsp_diagnostic.range,
  context = { diagnostics = { lsp_diagnostic } },
}, 10000)
local actions = (responses and responses[client_id] and responses[client_id].result) or {}
out.titles = {}
local preferred
for _, action in ipairs(actions) do
  table.insert(out.titles, action.title)
  if action.isPreferred then preferred = action end
end
if not preferred then return fail('no preferred code action') end
local client = vim.lsp.get_client_by_id(client_id)
vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
if not vim.wait(15000, function() return has(docker, 'shell-form-cmd') == nil end, 50) then return fail('shell-form-cmd still reported after the fix') end
out.docker_after = table.concat(vim.api.nvim_buf_get_lines(docker, 0, -1, false), '\n')

-- Manifest: diagnostics and the shutdown timeline hover.
local manifest = open('deploy.yaml')
if not vim.wait(15000, function() return has(manifest, 'missing-prestop') ~= nil end, 50) then return fail('no missing-prestop diagnostic') end
out.manifest = codes(manifest)
local hover = vim.lsp.buf_request_sync(manifest, 'textDocument/hover', {
  textDocument = vim.lsp.util.make_text_document_params(manifest),
  position = { line = 14, character = 8 },
}, 10000)
local result = hover and hover[client_id] and hover[client_id].result
out.hover = result and result.contents.value or vim.NIL
finish(true)
`;

test(
  'Neovim 0.7 drives the server: diagnostics arrive, a code action applies, hover shows the timeline',
  { skip: hasNvim ? false : 'nvim is not on PATH (apt-get install -y neovim)' },
  () => {
    buildServer();
    const root = mkdtempSync(join(tmpdir(), 'graceful-nvim-'));
    try {
      const home = join(root, 'home');
      const workspace = join(root, 'workspace');
      mkdirSync(home);
      mkdirSync(workspace);
      writeFileSync(join(workspace, 'Dockerfile'), DOCKERFILE);
      writeFileSync(join(workspace, 'deploy.yaml'), MANIFEST);
      writeFileSync(join(root, 'test.lua'), SCRIPT);
      const outFile = join(root, 'out.json');
      const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-u', join(root, 'test.lua')], {
        cwd: workspace,
        encoding: 'utf8',
        timeout: 90_000,
        env: {
          ...process.env,
          HOME: home,
          XDG_CONFIG_HOME: join(home, 'config'),
          XDG_DATA_HOME: join(home, 'data'),
          XDG_STATE_HOME: join(home, 'state'),
          XDG_CACHE_HOME: join(home, 'cache'),
          GRACEFUL_ROOT: workspace,
          GRACEFUL_OUT: outFile,
          GRACEFUL_CMD: JSON.stringify(serverCommand()),
        },
      });
      const out = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : undefined;
      assert.equal(run.status, 0, `nvim failed: ${JSON.stringify(out)}\n${run.stderr}\n${run.stdout}`);
      assert.ok(out.docker_before.includes('shell-form-cmd'));
      assert.equal(out.titles[0], 'Convert to exec form');
      assert.ok(out.titles.includes('Ignore shell-form-cmd in this file'));
      assert.equal(out.docker_after, 'FROM python:3.12-slim\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]');
      assert.ok(out.manifest.includes('missing-prestop'));
      assert.match(out.hover, /\*\*t=60\*\* SIGKILL \(terminationGracePeriodSeconds 60\)/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
);
