import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The language servers Graceful is compared with, pinned. They are not the project's
 * dependencies: the benchmark installs them into its own cache outside the project's
 * node_modules (bench/.work/peers, ignored by git) the first time it runs.
 */
export const PEER_VERSIONS = { 'yaml-language-server': '1.25.0', 'dockerfile-language-server-nodejs': '0.15.0' } as const;

export type Peer = keyof typeof PEER_VERSIONS;

export const PEERS_DIR = join(__dirname, '.work/peers');

/** The installed peer's package folder. */
export function peerPath(name: Peer, ...inside: string[]): string {
  return join(PEERS_DIR, 'node_modules', name, ...inside);
}

function installedVersion(name: Peer): string | undefined {
  const manifest = peerPath(name, 'package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
}

/** Installs the pinned peers with npm unless they are already in the cache. */
export function ensurePeers(log: (message: string) => void): void {
  const missing = (Object.keys(PEER_VERSIONS) as Peer[]).filter((name) => installedVersion(name) !== PEER_VERSIONS[name]);
  if (missing.length === 0) return;
  log(`installing ${missing.map((name) => `${name}@${PEER_VERSIONS[name]}`).join(', ')} into ${PEERS_DIR}`);
  mkdirSync(PEERS_DIR, { recursive: true });
  // A package.json of its own, so that npm installs here and not into an enclosing project.
  writeFileSync(join(PEERS_DIR, 'package.json'), `${JSON.stringify({ name: 'graceful-bench-peers', private: true, dependencies: PEER_VERSIONS }, null, 2)}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--omit=dev'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm install of the peer servers failed (exit ${result.status})`);
  for (const name of missing)
    if (installedVersion(name) !== PEER_VERSIONS[name]) throw new Error(`${name}@${PEER_VERSIONS[name]} is not in ${PEERS_DIR} after npm install`);
}
