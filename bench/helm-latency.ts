import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, sleep, type Diagnostic, type ServerSpec } from './lsp-client';
import { GC_REQUEST } from '../shared/src/protocol';
import { GRACEFUL } from './servers';

/** A chart of the corpus and the template the edits land in. */
export interface HelmCase {
  readonly chart: string;
  /** The template's path inside the chart; it must hold a `kind: Deployment` line the edits go before. */
  readonly template: string;
  /** `helm template` runs, and edits whose diagnostics are awaited. */
  readonly rounds: number;
  /** Edits sent between the two memory readings. */
  readonly memoryEdits: number;
}

export interface HelmResult {
  /** `helm template` of the chart, one sample per run. */
  readonly helmMs: readonly number[];
  /** Edit → diagnostics mapped from helm's render of that edit, one sample per edit. */
  readonly editMs: readonly number[];
  /** `helm template` of the chart, one sample per burst (taken in turns with the bursts). */
  readonly burstHelmMs: readonly number[];
  /** The last keystroke of a typing burst → diagnostics mapped from helm's render of the burst's last version, one sample per burst. */
  readonly burstMs: readonly number[];
  /** CPU time of the server process itself per awaited edit (helm, its child, not counted): Graceful's own work. */
  readonly cpuMs: readonly number[];
  /** How many diagnostics the template showed once rendered. */
  readonly diagnostics: number;
  /** Server resident memory before, half-way through and after the memory edits (the last once their render is on show). */
  readonly rssBefore: number;
  readonly rssHalfway: number;
  readonly rssAfter: number;
  readonly peakRss: number;
  /** The server's heap after a full garbage collection, before the memory edits and after each tenth of them (the last once their render is on show). */
  readonly heapAfterGc: readonly number[];
}

/** The edit: a comment line typed before `kind:` (helm keeps it, so every finding below it moves down a line). */
const LINE = '# edit\n';

/**
 * A typing burst: this line typed before `kind:` one character per keystroke, {@link HELM_BURST_GAP_MS}
 * apart, then deleted the same way (backspace from its end) in the next burst. Every version but
 * the last comments out the `kind:` line, so helm's render of it has no Deployment and no finding
 * there: a publication with the findings of the render of the last version cannot come from the
 * render of an earlier keystroke moved through the edit.
 */
const BURST_LINE = '# ed\n';
/** A fast typist's pace (about 16 keys a second): the burst lasts longer than a render, so one is in flight at its last keystroke. */
export const HELM_BURST_GAP_MS = 60;
/** Keystrokes per burst. */
export const HELM_BURST_KEYS = BURST_LINE.length;

/** Where each finding is, with those at or below `from` moved by `shift` lines: how the template's findings look once a render of the edit is mapped. */
function signature(diagnostics: readonly Diagnostic[], from = Infinity, shift = 0): string {
  return diagnostics
    .map(({ range: { start } }) => `${start.line >= from ? start.line + shift : start.line}:${start.character}`)
    .sort()
    .join(' ');
}

/** One `helm template` of the chart as a user runs it, in ms. */
function helmTemplate(helm: string, chart: string): number {
  const t = performance.now();
  const run = spawnSync(helm, ['template', 'release-name', chart], { encoding: 'utf8', maxBuffer: 64 * 1048576 });
  const ms = performance.now() - t;
  if (run.status !== 0) throw new Error(`helm template ${chart} failed: ${run.stderr}`);
  return ms;
}

/**
 * Opens a copy of the chart in Graceful's language server (helm configured as the VS Code client
 * passes it; started with --expose-gc for heap readings), waits for the template's rendered
 * findings, then, in turns with `helm template` runs, inserts and removes a comment line before
 * `kind:`: each sample runs from the change to the first publication, after the render's
 * `$/progress` ends, whose findings sit where the render of that version puts them (before it, the
 * server publishes the previous render's findings moved through the edit, which already sit there:
 * they do not count). Then as many typing bursts ({@link BURST_LINE}), in turns with `helm template`
 * runs, each timed from its last keystroke to the first publication, after a render's `$/progress`
 * ends, whose findings sit where the render of the last version puts them. Then `memoryEdits` more such edits, each awaited only to its version's first
 * publication (as fast typing goes: renders coalesce), one last awaited edit, and the server's
 * resident memory before, half-way and after, and its heap after a full collection every tenth.
 */
export async function measureHelmChart(helm: string, c: HelmCase): Promise<HelmResult> {
  // Also helm's first (cold) run, which is not a sample.
  const firstHelmMs = helmTemplate(helm, c.chart);
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'graceful-bench-helm-')));
  const chart = join(root, 'chart');
  cpSync(c.chart, chart, { recursive: true });
  const path = join(chart, c.template);
  const spec: ServerSpec = { ...GRACEFUL, args: ['--expose-gc', ...GRACEFUL.args], initializationOptions: { helm: { path: helm } } };
  const client = await LspClient.start(spec, root);
  try {
    let text = readFileSync(path, 'utf8');
    const kind = text.search(/^kind: Deployment$/m);
    if (kind === -1) throw new Error(`${path}: no kind: Deployment line`);
    const kindLine = text.slice(0, kind).split('\n').length - 1;
    client.open(path, 'yaml', text);
    // Rendered once no new diagnostics came for a few renders' time (the chart renders after indexing).
    const quiet = 3 * firstHelmMs + 1000;
    const rendered = await client.settledDiagnostics(path, quiet);
    if (!rendered || rendered.count === 0) throw new Error(`${path}: no rendered findings within ${quiet} ms of quiet`);
    const baseline = rendered.diagnostics;

    /** One edit (the line inserted, or removed if there); resolves once its render is on show, or at its first publication. */
    const edit = async (awaitRender: boolean): Promise<void> => {
      const inserting = !text.startsWith(LINE, kind);
      const version = inserting ? client.change(path, text, kind, kind, LINE) : client.change(path, text, kind, kind + LINE.length, '');
      text = inserting ? text.slice(0, kind) + LINE + text.slice(kind) : text.slice(0, kind) + text.slice(kind + LINE.length);
      const expected = signature(baseline, kindLine, inserting ? 1 : 0);
      const rendersEnded = client.progressEndCount;
      await client.diagnostics(path, version, 60_000, awaitRender ? (d) => client.progressEndCount > rendersEnded && signature(d) === expected : undefined);
    };

    const helmMs: number[] = [];
    const editMs: number[] = [];
    const cpuMs: number[] = [];
    // helm and the editor take turns, so load on a shared machine hits them alike.
    for (let round = 0; round < c.rounds; round++) {
      helmMs.push(helmTemplate(helm, c.chart));
      const cpu = client.cpuMs();
      const t = performance.now();
      await edit(true);
      editMs.push(performance.now() - t);
      cpuMs.push(client.cpuMs() - cpu);
      await sleep(40);
    }
    const burstHelmMs: number[] = [];
    const burstMs: number[] = [];
    for (let round = 0; round < c.rounds; round++) {
      burstHelmMs.push(helmTemplate(helm, c.chart));
      const inserting = round % 2 === 0;
      let version = 0;
      let last = 0;
      for (let k = 0; k < HELM_BURST_KEYS; k++) {
        if (k > 0) await sleep(HELM_BURST_GAP_MS);
        last = performance.now();
        if (inserting) {
          version = client.change(path, text, kind + k, kind + k, BURST_LINE[k]!);
          text = text.slice(0, kind + k) + BURST_LINE[k]! + text.slice(kind + k);
        } else {
          const at = kind + BURST_LINE.length - 1 - k;
          version = client.change(path, text, at, at + 1, '');
          text = text.slice(0, at) + text.slice(at + 1);
        }
      }
      const expected = signature(baseline, kindLine, inserting ? 1 : 0);
      const rendersEnded = client.progressEndCount;
      await client.diagnostics(path, version, 60_000, (d) => client.progressEndCount > rendersEnded && signature(d) === expected);
      burstMs.push(performance.now() - last);
      await sleep(40);
    }
    const heap = async () => (await client.request(GC_REQUEST, null)) as number;
    const heapAfterGc = [await heap()];
    const rssBefore = client.memory().rss;
    let rssHalfway = NaN;
    for (let round = 0; round < c.memoryEdits; round++) {
      await edit(false);
      if (round === c.memoryEdits / 2 - 1) rssHalfway = client.memory().rss;
      if ((round + 1) % Math.max(1, Math.round(c.memoryEdits / 10)) === 0 && round + 1 < c.memoryEdits) heapAfterGc.push(await heap());
    }
    // One more edit awaited to its render, so every render the memory edits caused is done.
    await edit(true);
    await client.settledDiagnostics(path, 500);
    const { rss: rssAfter, peak: peakRss } = client.memory();
    heapAfterGc.push(await heap());
    return { helmMs, editMs, burstHelmMs, burstMs, cpuMs, diagnostics: baseline.length, rssBefore, rssHalfway, rssAfter, peakRss, heapAfterGc };
  } finally {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
