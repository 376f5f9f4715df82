import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, CodeAction, Diagnostic, Position, PublishDiagnosticsParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/fix/apply-edits';
import { LineIndex } from '../../server/src/parse/line-index';

const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');

/** Builds the bundles once per test process, when a source is newer than them. */
export function buildServer(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `build failed: ${result.stderr}`);
}

/** A temporary folder with files (relative path → text), removed by `dispose`. */
export function tempWorkspace(files: Record<string, string | Buffer>): {
  root: string;
  uri(relative: string): string;
  write(relative: string, text: string | Buffer): void;
  dispose(): void;
} {
  const root = mkdtempSync(join(tmpdir(), 'graceful-lsp-'));
  const write = (relative: string, text: string | Buffer) => {
    mkdirSync(dirname(join(root, relative)), { recursive: true });
    writeFileSync(join(root, relative), text);
  };
  for (const [relative, text] of Object.entries(files)) write(relative, text);
  return { root, uri: (relative) => pathToFileURL(join(root, relative)).href, write, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Position of the start of the n-th occurrence of `needle`, plus `delta` characters. */
export function positionOf(text: string, needle: string, occurrence = 0, delta = 0): Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `"${needle}" not found`);
  }
  return new LineIndex(text).positionAt(at + delta);
}

/** Applies LSP text edits to a text, as an editor would. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  return applyEdits(
    text,
    edits.map((e) => ({ range: { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) }, newText: e.newText })),
  );
}

/** The edits a workspace edit makes to one document (documentChanges or changes). */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  const fromChanges = edit?.changes?.[uri] ?? [];
  const fromDocumentChanges = (edit?.documentChanges ?? []).flatMap((c) =>
    'textDocument' in c && c.textDocument.uri === uri ? c.edits.filter((e): e is TextEdit => 'range' in e) : [],
  );
  return [...fromChanges, ...fromDocumentChanges];
}

export interface ClientOptions {
  readonly root: string;
  /** The `graceful` section answered to workspace/configuration. */
  readonly settings?: Record<string, unknown>;
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
}

/**
 * A language client speaking JSON-RPC to the built server over stdio: it records
 * diagnostics, progress and registrations, answers workspace/configuration from
 * `settings`, and waits for notifications instead of sleeping.
 */
export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly progress: unknown[] = [];
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];
  readonly configurationRequests: unknown[] = [];
  readonly stderr: string[] = [];
  readonly messages: Array<{ type: number; message: string }> = [];
  settings: Record<string, unknown>;
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly connection: MessageConnection,
    readonly child: ChildProcessWithoutNullStreams,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.notify();
    });
    connection.onNotification('$/progress', (params: unknown) => {
      this.progress.push(params);
      this.notify();
    });
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.messages.push(params);
      this.notify();
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
      this.configurationRequests.push(params);
      return params.items.map(() => this.settings);
    });
    connection.onRequest('client/registerCapability', (params: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      this.registrations.push(...params.registrations);
      this.notify();
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
  }

  static async start(options: ClientOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(connection, child, options);
    child.stderr.on('data', (chunk) => client.stderr.push(String(chunk)));
    connection.listen();
    const rootUri = pathToFileURL(options.root).href;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'w' }],
      initializationOptions: options.initializationOptions,
      capabilities: options.capabilities ?? {
        workspace: {
          configuration: true,
          workspaceEdit: { documentChanges: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          codeLens: { refreshSupport: true },
        },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves when `check` returns a value (checked now and on every notification), failing after `timeoutMs`. */
  waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 15000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `timed out waiting for ${what}; last diagnostics: ${JSON.stringify(this.published.slice(-3), null, 1).slice(0, 2000)}\n${this.stderr.join('')}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** The next diagnostics published for `uri` (after `after` publications) that satisfy `predicate`. */
  diagnostics(uri: string, predicate: (d: Diagnostic[]) => boolean = () => true, options: { after?: number; version?: number } = {}): Promise<Diagnostic[]> {
    const after = options.after ?? 0;
    return this.waitFor(`diagnostics for ${uri}`, () => {
      for (let i = this.published.length - 1; i >= after; i--) {
        const p = this.published[i]!;
        if (p.uri !== uri) continue;
        if (options.version !== undefined && p.version !== options.version) return undefined;
        return predicate(p.diagnostics) ? p.diagnostics : undefined;
      }
      return undefined;
    });
  }

  /** The latest diagnostics published for `uri`, if any. */
  latest(uri: string): Diagnostic[] | undefined {
    return [...this.published].reverse().find((p) => p.uri === uri)?.diagnostics;
  }

  text(uri: string): string {
    return this.texts.get(uri)!;
  }

  version(uri: string): number {
    return this.versions.get(uri)!;
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends the whole new text (allowed under incremental sync); returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = this.versions.get(uri)! + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Sends one ranged change, as editors do while typing; returns the new version. */
  async edit(uri: string, edits: readonly TextEdit[]): Promise<number> {
    const version = this.versions.get(uri)! + 1;
    let text = this.texts.get(uri)!;
    // Each change event applies to the text left by the previous one.
    for (const e of edits) text = applyTextEdits(text, [e]);
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    return version;
  }

  /**
   * Sends full-text changes in one write, as a client flushing queued keystrokes
   * does, so that the server receives them together; returns the last version.
   */
  burst(uri: string, texts: readonly string[]): number {
    const frames = texts.map((text) => {
      const version = this.versions.get(uri)! + 1;
      this.versions.set(uri, version);
      this.texts.set(uri, text);
      const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ text }] } });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    });
    this.child.stdin.write(frames.join(''));
    return this.versions.get(uri)!;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Applies a code action's edit to the open document (as the editor would) and sends the change. */
  async apply(uri: string, action: CodeAction): Promise<number> {
    const edits = editsFor(action.edit, uri);
    assert.ok(edits.length > 0, `"${action.title}" has no edits for ${uri}`);
    // A ranged change with all edits applied at once: edits of one action are relative to the same text.
    const next = applyTextEdits(this.text(uri), edits);
    return this.change(uri, next);
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params);
  }

  notifyServer(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  async stop(): Promise<void> {
    // A server a test already ended (killed by a signal) gets no shutdown: writing to its closed input fails after the test.
    const running = this.child.exitCode === null && this.child.signalCode === null;
    try {
      if (running) {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await this.connection.sendNotification('exit');
      }
    } catch {
      // The server may already be gone; the kill below makes sure.
    }
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}
