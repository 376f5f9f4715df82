import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { applyEdits, editsOverlap } from '../fix/apply-edits';
import { type LineIndex } from '../parse/line-index';
import type { FileEdits, TextEdit } from '../types';
import { renderedLineIndex, type RenderedFile } from './rendered-output';
import { valuesPaths, type TemplateAction } from './template-actions';
import type { TemplateAnatomy } from './template-lines';
import { isWritable, setValuesKey, valuesAt } from './values-edit';

/** What a values fix needs to know about the chart that rendered a template. */
export interface RenderedChartSource {
  /** The chart's folder (its `values.yaml` is the one a fix edits). */
  readonly dir: string;
  /** The actions of its templates and helpers, by path: every place that may read a values key. */
  readonly actions: ReadonlyMap<string, readonly TemplateAction[]>;
  /** The values given on top of the chart's own (`--values` files, `--set` pairs). */
  readonly overrides: { readonly valuesFiles: readonly string[]; readonly set: readonly string[] };
}

/**
 * A stretch of rendered text that one template action printed straight from one values key:
 * `{{ toYaml .Values.x | nindent N }}` (or `toYaml .` in `with .Values.x`), or `{{ .Values.x }}` inside a line.
 */
interface PrintedValue {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /**
   * The template actions that read the key to print it: the directive, its `with`, and `if .Values.x` blocks
   * around it (which only test that the key is set: the new value must be set too).
   */
  readonly readers: readonly TemplateAction[];
  readonly template: string;
  /** The value a printed text stands for (undefined when it does not parse). */
  readonly read: (printed: string) => unknown;
}

const VALUES_KEY = String.raw`\$?\.Values\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)`;
const TO_YAML = new RegExp(String.raw`^toYaml\s+(?:${VALUES_KEY}|\.)\s*\|\s*n?indent\s+(\d+)$`);
const WITH = new RegExp(String.raw`^with\s+${VALUES_KEY}$`);
const SCALAR = new RegExp(String.raw`^${VALUES_KEY}$`);
const IF = new RegExp(String.raw`^if\s+${VALUES_KEY}$`);
/** `.Values` read whole (`include "x" .Values`, `$v := .Values`): any key may be read through it. */
const WHOLE_VALUES = /(?:^|[^\w.$])\$?\.Values(?![\w.])|(?:^|[^\w.$])\$?\.Values\.(?![A-Za-z_])/;

/**
 * The rendered edits of a fix that land inside text printed from values, as edits of the chart's
 * `values.yaml` that give the key the value the edited text stands for. Only when exact: the key is
 * printed by one directive, once, untransformed (what is printed equals what `values.yaml` holds), no
 * other template or helper reads it (nor a key above or below it), and no values file or `--set` the
 * user gave overrides it. Undefined otherwise.
 */
/** Results by rendered file (a new render makes new files) and by the edits and values text they were for. */
const computed = new WeakMap<RenderedFile, Map<string, ReturnType<typeof valuesFileEdits>>>();

/**
 * {@link valuesFileEdits}, remembered: the editor maps a chart's findings again for every request, and
 * parsing values.yaml for each fix would cost more than mapping everything else.
 */
export function cachedValuesFileEdits(
  file: RenderedFile,
  edits: readonly TextEdit[],
  chart: RenderedChartSource,
  anatomyOf: (template: string) => TemplateAnatomy | undefined,
  readText: (path: string) => string | undefined,
): ReturnType<typeof valuesFileEdits> {
  const byKey = computed.get(file) ?? new Map<string, ReturnType<typeof valuesFileEdits>>();
  computed.set(file, byKey);
  const key = `${JSON.stringify(edits)}\0${readText(`${chart.dir}/values.yaml`) ?? ''}`;
  if (!byKey.has(key)) byKey.set(key, valuesFileEdits(file, edits, chart, anatomyOf, readText));
  return byKey.get(key);
}

function valuesFileEdits(
  file: RenderedFile,
  edits: readonly TextEdit[],
  chart: RenderedChartSource,
  anatomyOf: (template: string) => TemplateAnatomy | undefined,
  readText: (path: string) => string | undefined,
): { readonly file: FileEdits; readonly keys: readonly string[] } | undefined {
  const path = `${chart.dir}/values.yaml`;
  const valuesText = readText(path);
  if (valuesText === undefined || edits.length === 0) return undefined;
  const lines = renderedLineIndex(file);
  const groups = new Map<number, { printed: PrintedValue; edits: TextEdit[] }>();
  for (const edit of edits) {
    const printed = printedValueAt(file, lines, edit, anatomyOf);
    if (!printed || edit.range.start < printed.start || edit.range.end > printed.end) return undefined;
    const group = groups.get(printed.start) ?? { printed, edits: [] };
    group.edits.push(edit);
    groups.set(printed.start, group);
  }
  const out: TextEdit[] = [];
  const shared = sharedKeys(chart, readText);
  for (const { printed, edits: group } of groups.values()) {
    if (shared.has(printed.key.split('.')[0] ?? '') || !readOnlyThere(printed, chart) || overridden(printed.key, chart, readText)) return undefined;
    const before = file.text.slice(printed.start, printed.end);
    const after = applied(
      before,
      group.map((e) => ({ range: { start: e.range.start - printed.start, end: e.range.end - printed.start }, newText: e.newText })),
    );
    if (after === undefined) return undefined;
    const key = printed.key.split('.');
    const old = printed.read(before);
    const wanted = printed.read(after);
    if (old === undefined || !isDeepStrictEqual(old, valuesAt(valuesText, key) ?? null)) return undefined;
    if (!isWritable(wanted) || isDeepStrictEqual(wanted, old)) return undefined;
    // An `if .Values.x` around the directive prints it only while the key is set.
    if (printed.readers.some((r) => r.keyword === 'if') && !truthy(wanted)) return undefined;
    const edits = setValuesKey(valuesText, key, wanted);
    if (!edits || editsOverlap(out, edits)) return undefined;
    out.push(...edits);
  }
  return { file: { path, edits: out }, keys: [...groups.values()].map((g) => g.printed.key) };
}

/** The printed value an edit starts in, when its template line prints one values key directly. */
function printedValueAt(
  file: RenderedFile,
  lines: LineIndex,
  edit: TextEdit,
  anatomyOf: (template: string) => TemplateAnatomy | undefined,
): PrintedValue | undefined {
  const line = lines.positionAt(edit.range.start).line;
  const source = file.lines[line];
  const anatomy = source && anatomyOf(source.template);
  const info = source && anatomy?.lines[source.origin.line - 1];
  if (!source || !anatomy || !info || info.inDefine) return undefined;
  const from = (l: number) => file.lines[l]?.template === source.template && file.lines[l]?.origin.line === source.origin.line;
  // Every rendered line of that template line, which must form one stretch: a line a `range` repeats prints several objects.
  const printedLines = file.lines.flatMap((_, i) => (from(i) ? [i] : []));
  const first = printedLines[0] ?? line;
  const last = printedLines[printedLines.length - 1] ?? line;
  if (last - first + 1 !== printedLines.length) return undefined;
  const onLine = anatomy.actions.filter((a) => a.start < info.end && a.end > info.start);
  if (source.origin.kind === 'directive') {
    const directive = onLine.find((a) => a.start === info.directive?.start);
    const match = directive && !directive.trimRight ? TO_YAML.exec(directive.body) : null;
    if (!directive || !match) return undefined;
    const block = printedLines.filter((l) => file.lines[l]?.origin.kind === 'directive');
    const [top, bottom] = [block[0], block[block.length - 1]];
    if (top === undefined || bottom === undefined || bottom - top + 1 !== block.length) return undefined;
    const blocks = openBlocks(anatomy, directive);
    // Inside a `range` the same key may print once per item, also as one unbroken stretch.
    if (blocks.some((b) => b.action.keyword === 'range')) return undefined;
    const subject = match[1] === undefined ? enclosingWith(blocks) : { key: match[1], action: undefined };
    if (!subject) return undefined;
    const indent = Number(match[2]);
    return {
      key: subject.key,
      start: lines.lineStart(top),
      end: lines.lineStart(bottom) + lines.lineText(bottom).replace(/\r$/, '').length,
      readers: [directive, ...(subject.action ? [subject.action] : []), ...guards(blocks, subject.key)],
      template: source.template,
      read: (printed) => parseYaml(dedent(printed, indent)),
    };
  }
  if (source.origin.kind !== 'literal' || printedLines.length !== 1) return undefined;
  // `key: {{ .Values.x }}`: the line's only action prints the value as written between the literal text around it.
  const [action, ...more] = onLine;
  const key = action && more.length === 0 && action.kind === 'output' && !action.trimLeft && !action.trimRight ? SCALAR.exec(action.body)?.[1] : undefined;
  const blocks = action ? openBlocks(anatomy, action) : [];
  if (!action || key === undefined || action.end > info.end || blocks.some((b) => b.action.keyword === 'range')) return undefined;
  const prefix = anatomy.text.slice(info.start, action.start);
  const suffix = anatomy.text.slice(action.end, info.end);
  const rendered = lines.lineText(line).replace(/\r$/, '');
  if (!rendered.startsWith(prefix) || !rendered.endsWith(suffix) || rendered.length < prefix.length + suffix.length) return undefined;
  const start = lines.lineStart(line) + prefix.length;
  return {
    key,
    start,
    end: start + rendered.length - prefix.length - suffix.length,
    readers: [action, ...guards(blocks, key)],
    template: source.template,
    read: (printed) => {
      const value = parseYaml(printed);
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
    },
  };
}

/** The blocks open around an action, innermost last, with whether an `else` of theirs came before it. */
function openBlocks(anatomy: TemplateAnatomy, action: TemplateAction): { action: TemplateAction; branched: boolean }[] {
  const open: { action: TemplateAction; branched: boolean }[] = [];
  for (const a of anatomy.actions) {
    if (a.start >= action.start) break;
    if (a.kind === 'open') open.push({ action: a, branched: false });
    else if (a.kind === 'end') open.pop();
    else if (a.kind === 'else') {
      const top = open[open.length - 1];
      if (top) top.branched = true;
    }
  }
  return open;
}

/** The key of the innermost block around an action, when it is `with .Values.x` (no `else` before the action). */
function enclosingWith(blocks: readonly { action: TemplateAction; branched: boolean }[]): { key: string; action: TemplateAction } | undefined {
  const block = blocks[blocks.length - 1];
  const key = block && !block.branched ? WITH.exec(block.action.body)?.[1] : undefined;
  return block && key !== undefined ? { key, action: block.action } : undefined;
}

/** The `if .Values.x` blocks around the printing action that test the printed key itself (not in their `else`). */
function guards(blocks: readonly { action: TemplateAction; branched: boolean }[], key: string): TemplateAction[] {
  return blocks.filter((b) => !b.branched && IF.exec(b.action.body)?.[1] === key).map((b) => b.action);
}

/** Go templates' truth: false, 0, nil and empty strings, lists and maps are false. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

/** Whether no action of the chart but the printing ones reads the key, a key inside it, or one that holds it. */
function readOnlyThere(printed: PrintedValue, chart: RenderedChartSource): boolean {
  const related = (path: string) => path === printed.key || path.startsWith(`${printed.key}.`) || printed.key.startsWith(`${path}.`);
  for (const [path, actions] of chart.actions) {
    for (const action of actions) {
      if (path === printed.template && printed.readers.some((r) => r.start === action.start)) continue;
      if (WHOLE_VALUES.test(action.body) || valuesPaths(action.body).some(related)) return false;
    }
  }
  return true;
}

/**
 * Top-level keys whose values other charts read too: `global`, and each subchart's (a dependency's name or
 * alias in Chart.yaml, or a folder under `charts/`), which its own templates read under other names.
 */
function sharedKeys(chart: RenderedChartSource, readText: (path: string) => string | undefined): Set<string> {
  const keys = new Set(['global']);
  for (const path of chart.actions.keys()) {
    const sub = /^charts\/([^/]+)\//.exec(path.slice(chart.dir.length + 1))?.[1];
    if (sub) keys.add(sub);
  }
  const dependencies = valuesAt(readText(`${chart.dir}/Chart.yaml`) ?? '', ['dependencies']);
  for (const dependency of Array.isArray(dependencies) ? (dependencies as unknown[]) : []) {
    for (const field of ['name', 'alias']) {
      const value = (dependency as Record<string, unknown> | null)?.[field];
      if (typeof value === 'string') keys.add(value);
    }
  }
  return keys;
}

/** Whether a values file or `--set` pair the user gave sets the key, a key inside it, or one that holds it. */
function overridden(key: string, chart: RenderedChartSource, readText: (path: string) => string | undefined): boolean {
  const path = key.split('.');
  for (const file of chart.overrides.valuesFiles) {
    const text = readText(file);
    if (text === undefined) return true;
    for (let depth = 1; depth <= path.length; depth++) {
      const value = valuesAt(text, path.slice(0, depth));
      if (value === undefined) break;
      // A key above set to something other than a map (null deletes) replaces this one.
      if (depth === path.length || value === null || typeof value !== 'object' || Array.isArray(value)) return true;
    }
  }
  return chart.overrides.set.some((pair) => {
    // `a.b[0].c=x` sets inside `a.b`: the index is part of no key.
    const set = (pair.split('=')[0] ?? '').split('.').map((segment) => segment.replace(/\[.*$/, ''));
    const shorter = Math.min(set.length, path.length);
    return set.slice(0, shorter).every((s, i) => s === path[i]);
  });
}

/** The text with the edits applied, or undefined when they overlap (a rule's bug must not stop the mapping). */
function applied(text: string, edits: readonly TextEdit[]): string | undefined {
  try {
    return applyEdits(text, edits);
  } catch {
    return undefined;
  }
}

function dedent(text: string, indent: number): string | undefined {
  const lines = text.split('\n');
  const pad = ' '.repeat(indent);
  if (lines.some((l) => l.trim() !== '' && !l.startsWith(pad))) return undefined;
  return lines.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n');
}

function parseYaml(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return parse(text, { uniqueKeys: true, maxAliasCount: 0 }) ?? null;
  } catch {
    return undefined;
  }
}
