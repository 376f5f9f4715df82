import { type Document, isAlias, isMap, isScalar, isSeq, parseDocument, type Node, type ParsedNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { maskTemplates } from './helm-mask';
import { LineIndex, lineStartsIn } from './line-index';
import type { OffsetRange } from '../types';

/**
 * The parse of one document's text, shared by every copy of the document at any
 * offset. Parsed on first use: documents of kinds no rule reads are never parsed
 * unless their syntax errors are asked for.
 */
export class ParsedChunk {
  /** The document holds `{{ }}` template directives, masked before parsing. */
  readonly templated: boolean;
  /**
   * The document's `kind`, read from its one top-level `kind:` line without parsing (undefined when
   * not that simple). A templated document has one too when that line is literal: the CRDs of Helm
   * charts quote Go templates in their descriptions, and `kind: {{ ... }}` is not a literal line.
   */
  readonly rootKind: string | undefined;
  private parsed: Document.Parsed | undefined;
  private starts: number[] | undefined;

  constructor(readonly text: string) {
    this.templated = text.includes('{{');
    this.rootKind = rootKindOf(text);
  }

  /** Where the chunk's lines after the first start, relative to it: a file's line table is put together from these. */
  get lineStarts(): readonly number[] {
    return (this.starts ??= lineStartsIn(this.text, 0, this.text.length));
  }

  get doc(): Document.Parsed {
    return (this.parsed ??= parseDocument(this.templated ? maskTemplates(this.text) : this.text, {
      keepSourceTokens: false,
      uniqueKeys: false,
      strict: false,
      prettyErrors: false,
      merge: true,
    }));
  }

  /** Lets the parse go (the next `doc` parses again), for a reader that took from it all it needs. */
  dropParse(): void {
    this.parsed = undefined;
  }
}

/** One YAML document of a file, parsed on its own so that an edit re-parses only it. */
export class YamlDocument {
  constructor(
    /** The parse, also the document's identity for caches: equal text, same chunk. */
    readonly chunk: ParsedChunk,
    /** Offset of the document's first character in the file. */
    readonly start: number,
  ) {}

  /** The document's original text (the file's slice). */
  get text(): string {
    return this.chunk.text;
  }

  get doc(): Document.Parsed {
    return this.chunk.doc;
  }

  get templated(): boolean {
    return this.chunk.templated;
  }

  /** The `kind` a cheap scan finds, so readers can skip documents they do not read without parsing them. */
  get rootKind(): string | undefined {
    return this.chunk.rootKind;
  }

  /** Whether {@link errors} has any (without building them: asked of every document on each keystroke). */
  get hasErrors(): boolean {
    return !this.templated && this.doc.errors.length > 0;
  }

  /** Parse errors, with ranges in file offsets. Empty for a templated document (a Helm template is not YAML). */
  get errors(): readonly YamlProblem[] {
    if (this.templated) return [];
    return this.doc.errors.map((e) => ({
      message: e.message.split('\n', 1)[0] ?? '',
      range: { start: this.start + e.pos[0], end: this.start + Math.max(e.pos[1], e.pos[0]) },
    }));
  }
}

const ROOT_KIND_LINE = /^kind:[ \t]*([A-Za-z][\w.-]*)[ \t]*(?:#.*)?\r?$/gm;

/**
 * The kind of a block-style document with exactly one top-level `kind:` line (a duplicate key or flow style: undefined).
 * A copy, not a slice: V8's slices keep the whole text they were cut from, and the kinds of a file that nothing
 * reads outlive its text (the CLI keeps only them).
 */
function rootKindOf(text: string): string | undefined {
  const matches = [...text.matchAll(ROOT_KIND_LINE)];
  const [only, ...others] = matches;
  const kind = others.length === 0 ? only?.[1] : undefined;
  return kind === undefined ? undefined : (JSON.parse(JSON.stringify(kind)) as string);
}

/**
 * Whether a document can be skipped by a reader of `kinds`: its kind is known
 * without parsing and is neither read nor a `List` that could hold a read kind.
 */
export function skippable(document: YamlDocument, kinds: ReadonlySet<string> | undefined): boolean {
  const kind = document.rootKind;
  return kinds !== undefined && kind !== undefined && !kinds.has(kind) && !kind.endsWith('List');
}

export interface YamlProblem {
  readonly message: string;
  readonly range: OffsetRange;
}

export interface YamlFile {
  readonly text: string;
  readonly documents: readonly YamlDocument[];
}

/** A YAML file's line table, from its documents' own (see {@link LineIndex.ofParts}). */
export function yamlLineIndex(file: YamlFile): LineIndex {
  return LineIndex.ofParts(
    file.text,
    file.documents.map((d) => ({ start: d.start, length: d.chunk.text.length, lineStarts: d.chunk.lineStarts })),
  );
}

/**
 * Above this many alias dereferences per document, resolution stops (billion-laughs
 * inputs), and what depends on an alias beyond the cap is treated as unknown.
 */
export const MAX_ALIAS_RESOLUTIONS = 1000;

/** Whether a `---` or `...` marker starts the line at `at`: alone, or followed by a space, a tab or the line's end. */
function markerAt(text: string, at: number, marker: '---' | '...'): boolean {
  if (!text.startsWith(marker, at)) return false;
  const next = text.charCodeAt(at + 3);
  return Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0d || next === 0x0a;
}

/** Whether the line from `at` to `end` holds something other than blanks and a comment. */
function hasContent(text: string, at: number, end: number): boolean {
  let i = at;
  while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  const c = text.charCodeAt(i);
  return i < end && c !== 0x0d && c !== 0x0a && c !== 0x23;
}

/**
 * Splits a YAML stream at document markers, keeping each chunk's offset. Runs on every
 * keystroke in a large file: it looks at the first characters of each line and slices
 * only the chunks.
 */
export function splitDocuments(text: string): Array<{ start: number; text: string }> {
  // Directives (`%YAML`) apply to the following document; a file with them is kept whole.
  if (hasDirectiveLine(text)) return [{ start: 0, text }];
  const chunks: Array<{ start: number; text: string }> = [];
  let chunkStart = 0;
  let sawContent = false;
  for (let lineStart = 0; lineStart < text.length;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    if (markerAt(text, lineStart, '---')) {
      if (lineStart > chunkStart && sawContent) {
        chunks.push({ start: chunkStart, text: text.slice(chunkStart, lineStart) });
        chunkStart = lineStart;
      }
      sawContent = true;
    } else if (markerAt(text, lineStart, '...')) {
      chunks.push({ start: chunkStart, text: text.slice(chunkStart, lineEnd) });
      chunkStart = lineEnd;
      sawContent = false;
    } else if (!sawContent && hasContent(text, lineStart, lineEnd)) {
      sawContent = true;
    }
    lineStart = lineEnd;
  }
  if (chunkStart < text.length || chunks.length === 0) chunks.push({ start: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}

/** A `%` after each line terminator that `/^%/m` knows (\n, \r, U+2028, U+2029). */
const DIRECTIVE_STARTS = ['\n%', '\r%', '\u2028%', '\u2029%'];

/** Whether a line starts with `%` (a directive), as `/^%/m` finds one, by string searches: faster over a whole chart on every keystroke. */
export function hasDirectiveLine(text: string): boolean {
  return text.startsWith('%') || DIRECTIVE_STARTS.some((start) => text.includes(start));
}

/** Parses one document chunk at `start`. */
export function parseYamlDocument(chunkText: string, start: number): YamlDocument {
  return new YamlDocument(new ParsedChunk(chunkText), start);
}

/**
 * Parses a whole file, reusing the previous parse of every document whose text
 * is unchanged, so that an edit costs one document's parse.
 */
export function parseYamlFile(text: string, previous?: YamlFile): YamlFile {
  const chunks = splitDocuments(text);
  const old = previous?.documents ?? [];
  // An edit leaves the documents before and after it as they were: those are matched in place, and
  // only the others by their text (hashing every document's text of a large file on each keystroke costs more).
  const same = (a: YamlDocument | undefined, b: { start: number; text: string } | undefined, samePlace: boolean) =>
    a !== undefined && b !== undefined && a.text === b.text && (!samePlace || a.start === b.start);
  let head = 0;
  while (head < chunks.length && head < old.length && same(old[head], chunks[head], true)) head++;
  let tail = 0;
  while (tail < chunks.length - head && tail < old.length - head && same(old[old.length - 1 - tail], chunks[chunks.length - 1 - tail], false)) tail++;
  const reusable = new Map<string, YamlDocument[]>();
  for (const d of old.slice(head, old.length - tail)) {
    const list = reusable.get(d.text);
    if (list) list.push(d);
    else reusable.set(d.text, [d]);
  }
  const documents = chunks.map(({ start, text: chunk }, i) => {
    // A lookup hashes the chunk's text (up to 16K characters): not worth it in a map with nothing to find (a first parse).
    const reused =
      i < head ? old[i] : i >= chunks.length - tail ? old[old.length - (chunks.length - i)] : reusable.size > 0 ? reusable.get(chunk)?.shift() : undefined;
    if (!reused) return parseYamlDocument(chunk, start);
    return reused.start === start ? reused : new YamlDocument(reused.chunk, start);
  });
  return { text, documents };
}

/** `<<` merge keys parse to a symbol when merging is enabled, to a string otherwise. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.source === '<<' || key.value === '<<' || typeof key.value === 'symbol');
}

/** A key of a map: its pair, absent for sure, or `unknown` when a template line may emit it. */
export type FieldLookup = Pair<unknown, unknown> | 'absent' | 'unknown';

const DIRECTIVE_ONLY_LINE = /^\s*(?:\{\{.*?\}\}\s*)+$/;
const DIRECTIVE = /\{\{-?\s*(.*?)\s*-?\}\}/g;
// Directives that only steer the template; everything else (include, toYaml, tpl, .Values...) writes text.
const CONTROL_DIRECTIVE = /^(?:if|else|end|with|range|define|break|continue)\b|^\/\*|^\$\w*\s*:?=/;

// ---- Reading nodes ------------------------------------------------------------------

/**
 * A view of a node inside a document: node ranges from `yaml` are relative to the
 * document chunk, so every range leaves through `range()` which adds the offset.
 */
export class YamlView {
  private aliasBudget = MAX_ALIAS_RESOLUTIONS;

  constructor(readonly document: YamlDocument) {}

  get root(): Node | null {
    return this.document.doc.contents as Node | null;
  }

  /** Follows aliases, giving up (undefined) past the per-document budget. */
  deref(node: unknown): Node | undefined {
    let current = node;
    for (let hops = 0; isAlias(current); hops++) {
      if (hops > 32 || --this.aliasBudget < 0) return undefined;
      current = current.resolve(this.document.doc);
    }
    return (current ?? undefined) as Node | undefined;
  }

  asMap(node: unknown): YAMLMap<unknown, unknown> | undefined {
    const n = this.deref(node);
    return isMap(n) ? n : undefined;
  }

  asSeq(node: unknown): YAMLSeq<unknown> | undefined {
    const n = this.deref(node);
    return isSeq(n) ? n : undefined;
  }

  /**
   * The pair for `key` in a map as written, looking through `<<` merge keys; the last duplicate wins as in
   * Kubernetes. A pair whose value is null is returned too (edits need it): read values with `get`/`field`.
   */
  pair(map: YAMLMap<unknown, unknown> | undefined, key: string): Pair<unknown, unknown> | undefined {
    if (!map) return undefined;
    let found: Pair<unknown, unknown> | undefined;
    for (const item of map.items) {
      if (isScalar(item.key) && item.key.value === key) found = item;
    }
    if (found) return found;
    for (const item of map.items) {
      if (!isMergeKey(item.key)) continue;
      const sources = isSeq(this.deref(item.value)) ? (this.deref(item.value) as YAMLSeq<unknown>).items : [item.value];
      for (const source of sources) {
        const merged = this.pair(this.asMap(source), key);
        if (merged) return merged;
      }
    }
    return undefined;
  }

  /** The value of `key`; undefined when absent or null (Kubernetes reads `key:`, `key: null`, `~` as absent). */
  get(map: YAMLMap<unknown, unknown> | undefined, key: string): Node | undefined {
    const p = this.pair(map, key);
    return p && !this.isNull(p) ? this.deref(p.value) : undefined;
  }

  /**
   * Whether a pair's value is a YAML null that Kubernetes reads as an absent key. A key left
   * empty by a masked template line is not null but unknown (`leftToTemplate`).
   */
  isNull(pair: Pair<unknown, unknown>): boolean {
    const value = this.deref(pair.value);
    return isScalar(value) && value.value === null && !this.leftToTemplate(pair);
  }

  getMap(map: YAMLMap<unknown, unknown> | undefined, key: string): YAMLMap<unknown, unknown> | undefined {
    return this.asMap(this.get(map, key));
  }

  getSeq(map: YAMLMap<unknown, unknown> | undefined, key: string): YAMLSeq<unknown> | undefined {
    return this.asSeq(this.get(map, key));
  }

  /** A literal string value; undefined for other types and for templated text. */
  string(node: unknown): string | undefined {
    const n = this.deref(node);
    if (!isScalar(n) || typeof n.value !== 'string' || this.isTemplated(n)) return undefined;
    return n.value;
  }

  getString(map: YAMLMap<unknown, unknown> | undefined, key: string): string | undefined {
    return this.string(this.get(map, key));
  }

  /** A literal integer; strings that Kubernetes would reject stay undefined. */
  number(node: unknown): number | undefined {
    const n = this.deref(node);
    if (!isScalar(n) || this.isTemplated(n)) return undefined;
    return typeof n.value === 'number' && Number.isFinite(n.value) ? n.value : undefined;
  }

  getNumber(map: YAMLMap<unknown, unknown> | undefined, key: string): number | undefined {
    return this.number(this.get(map, key));
  }

  /** An int-or-string value (`maxUnavailable: 1` or `"25%"`). */
  intOrString(node: unknown): number | string | undefined {
    return this.number(node) ?? this.string(node);
  }

  /** A sequence of literal strings; undefined when any item is not one. */
  strings(node: unknown): string[] | undefined {
    const seq = this.asSeq(node);
    if (!seq) return undefined;
    const out: string[] = [];
    for (const item of seq.items) {
      const s = this.string(item) ?? (this.number(item) !== undefined ? String(this.number(item)) : undefined);
      if (s === undefined) return undefined;
      out.push(s);
    }
    return out;
  }

  /** A map of literal string values (labels, selectors); undefined when any value is unknown. */
  stringMap(node: unknown): Record<string, string> | undefined {
    const map = this.asMap(node);
    if (!map || this.mayHaveTemplatedKeys(map)) return undefined;
    const out: Record<string, string> = {};
    for (const item of map.items) {
      const key = this.deref(item.key);
      if (!isScalar(key) || this.isTemplated(key)) return undefined;
      const raw = this.deref(item.value);
      if (!isScalar(raw) || this.isTemplated(raw)) return undefined;
      out[String(key.value)] = raw.value === null ? '' : String(raw.value);
    }
    return out;
  }

  /** File-offset range of a node: [start, end of value). */
  range(node: unknown): { start: number; end: number } | undefined {
    const n = node as ParsedNode | undefined;
    if (!n || !n.range) return undefined;
    return { start: this.document.start + n.range[0], end: this.document.start + n.range[1] };
  }

  /** Range covering a pair's key (the usual anchor of a finding). */
  keyRange(pair: Pair<unknown, unknown> | undefined): { start: number; end: number } | undefined {
    return pair ? this.range(pair.key) : undefined;
  }

  /** Range from a pair's key to the end of its value. */
  pairRange(pair: Pair<unknown, unknown>): { start: number; end: number } | undefined {
    const key = this.range(pair.key);
    const value = this.range(pair.value);
    if (!key) return value;
    return { start: key.start, end: value ? Math.max(value.end, key.end) : key.end };
  }

  /**
   * Looks up `key` in a map, telling a key that is truly missing from one that a
   * template line such as `{{- toYaml .Values.extra | nindent 2 }}` may emit.
   */
  field(map: YAMLMap<unknown, unknown> | undefined, key: string): FieldLookup {
    const pair = this.pair(map, key);
    if (pair && this.leftToTemplate(pair)) return 'unknown';
    if (pair && !this.isNull(pair)) return pair;
    return map && this.mayHaveTemplatedKeys(map) ? 'unknown' : 'absent';
  }

  /**
   * A key written with no value in a templated document, as in a Helm chart's `lifecycle:`
   * followed by `{{- toYaml .Values.lifecycle | nindent 12 }}`: the mask blanks the directive
   * line, so the parse sees null where the rendered manifest has a value. A null written out
   * (`~`, `null`) is a real null, not a blanked directive.
   */
  leftToTemplate(pair: Pair<unknown, unknown>): boolean {
    if (!this.document.templated) return false;
    const value = this.deref(pair.value);
    return value === undefined || (isScalar(value) && value.value === null && !value.source);
  }

  /**
   * Whether a directive-only line inside a block map's block writes output at the
   * map's key column: the mask blanks such lines, so the parse cannot see the keys
   * they add. Control flow (`if`, `range`, `end`, ...) writes nothing.
   */
  mayHaveTemplatedKeys(map: YAMLMap<unknown, unknown>): boolean {
    const { text, templated, start } = this.document;
    const first = map.items[0];
    const firstRange = first && this.range(first.key);
    if (!templated) return false;
    if (map.flow) return false;
    if (!firstRange) return this.isTemplated(map);
    if (map.items.some((item) => this.isTemplated(item.key))) return true;
    const firstOffset = firstRange.start - start;
    const column = firstOffset - (text.lastIndexOf('\n', firstOffset - 1) + 1);
    const emits = (line: string): boolean => {
      const indent = line.length - line.trimStart().length;
      for (const [, body = ''] of line.matchAll(DIRECTIVE)) {
        if (CONTROL_DIRECTIVE.test(body)) continue;
        const indentArg = /\bn?indent\s+(\d+)/.exec(body);
        if ((indentArg ? Number(indentArg[1]) : indent) === column) return true;
      }
      return false;
    };
    // Directive lines just above the first key belong to the map too.
    const before = text
      .slice(0, firstOffset - column)
      .split('\n')
      .slice(0, -1)
      .reverse();
    for (const line of before) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      if (!DIRECTIVE_ONLY_LINE.test(line)) break;
      if (emits(line)) return true;
    }
    const after = text.indexOf('\n', firstOffset);
    if (after === -1) return false;
    for (const line of text.slice(after + 1).split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      if (!DIRECTIVE_ONLY_LINE.test(line)) {
        if (line.length - line.trimStart().length < column) return false;
        continue;
      }
      if (emits(line)) return true;
    }
    return false;
  }

  /** Whether the original text under the node held a template directive, making its value unknown. */
  isTemplated(node: unknown): boolean {
    if (!this.document.templated) return false;
    const n = node as ParsedNode | undefined;
    if (!n?.range) return true;
    return this.document.text.slice(n.range[0], n.range[2]).includes('{{');
  }
}
