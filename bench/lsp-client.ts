import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * A minimal LSP client over stdio, the same for every server measured: it frames
 * JSON-RPC by hand (no client library whose own costs would differ between
 * servers), answers the requests servers make of an editor, and resolves
 * promises when diagnostics arrive.
 */

/** How to start a language server, and what to answer its `workspace/configuration` requests with. */
export interface ServerSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Settings for a configuration section (`yaml`, `graceful`, `docker.languageserver.diagnostics`). */
  readonly settings: (section: string | undefined) => unknown;
  /**
   * The server's own wait between a change and its analysis (a fixed debounce
   * timer): part of what a user waits for, but not work.
   */
  readonly debounceMs: number;
  /** What the editor sends in `initialize` (Graceful: the helm binary to render charts with). */
  readonly initializationOptions?: unknown;
}

interface Message {
  readonly jsonrpc: '2.0';
  readonly id?: number | string;
  readonly method?: string;
  readonly params?: any;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

/** The part of an LSP diagnostic the bench reads: where it is. */
export interface Diagnostic {
  readonly range: { readonly start: Position };
}

interface DiagnosticsWaiter {
  readonly uri: string;
  readonly minVersion: number | undefined;
  readonly accept: ((diagnostics: readonly Diagnostic[]) => boolean) | undefined;
  readonly resolve: (count: number) => void;
}

/** LSP position: zero-based line and UTF-16 character. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** Position of a UTF-16 offset in a text. */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export class LspClient {
  private nextId = 1;
  /** What has come of the message being read, and its length once its header is read. */
  private chunks: Buffer[] = [];
  private received = 0;
  private bodyLength: number | undefined;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private waiters: DiagnosticsWaiter[] = [];
  private progressEnds = 0;
  private progressWaiters: Array<() => void> = [];
  private readonly versions = new Map<string, number>();
  /** When each file's latest diagnostics came, and how many. */
  private readonly latest = new Map<string, { at: number; count: number; diagnostics: readonly Diagnostic[] }>();
  private incremental = false;
  private exited = false;
  /** stderr of the server, kept for error reports. */
  private stderr = '';

  private constructor(
    readonly spec: ServerSpec,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    child.on('exit', () => {
      this.exited = true;
      for (const { reject } of this.pending.values()) reject(new Error(`${spec.name} exited: ${this.stderr}`));
    });
  }

  /** Spawns the server and completes the `initialize` handshake with `root` as the only workspace folder. */
  static async start(spec: ServerSpec, root: string | undefined): Promise<LspClient> {
    const child = spawn(spec.command, [...spec.args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(spec, child);
    const folders = root ? [{ uri: uriOf(root), name: 'bench' }] : null;
    const result = (await client.request('initialize', {
      processId: process.pid,
      rootUri: root ? uriOf(root) : null,
      workspaceFolders: folders,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
        },
      },
      initializationOptions: spec.initializationOptions ?? {},
    })) as { capabilities?: { textDocumentSync?: number | { change?: number } } };
    const sync = result.capabilities?.textDocumentSync;
    client.incremental = (typeof sync === 'number' ? sync : sync?.change) === 2;
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings: { yaml: spec.settings('yaml'), graceful: spec.settings('graceful') } });
    return client;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resident and peak resident memory of the server process, in bytes (Linux /proc). */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  }

  /**
   * CPU time the server process has used so far (user + system, Linux /proc, 10 ms ticks): the
   * work a measure cost, which a loaded machine inflates far less than the wall time.
   */
  cpuMs(): number {
    // Fields after the command name (which may hold spaces): state is the 3rd, utime the 14th, stime the 15th.
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  }

  /** How many `$/progress` reports the server has ended so far. */
  get progressEndCount(): number {
    return this.progressEnds;
  }

  /** Resolves once the server has ended a `$/progress` (Graceful's workspace indexing reports one). */
  progressEnd(): Promise<void> {
    if (this.progressEnds > 0) return Promise.resolve();
    return new Promise((resolve) => this.progressWaiters.push(resolve));
  }

  open(path: string, languageId: string, text: string): void {
    const uri = uriOf(path);
    this.versions.set(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /**
   * Replaces `before.slice(start, end)` by `insert` in an open document (incrementally
   * when the server accepts it) and returns the new version.
   */
  change(path: string, before: string, start: number, end: number, insert: string): number {
    const uri = uriOf(path);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const after = before.slice(0, start) + insert + before.slice(end);
    const contentChanges = this.incremental ? [{ range: { start: positionAt(before, start), end: positionAt(before, end) }, text: insert }] : [{ text: after }];
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return version;
  }

  /**
   * Resolves with the number of diagnostics of the next publication for `path`
   * that is not older than `minVersion` (servers that send no version count as current) and
   * that `accept` takes (a server may publish one version twice: Graceful re-publishes a chart
   * template once helm has rendered the edit).
   */
  diagnostics(path: string, minVersion?: number, timeoutMs = 60_000, accept?: (diagnostics: readonly Diagnostic[]) => boolean): Promise<number> {
    const uri = uriOf(path);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.spec.name}: no diagnostics for ${path} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: DiagnosticsWaiter = {
        uri,
        minVersion,
        accept,
        resolve: (count) => {
          clearTimeout(timer);
          resolve(count);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * Waits until `path` has had no new diagnostics for `quietMs`, and returns when the last came
   * and how many it held (a server may publish a file's diagnostics in several steps).
   */
  async settledDiagnostics(path: string, quietMs: number): Promise<{ at: number; count: number; diagnostics: readonly Diagnostic[] } | undefined> {
    const uri = uriOf(path);
    for (;;) {
      const last = this.latest.get(uri);
      const wait = last ? last.at + quietMs - performance.now() : quietMs;
      if (wait <= 0) return last;
      await sleep(wait);
    }
  }

  /** Asks the server to shut down, then makes sure the process is gone. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await Promise.race([this.request('shutdown', null).catch(() => undefined), sleep(2000)]);
    this.notify('exit', null);
    await Promise.race([gone, sleep(2000)]);
    if (!this.exited) this.child.kill('SIGKILL');
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: Message): void {
    if (this.exited) return;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  /**
   * Reads messages as vscode-jsonrpc's reader (VS Code's) does: the chunks of a message are kept as they
   * come and joined once it is whole. Joining the buffer to each chunk as it comes would copy a large
   * message (a chart's 800 KB of diagnostics, in 64 KB chunks) a dozen times over, a cost of this client
   * that editors do not have, charged to servers by the size of what they send.
   */
  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.received += chunk.length;
    for (;;) {
      if (this.chunks.length === 0) return;
      if (this.bodyLength === undefined) {
        let headerEnd = this.chunks[0]!.indexOf('\r\n\r\n');
        // A header split across chunks (rare: headers are a few dozen bytes).
        if (headerEnd === -1 && this.chunks.length > 1) headerEnd = this.join().indexOf('\r\n\r\n');
        if (headerEnd === -1) return;
        const head = this.chunks[0]!;
        this.bodyLength = Number(/Content-Length: *(\d+)/i.exec(head.subarray(0, headerEnd).toString('ascii'))?.[1]);
        this.chunks[0] = head.subarray(headerEnd + 4);
        this.received -= headerEnd + 4;
      }
      if (this.received < this.bodyLength) return;
      const whole = this.join();
      const body = whole.subarray(0, this.bodyLength).toString('utf8');
      const rest = whole.subarray(this.bodyLength);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.received = rest.length;
      this.bodyLength = undefined;
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  /** The chunks received so far as one buffer (then the only chunk). */
  private join(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.received)];
    return this.chunks[0]!;
  }

  private dispatch(message: Message): void {
    if (message.method === undefined) {
      const pending = this.pending.get(message.id as number);
      this.pending.delete(message.id as number);
      if (message.error) pending?.reject(new Error(`${this.spec.name}: ${message.error.message}`));
      else pending?.resolve(message.result);
    } else if (message.id !== undefined) {
      this.send({ jsonrpc: '2.0', id: message.id, result: this.answer(message.method, message.params) });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, version, diagnostics } = message.params as { uri: string; version?: number; diagnostics: Diagnostic[] };
      this.latest.set(uri, { at: performance.now(), count: diagnostics.length, diagnostics });
      const ready = this.waiters.filter(
        (w) => w.uri === uri && (w.minVersion === undefined || version === undefined || version >= w.minVersion) && (w.accept?.(diagnostics) ?? true),
      );
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const waiter of ready) waiter.resolve(diagnostics.length);
    } else if (message.method === '$/progress' && message.params?.value?.kind === 'end') {
      this.progressEnds++;
      for (const resolve of this.progressWaiters.splice(0)) resolve();
    }
  }

  /** What an editor answers to the server's requests. */
  private answer(method: string, params: any): unknown {
    if (method === 'workspace/configuration') return (params.items as Array<{ section?: string }>).map((item) => this.spec.settings(item.section) ?? null);
    return null;
  }
}

/** `getconf CLK_TCK`: 100 on every Linux that Node runs on. */
const CLOCK_TICKS = 100;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
