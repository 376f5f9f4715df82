import { isScalar, type Pair, type YAMLMap } from 'yaml';
import { detectEol, LineIndex } from '../parse/line-index';
import type { YamlView } from '../parse/yaml-file';
import type { TextEdit } from '../types';

/** A value to write into YAML: rendered in the file's own style by `renderYaml`. */
export type YamlValue = string | number | boolean | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/** How a file writes YAML, so inserted text looks like the user wrote it. */
export interface YamlStyle {
  /** Spaces per nesting level (2 or 4 in practice). */
  readonly indent: number;
  /** Whether `- item` lines are indented under their key (`key:\n  - a`) or flush with it (`key:\n- a`). */
  readonly indentSequences: boolean;
  readonly eol: '\n' | '\r\n';
}

/** Reads the indentation habits of a file from its first nested mapping and sequence. */
export function detectStyle(text: string): YamlStyle {
  // The habits show in the first lines: on a large file, a prefix usually tells both (and a chart's
  // YamlEditor is made on each keystroke). A prefix ends at a line break, and the first lines that show
  // a habit decide it, so a prefix that shows both decides as the whole text would.
  let found: ReturnType<typeof habitsOf> | undefined;
  for (const prefix of STYLE_PREFIXES) {
    const prefixEnd = text.length > prefix ? text.lastIndexOf('\n', prefix) : -1;
    if (prefixEnd > 0) found = habitsOf(text.slice(0, prefixEnd).split(/\r?\n/));
    if (found && found.indent !== 0 && found.indentSequences !== undefined) break;
  }
  if (!found || found.indent === 0 || found.indentSequences === undefined) found = habitsOf(text.split(/\r?\n/));
  const { indent, indentSequences } = found;
  return { indent: indent === 0 || indent > 8 ? 2 : indent, indentSequences: indentSequences ?? true, eol: detectEol(text) };
}

const STYLE_PREFIXES = [4 * 1024, 64 * 1024];

function isBlankOrComment(line: string | undefined): boolean {
  return line !== undefined && (line.trim() === '' || line.trimStart().startsWith('#'));
}

/** Indent width (0: not seen) and sequence style (undefined: not seen), from the first lines that show them. */
function habitsOf(lines: readonly string[]): { indent: number; indentSequences: boolean | undefined } {
  let indent = 0;
  let indentSequences: boolean | undefined;
  for (let i = 0; i + 1 < lines.length && (indent === 0 || indentSequences === undefined); i++) {
    const line = lines[i] ?? '';
    const m = /^( *)(?:- +)?[^\s#-][^:#]*:\s*(?:#.*)?$/.exec(line);
    if (!m) continue;
    const keyColumn = line.indexOf(line.trimStart().replace(/^- +/, ''));
    let k = i + 1;
    while (isBlankOrComment(lines[k])) k++;
    const next = lines[k];
    if (next === undefined) continue;
    const nextColumn = next.length - next.trimStart().length;
    if (next.trimStart().startsWith('- ') || next.trim() === '-') {
      if (indentSequences === undefined) indentSequences = nextColumn > keyColumn;
      if (indent === 0 && nextColumn > keyColumn) indent = nextColumn - keyColumn;
    } else if (indent === 0 && nextColumn > keyColumn) {
      indent = nextColumn - keyColumn;
    }
  }
  return { indent, indentSequences };
}

const PLAIN_SAFE = /^[A-Za-z0-9_/.][A-Za-z0-9_ ./-]*$/;

function renderScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const ambiguous = /^(?:true|false|yes|no|on|off|null|~|y|n|[-+]?[\d.]+(?:e[-+]?\d+)?)$/i.test(value);
  return PLAIN_SAFE.test(value) && !ambiguous && !value.endsWith(' ') ? value : JSON.stringify(value);
}

/**
 * Renders `value` as block YAML lines at `column`. Arrays of scalars are written
 * in flow style (`["sleep", "15"]`), as Kubernetes docs write commands.
 */
export function renderYaml(value: YamlValue, column: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(column);
  if (typeof value !== 'object') return [pad + renderScalar(value)];
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object')) return [pad + `[${value.map((v) => JSON.stringify(v)).join(', ')}]`];
    return value.flatMap((item: YamlValue) => {
      const [first = '', ...rest] = renderYaml(item, column + 2, style);
      return [pad + '- ' + first.slice(column + 2), ...rest];
    });
  }
  const lines: string[] = [];
  for (const [key, child] of Object.entries(value as Record<string, YamlValue>)) {
    if (typeof child !== 'object' || (Array.isArray(child) && child.every((v) => typeof v !== 'object'))) {
      lines.push(`${pad}${key}: ${renderYaml(child, 0, style)[0]}`);
    } else if (Array.isArray(child)) {
      lines.push(`${pad}${key}:`, ...renderYaml(child, column + (style.indentSequences ? style.indent : 0), style));
    } else {
      lines.push(`${pad}${key}:`, ...renderYaml(child, column + style.indent, style));
    }
  }
  return lines;
}

/** Fix-building helpers bound to one file's text. */
export class YamlEditor {
  readonly style: YamlStyle;
  private lineIndex: LineIndex | undefined;

  /** `lineTable`: gives the text's line table when the caller keeps one (the analyzer builds it from the file's documents). */
  constructor(
    readonly text: string,
    private readonly lineTable: () => LineIndex = () => new LineIndex(text),
  ) {
    this.style = detectStyle(text);
  }

  /** Built on first use: most analyses of a large file produce no new fix. */
  get lines(): LineIndex {
    return (this.lineIndex ??= this.lineTable());
  }

  /** Column of a block map's keys, or undefined for flow maps (which fixes leave alone). */
  keyColumn(view: YamlView, map: YAMLMap<unknown, unknown>): number | undefined {
    if (map.flow) return undefined;
    const first = map.items[0];
    const range = first && view.range(first.key);
    if (!range) return undefined;
    return this.lines.positionAt(range.start).character;
  }

  /** Offset of the start of the line after `offset`'s line (or the end of text). */
  private nextLineStart(offset: number): number {
    const line = this.lines.positionAt(offset).line;
    return line + 1 < this.lines.lineCount ? this.lines.lineStart(line + 1) : this.text.length;
  }

  private block(lines: readonly string[], at: number): string {
    const body = lines.join(this.style.eol) + this.style.eol;
    return at === this.text.length && this.text.length > 0 && !this.text.endsWith('\n') ? this.style.eol + body : body;
  }

  /**
   * Inserts `entries` as new keys at the end of a block map, on their own lines
   * after the last entry (and after a trailing comment on that entry's line).
   */
  insertIntoMap(view: YamlView, map: YAMLMap<unknown, unknown>, entries: { readonly [key: string]: YamlValue }): TextEdit | undefined {
    const column = this.keyColumn(view, map);
    const last = map.items[map.items.length - 1];
    if (column === undefined || !last) return undefined;
    const keys = Object.keys(entries);
    const nulls = map.items.filter((item) => isScalar(item.key) && keys.includes(String(item.key.value)) && view.isNull(item));
    const [firstNull, ...otherNulls] = nulls;
    if (firstNull) return keys.length === 1 && otherNulls.length === 0 ? this.replaceNullPair(view, firstNull, entries, column) : undefined;
    const end = this.endOfPair(view, last);
    if (end === undefined) return undefined;
    const at = this.nextLineStart(end - 1);
    return { range: { start: at, end: at }, newText: this.block(renderYaml(entries, column, this.style), at) };
  }

  /**
   * A key written with a null value (`readinessProbe:`) is absent to Kubernetes, and one holding `{}`
   * is empty: the new entry takes its place instead of duplicating the key.
   */
  private replaceNullPair(view: YamlView, pair: Pair<unknown, unknown>, entries: { readonly [key: string]: YamlValue }, column: number): TextEdit | undefined {
    const key = view.range(pair.key);
    const end = this.endOfPair(view, pair);
    if (!key || end === undefined) return undefined;
    const [first = '', ...rest] = renderYaml(entries, column, this.style);
    const lines = [first.trimStart(), ...rest];
    const after = this.nextLineStart(end - 1);
    return { range: { start: key.start, end: after }, newText: this.block(lines, after) };
  }

  /**
   * Inserts entries under `key` of a map, creating the key when it is missing:
   * `lifecycle:` gets `preStop:` added under it, or a whole `lifecycle:` block.
   */
  insertUnder(view: YamlView, map: YAMLMap<unknown, unknown>, key: string, entries: { readonly [key: string]: YamlValue }): TextEdit | undefined {
    const pair = view.pair(map, key);
    if (!pair) return this.insertIntoMap(view, map, { [key]: entries });
    const child = view.asMap(pair.value);
    if (!child) return undefined;
    if (child.items.length > 0) return this.insertIntoMap(view, child, entries);
    // `lifecycle: {}` (how rendered charts print an empty map) holds nothing to keep: the key is written anew as a block.
    const column = this.keyColumn(view, map);
    return child.flow && column !== undefined ? this.replaceNullPair(view, pair, { [key]: entries }, column) : undefined;
  }

  /** Offset just past a pair's value (or its key when the value is empty). */
  endOfPair(view: YamlView, pair: Pair<unknown, unknown>): number | undefined {
    const value = pair.value as { range?: [number, number, number] } | null;
    const range = value?.range ? view.range(value) : undefined;
    if (range) {
      // For collections, the value end is the end of their last item; a block scalar may carry its newline.
      let end = range.end;
      if (this.text[end - 1] === '\n') end--;
      if (this.text[end - 1] === '\r') end--;
      return end;
    }
    return view.range(pair.key)?.end;
  }

  /** Replaces a scalar value, keeping any quoting style the user chose. */
  replaceScalar(view: YamlView, node: unknown, value: string | number): TextEdit | undefined {
    if (!isScalar(node)) return undefined;
    const range = view.range(node);
    if (!range) return undefined;
    const original = this.text.slice(range.start, range.end);
    const quote = original.startsWith('"') ? '"' : original.startsWith("'") ? "'" : '';
    const newText = quote ? `${quote}${value}${quote}` : renderScalar(value);
    return { range, newText };
  }

  /**
   * Removes a pair of a block map: its lines from the key's line start through
   * the end of its value's last line. Undefined when it shares a line with
   * another entry (flow style or `- key: v` as the first item), where a line
   * deletion would take user content with it.
   */
  removePair(view: YamlView, map: YAMLMap<unknown, unknown>, pair: Pair<unknown, unknown>): TextEdit | undefined {
    if (map.flow) return undefined;
    const keyRange = view.range(pair.key);
    const end = this.endOfPair(view, pair);
    if (!keyRange || end === undefined) return undefined;
    const keyPos = this.lines.positionAt(keyRange.start);
    const before = this.text.slice(this.lines.lineStart(keyPos.line), keyRange.start);
    if (before.trim() !== '') return undefined;
    const start = this.lines.lineStart(keyPos.line);
    return { range: { start, end: this.nextLineStart(end - 1) }, newText: '' };
  }

  /** The text of a pair re-indented to `column`, for moving it to another level. */
  pairText(view: YamlView, pair: Pair<unknown, unknown>, column: number): string | undefined {
    const keyRange = view.range(pair.key);
    const end = this.endOfPair(view, pair);
    if (!keyRange || end === undefined) return undefined;
    const from = this.lines.positionAt(keyRange.start);
    const original = this.text.slice(keyRange.start, this.nextLineStart(end - 1)).replace(/\r?\n$/, '');
    const shift = column - from.character;
    const lines = original.split(/\r?\n/).map((line, i) => {
      if (i === 0) return ' '.repeat(column) + line;
      if (line.trim() === '') return line;
      return shift >= 0 ? ' '.repeat(shift) + line : line.slice(Math.min(-shift, line.length - line.trimStart().length));
    });
    return lines.join(this.style.eol) + this.style.eol;
  }

  /** Appends a new YAML document at the end of the file. */
  appendDocument(value: YamlValue): TextEdit {
    const at = this.text.length;
    const lead = this.text.length === 0 || this.text.endsWith('\n') ? '' : this.style.eol;
    const body = ['---', ...renderYaml(value, 0, this.style)].join(this.style.eol) + this.style.eol;
    return { range: { start: at, end: at }, newText: lead + body };
  }
}
