import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import * as k8s from '../helpers/manifests';

export const REPO_ROOT = resolve(__dirname, '../..');
export const CLI = join(REPO_ROOT, 'dist/cli.js');

/** Builds dist/cli.js unless it is newer than every source (as `npm test` leaves it). */
export function ensureBuilt(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as users do, in `cwd`, without colours or inherited NO_COLOR surprises; `input` is its standard input. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}, input: string | Buffer = ''): CliRun {
  const { NO_COLOR: _, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...inherited, ...env }, input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts a language server (`command`: the program and its arguments, `graceful lsp --stdio`) in `cwd`, sends `initialize`, and returns the parsed reply. */
export async function lspInitializeReply(command: readonly string[], cwd: string): Promise<{ id: number; result: { capabilities: Record<string, unknown> } }> {
  const [program = '', ...args] = command;
  const server = spawn(program, args, { cwd });
  try {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const reply = await new Promise<string>((resolve, reject) => {
      let received = '';
      server.stdout.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        const start = received.indexOf('\r\n\r\n');
        const length = Number(/Content-Length: (\d+)/.exec(received)?.[1]);
        if (start !== -1 && Buffer.byteLength(received.slice(start + 4)) >= length) resolve(received.slice(start + 4));
      });
      server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    return JSON.parse(reply) as { id: number; result: { capabilities: Record<string, unknown> } };
  } finally {
    server.kill();
  }
}

/** A fresh folder under the OS temp folder (real path: macOS links /tmp), filled with `files`. */
export function tempTree(files: Record<string, string | Buffer> = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'graceful-cli-')));
  writeTree(root, files);
  return root;
}

export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/**
 * For a test file that runs the CLI on temp trees: builds the CLI before its tests
 * and returns a {@link tempTree} maker whose trees are removed after them.
 */
export function cliTrees(): (files?: Record<string, string | Buffer>) => string {
  const made: string[] = [];
  before(ensureBuilt);
  after(() => made.forEach(removeTree));
  return (files = {}) => {
    const root = tempTree(files);
    made.push(root);
    return root;
  };
}

/**
 * A Deployment with probes and one replica: none of the rules has anything to say,
 * so each test adds exactly the mistake it is about.
 */
export function deployment(name: string, container: { extra?: string; preStop?: boolean } = {}): string {
  const probes = `          readinessProbe:
            httpGet:
              path: /readyz
              port: 8080
          livenessProbe:
            tcpSocket:
              port: 8080
`;
  const preStop = container.preStop === false ? '' : '          lifecycle:\n            preStop:\n              sleep:\n                seconds: 5\n';
  return k8s.deployment({
    name,
    replicas: 1,
    app: name,
    image: `registry.example/${name}:1.0`,
    fields: k8s.containerPort(8080) + probes + preStop + (container.extra ?? ''),
  });
}

/** A container without preStop: one `missing-prestop` warning, with a preferred fix. */
export const NO_PRESTOP = deployment('web', { preStop: false });
/** {@link NO_PRESTOP} after its preferred fix. */
export const PRESTOP_INSERTED = NO_PRESTOP + k8s.preStopSleep(15);
/** `terminationGracePeriodSeconds` inside a container: one `misplaced-shutdown-field` error. */
export const MISPLACED_GRACE = deployment('api', { extra: '          terminationGracePeriodSeconds: 60\n' });

/** Output of `--format json`, parsed. */
export interface JsonOutput {
  version: string;
  files: {
    path: string;
    findings: {
      ruleId: string;
      severity: string;
      message: string;
      range: { start: { line: number; column: number }; end: { line: number; column: number } };
      related: unknown[];
      fixes: { title: string; preferred: boolean; edits: unknown[] }[];
    }[];
    problems: { message: string; range?: unknown }[];
    fixesApplied: number;
  }[];
  summary: {
    files: number;
    errors: number;
    warnings: number;
    infos: number;
    hints: number;
    problems: number;
    fixable: number;
    fixesApplied: number;
    skipped: { documents: number; kinds: Record<string, number> };
  };
}

export function lintJson(args: readonly string[], cwd: string): { run: CliRun; output: JsonOutput } {
  const run = runCli(['lint', '--format', 'json', ...args], cwd);
  return { run, output: JSON.parse(run.stdout) as JsonOutput };
}

/** `ruleId@path` for each finding, to compare whole results at once. */
export function findingKeys(output: JsonOutput): string[] {
  return output.files.flatMap((f) => f.findings.map((x) => `${x.ruleId}@${f.path}`));
}
