import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { E2eTools } from './tools';
import { waitFor } from './wait';

/** A running code-server with our extension installed, in throw-away folders. */
export interface CodeServer {
  readonly url: string;
  /** Everything code-server printed, for failure messages. */
  readonly log: () => string;
  readonly stop: () => void;
}

/** Editor settings that keep start-up pages, trust prompts and update checks out of the way. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 300,
};

/** Node 24 first on PATH, and HOME/XDG folders inside `home` so a run leaves nothing behind. */
function environment(tools: E2eTools, home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${tools.nodeBin}:${process.env.PATH ?? ''}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
}

/** Installs a .vsix into `extensionsDir` with code-server's own installer, as a user would. */
export function installExtension(tools: E2eTools, vsix: string, dirs: { home: string; extensions: string }): void {
  const result = spawnSync(join(tools.nodeBin, 'node'), [tools.codeServer, '--extensions-dir', dirs.extensions, '--install-extension', vsix], {
    env: environment(tools, dirs.home),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts code-server on a free local port with the workspace open, and waits until it answers. */
export async function startCodeServer(tools: E2eTools, dirs: { home: string; userData: string; extensions: string; workspace: string }): Promise<CodeServer> {
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const port = await freePort();
  const args = [
    tools.codeServer,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    dirs.workspace,
  ];
  // Its own process group, so stopping it also ends the extension host and our language server.
  const child: ChildProcess = spawn(join(tools.nodeBin, 'node'), args, {
    env: environment(tools, dirs.home),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('code-server to answer /healthz', 60_000, async () => {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
      const response = await fetch(`${url}/healthz`).catch(() => undefined);
      return response?.ok === true;
    });
  } catch (error) {
    stop();
    throw error;
  }
  return { url, log: () => output, stop };
}
