import { readFileSync } from 'node:fs';
import { LspClient, sleep, type ServerSpec } from './lsp-client';

/** One file opened in an editor and typed into. */
export interface EditorCase {
  /** Workspace folder the server is started on. */
  readonly root: string;
  readonly path: string;
  readonly languageId: 'yaml' | 'dockerfile';
  /** Where the one-character edits happen: `x` is typed there, then deleted, alternately. */
  readonly editOffset: number;
  readonly edits: number;
  /** Wait for the server's `$/progress` end (workspace indexing) before opening the file. */
  readonly awaitIndex?: boolean;
}

export interface EditorResult {
  /** Spawn → initialized → (index built, when awaited). */
  readonly startMs: number;
  /** didOpen → first diagnostics. */
  readonly openMs: number;
  /** didChange → diagnostics for that version, one sample per edit. */
  readonly editMs: readonly number[];
  readonly diagnostics: number;
  /** Server process memory after the edits, bytes. */
  readonly rss: number;
  readonly peakRss: number;
}

/** Offset just after the occurrence of `needle` nearest after `fraction` of the text. */
export function spotAfter(text: string, needle: string, fraction = 0.5): number {
  const at = text.indexOf(needle, Math.floor(text.length * fraction));
  if (at === -1) throw new Error(`"${needle}" not found after ${fraction} of the text`);
  return at + needle.length;
}

/** Time for servers to send what they still had queued, so it is not taken for the next answer. */
const SETTLE_MS = 40;

interface Session {
  readonly client: LspClient;
  readonly startMs: number;
  readonly openMs: number;
  readonly diagnostics: number;
  readonly editMs: number[];
}

async function openSession(spec: ServerSpec, c: EditorCase, text: string): Promise<Session> {
  const started = performance.now();
  const client = await LspClient.start(spec, c.root);
  try {
    if (c.awaitIndex) await client.progressEnd();
    const startMs = performance.now() - started;
    const t = performance.now();
    const opened = client.diagnostics(c.path);
    client.open(c.path, c.languageId, text);
    const diagnostics = await opened;
    return { client, startMs, openMs: performance.now() - t, diagnostics, editMs: [] };
  } catch (error) {
    await client.stop();
    throw error;
  }
}

/** A server and the case it is measured on. */
export interface EditorTarget {
  readonly spec: ServerSpec;
  readonly case: EditorCase;
}

/**
 * Starts each target's server on its workspace and opens its file, then types and
 * deletes a character at the edit spot, taking turns between the targets keystroke
 * by keystroke (so load on a shared machine hits them alike), and waiting for each
 * version's diagnostics before the next keystroke: every sample is one complete
 * change → diagnostics round trip.
 */
export async function measureEditors(targets: readonly EditorTarget[]): Promise<EditorResult[]> {
  const sessions: Array<Session & { readonly case: EditorCase; readonly text: string }> = [];
  try {
    for (const { spec, case: c } of targets) {
      const text = readFileSync(c.path, 'utf8');
      sessions.push({ ...(await openSession(spec, c, text)), case: c, text });
    }
    await sleep(300);
    const edits = Math.max(...targets.map((t) => t.case.edits));
    for (let i = 0; i < edits; i++) {
      const typing = i % 2 === 0;
      for (const { client, case: c, text, editMs } of sessions) {
        if (i >= c.edits) continue;
        const before = typing ? text : text.slice(0, c.editOffset) + 'x' + text.slice(c.editOffset);
        const t = performance.now();
        const version = typing ? client.change(c.path, before, c.editOffset, c.editOffset, 'x') : client.change(c.path, before, c.editOffset, c.editOffset + 1, '');
        await client.diagnostics(c.path, version);
        editMs.push(performance.now() - t);
        await sleep(SETTLE_MS);
      }
    }
    return sessions.map(({ client, startMs, openMs, diagnostics, editMs }) => ({ startMs, openMs, editMs, diagnostics, ...memoryOf(client) }));
  } finally {
    for (const session of sessions) await session.client.stop();
  }
}

function memoryOf(client: LspClient): { rss: number; peakRss: number } {
  const { rss, peak } = client.memory();
  return { rss, peakRss: peak };
}
