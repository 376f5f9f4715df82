import type { Message, NotificationMessage } from 'vscode-languageserver/node';

const PUBLISH_DIAGNOSTICS = 'textDocument/publishDiagnostics';

/** The buffer starts this large and doubles when a message needs more; it is kept for the next message. */
const INITIAL_BYTES = 64 * 1024;

/** A buffer grown beyond this for one huge message is not kept for the next. */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

/**
 * Encodes JSON-RPC messages as vscode-jsonrpc's default encoder does (UTF-8 JSON), into one buffer
 * reused from message to message. The default makes the whole message one string, then one buffer
 * of its own: two fresh allocations of the message's size. Publishing the diagnostics of a rendered
 * chart is 800 KB each keystroke, and on a virtual machine each fresh allocation that large costs
 * milliseconds in page faults alone. Here every message lands in the same buffer, and a diagnostics
 * notification is written one diagnostic at a time: the JSON of a frozen diagnostic is kept, so a
 * diagnostic sent again unchanged (most of a chart's, keystroke after keystroke: see `DiagnosticReuse`)
 * costs a copy into the buffer rather than a stringify.
 *
 * Reuse is safe because the stream writer encodes under a lock that it releases only once the
 * previous message's bytes were written out (`WriteableStreamMessageWriter.write`).
 */
export class ReusedBufferEncoder {
  readonly name = 'application/json';
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private length = 0;
  /** The JSON of frozen diagnostics: they never change, and are sent again after each keystroke. */
  private readonly frozenJson = new WeakMap<object, string>();

  encode(message: Message): Promise<Uint8Array> {
    try {
      // The previous message is written out by now: a huge buffer it needed is not kept for the next.
      if (this.buffer.length > MAX_KEPT_BYTES) this.buffer = Buffer.allocUnsafe(INITIAL_BYTES);
      this.length = 0;
      if (isDiagnosticsNotification(message)) this.writeDiagnostics(message);
      else this.append(JSON.stringify(message));
      return Promise.resolve(this.buffer.subarray(0, this.length));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The same JSON as `JSON.stringify(message)`, a diagnostic at a time. */
  private writeDiagnostics({ jsonrpc, method, params }: DiagnosticsNotification): void {
    const { uri, version, diagnostics } = params;
    this.append(`{"jsonrpc":${JSON.stringify(jsonrpc)},"method":${JSON.stringify(method)},"params":{"uri":${JSON.stringify(uri)}`);
    if (version !== undefined) this.append(`,"version":${JSON.stringify(version)}`);
    this.append(',"diagnostics":[');
    for (let i = 0; i < diagnostics.length; i++) {
      if (i > 0) this.append(',');
      this.append(this.jsonOf(diagnostics[i]));
    }
    this.append(']}}');
  }

  /** As in an array: `null` for what `JSON.stringify` leaves out of objects (undefined, functions). */
  private jsonOf(diagnostic: unknown): string {
    if (typeof diagnostic !== 'object' || diagnostic === null || !Object.isFrozen(diagnostic)) return JSON.stringify(diagnostic) ?? 'null';
    let json = this.frozenJson.get(diagnostic);
    if (json === undefined) this.frozenJson.set(diagnostic, (json = JSON.stringify(diagnostic)));
    return json;
  }

  private append(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: the exact count is only needed near the end of the buffer.
    if (this.length + text.length * 3 > this.buffer.length) this.reserve(Buffer.byteLength(text, 'utf8'));
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  private reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    let size = this.buffer.length;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

interface DiagnosticsNotification extends NotificationMessage {
  readonly params: { readonly uri: string; readonly version?: number | null; readonly diagnostics: readonly unknown[] };
}

const MESSAGE_KEYS = new Set(['jsonrpc', 'method', 'params']);
const PARAMS_KEYS = new Set(['uri', 'version', 'diagnostics']);

/** A diagnostics notification holding nothing but what {@link ReusedBufferEncoder.writeDiagnostics} writes. */
function isDiagnosticsNotification(message: Message): message is DiagnosticsNotification {
  const { method, params } = message as Partial<NotificationMessage>;
  return (
    method === PUBLISH_DIAGNOSTICS &&
    typeof params === 'object' &&
    params !== null &&
    Array.isArray((params as { diagnostics?: unknown }).diagnostics) &&
    typeof (params as { uri?: unknown }).uri === 'string' &&
    Object.keys(message).every((key) => MESSAGE_KEYS.has(key)) &&
    Object.keys(params).every((key) => PARAMS_KEYS.has(key))
  );
}
