import { readFileSync } from 'node:fs';
import { LspClient, sleep, type ServerSpec } from './lsp-client';

/** One file opened in an editor and typed into. */
export interface EditorCase {
  /** Workspace folder the server is started on. */
  readonly root: string;
  readonly path: string;
  readonly languageId: 'yaml' | 'dockerfile';
  /** Where one-character edits happen, by name (`start`, `middle`, `end`): `x` is typed there, then deleted, alternately. */
  readonly spots: Readonly<Record<string, number>>;
  /** Edits at each spot. */
  readonly edits: number;
  /** Bursts of typing at the `middle` spot (else the first): {@link BURST_KEYS} keystrokes {@link BURST_GAP_MS} apart. */
  readonly bursts?: number;
  /** Wait for the server's `$/progress` end (workspace indexing) before opening the file. */
  readonly awaitIndex?: boolean;
}

export interface EditorResult {
  /** Spawn → initialized → (index built, when awaited). */
  readonly startMs: number;
  /** didOpen → first diagnostics. */
  readonly openMs: number;
  /** didOpen → the last diagnostics before the first edit (a server may publish the first screen first). */
  readonly openCompleteMs: number;
  /** didChange → diagnostics for that version, one sample per edit, by spot. */
  readonly editMs: Readonly<Record<string, readonly number[]>>;
  /** The last keystroke of a burst → diagnostics for its version, one sample per burst. */
  readonly burstMs: readonly number[];
  /** CPU time of the server process from didOpen to the diagnostics of the whole file. */
  readonly openCpuMs: number;
  /** CPU time of the server process per edit (from the change to its diagnostics), one sample per edit, by spot; `burst` for bursts (first key to diagnostics). */
  readonly cpuMs: Readonly<Record<string, readonly number[]>>;
  /** How many diagnostics the whole file's publication held. */
  readonly diagnostics: number;
  /** Server process memory after the edits, bytes. */
  readonly rss: number;
  readonly peakRss: number;
}

/** A burst: as fast as people type (about 25 keys a second), the diagnostics awaited after the last key only. */
export const BURST_KEYS = 6;
export const BURST_GAP_MS = 40;

/** Offset just after the occurrence of `needle` nearest after `fraction` of the text. */
export function spotAfter(text: string, needle: string, fraction = 0.5): number {
  const at = text.indexOf(needle, Math.floor(text.length * fraction));
  if (at === -1) throw new Error(`"${needle}" not found after ${fraction} of the text`);
  return at + needle.length;
}

/**
 * A file's diagnostics are complete when no new ones came for this long, or for three times as long as
 * the first took, whichever is longer: a server that publishes the first screen first needs about as
 * long again for the rest (more under load), and the first edit must not be timed while it still works on the open.
 */
const SETTLED_MS = 500;
const SETTLED_PER_FIRST = 3;

/** Time for servers to send what they still had queued, so it is not taken for the next answer. */
const SETTLE_MS = 40;

interface Session {
  readonly client: LspClient;
  readonly case: EditorCase;
  readonly startMs: number;
  readonly openMs: number;
  readonly openCompleteMs: number;
  readonly openCpuMs: number;
  readonly diagnostics: number;
  readonly editMs: Record<string, number[]>;
  readonly burstMs: number[];
  readonly cpuMs: Record<string, number[]>;
  /** The document's text as the server has it now. */
  text: string;
  /** Where each spot is in that text (an `x` typed at one spot moves the spots after it). */
  readonly spots: Record<string, number>;
}

async function openSession(spec: ServerSpec, c: EditorCase): Promise<Session> {
  const text = readFileSync(c.path, 'utf8');
  const started = performance.now();
  const client = await LspClient.start(spec, c.root);
  try {
    if (c.awaitIndex) await client.progressEnd();
    const startMs = performance.now() - started;
    const t = performance.now();
    const cpu = client.cpuMs();
    const opened = client.diagnostics(c.path);
    client.open(c.path, c.languageId, text);
    await opened;
    const openMs = performance.now() - t;
    const last = (await client.settledDiagnostics(c.path, Math.max(SETTLED_MS, SETTLED_PER_FIRST * openMs)))!;
    const openCpuMs = client.cpuMs() - cpu;
    return {
      client,
      case: c,
      startMs,
      openMs,
      openCompleteMs: last.at - t,
      openCpuMs,
      diagnostics: last.count,
      editMs: {},
      burstMs: [],
      cpuMs: {},
      text,
      spots: { ...c.spots },
    };
  } catch (error) {
    await client.stop();
    throw error;
  }
}

/** Types `x` at `at` (or deletes the character before it) as the editor sends it; returns the new version. */
function keystroke(session: Session, at: number, typing: boolean): number {
  const { client, case: c, text } = session;
  const version = typing ? client.change(c.path, text, at, at, 'x') : client.change(c.path, text, at - 1, at, '');
  session.text = typing ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at - 1) + text.slice(at);
  return version;
}

/** One edit at a spot: typing `x` after it on even rounds, deleting that `x` on odd ones. */
async function edit(session: Session, spot: string, round: number): Promise<void> {
  const at = session.spots[spot]!;
  const cpu = session.client.cpuMs();
  const t = performance.now();
  const typing = round % 2 === 0;
  const version = typing ? keystroke(session, at, true) : keystroke(session, at + 1, false);
  for (const [other, offset] of Object.entries(session.spots)) if (offset > at) session.spots[other] = offset + (typing ? 1 : -1);
  await session.client.diagnostics(session.case.path, version);
  (session.editMs[spot] ??= []).push(performance.now() - t);
  (session.cpuMs[spot] ??= []).push(session.client.cpuMs() - cpu);
}

/** A burst: BURST_KEYS keystrokes typed (even rounds) or deleted (odd rounds), timed from the last one. */
async function burst(session: Session, round: number): Promise<void> {
  const { spots } = session;
  const at = spots.middle ?? Object.values(spots)[0]!;
  let version = 0;
  let last = 0;
  const cpu = session.client.cpuMs();
  for (let k = 0; k < BURST_KEYS; k++) {
    if (k > 0) await sleep(BURST_GAP_MS);
    last = performance.now();
    version = round % 2 === 0 ? keystroke(session, at + k, true) : keystroke(session, at + BURST_KEYS - k, false);
  }
  await session.client.diagnostics(session.case.path, version);
  session.burstMs.push(performance.now() - last);
  (session.cpuMs.burst ??= []).push(session.client.cpuMs() - cpu);
}

/** A server and the case it is measured on. */
export interface EditorTarget {
  readonly spec: ServerSpec;
  readonly case: EditorCase;
}

/**
 * Starts each target's server on its workspace and opens its file, then edits it
 * spot by spot and bursts, taking turns between the targets edit by edit (so load on
 * a shared machine hits them alike), and waiting for each version's diagnostics
 * before the next edit: every sample is one complete change → diagnostics round trip.
 * Changes are sent as the server asks (incremental ranges, as VS Code sends them).
 */
export async function measureEditors(targets: readonly EditorTarget[]): Promise<EditorResult[]> {
  const sessions: Session[] = [];
  try {
    for (const { spec, case: c } of targets) sessions.push(await openSession(spec, c));
    const spots = [...new Set(targets.flatMap((t) => Object.keys(t.case.spots)))];
    // Spot after spot within a round, so that the first edits after an open (a fresh heap, code not yet
    // optimised) fall on every spot alike, not all on the one measured first.
    for (let round = 0; round < Math.max(...targets.map((t) => t.case.edits)); round++) {
      for (const spot of spots) {
        for (const session of sessions) {
          if (round >= session.case.edits || !(spot in session.case.spots)) continue;
          await edit(session, spot, round);
          await sleep(SETTLE_MS);
        }
      }
    }
    for (let round = 0; round < Math.max(...targets.map((t) => t.case.bursts ?? 0)); round++) {
      for (const session of sessions) {
        if (round >= (session.case.bursts ?? 0)) continue;
        await burst(session, round);
        await sleep(SETTLE_MS);
      }
    }
    return sessions.map(({ client, startMs, openMs, openCompleteMs, openCpuMs, diagnostics, editMs, burstMs, cpuMs }) => ({
      startMs,
      openMs,
      openCompleteMs,
      openCpuMs,
      editMs,
      burstMs,
      cpuMs,
      diagnostics,
      ...memoryOf(client),
    }));
  } finally {
    for (const session of sessions) await session.client.stop();
  }
}

function memoryOf(client: LspClient): { rss: number; peakRss: number } {
  const { rss, peak } = client.memory();
  return { rss, peakRss: peak };
}
